package dev.preflight.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real Keycloak from its distribution on Maven Central ({@code
 * org.keycloak:keycloak-quarkus-dist}), run in development mode with Preflight's realm imported:
 * the roles, team groups, the pipeline and probe clients and the demo users.
 */
public final class KeycloakServer implements AutoCloseable {

  public static final String REALM = "preflight";
  public static final String REALM_RESOURCE = "/keycloak/preflight-realm.json";

  private final ManagedProcess process;
  private final String url;

  private KeycloakServer(ManagedProcess process, String url) {
    this.process = process;
    this.url = url;
  }

  /**
   * Starts Keycloak on 127.0.0.1:port from the installation in {@code home}, unpacking the
   * distribution there first if needed, and waits until the realm answers.
   */
  public static KeycloakServer start(
      Path distribution, Path home, int port, Path logFile, Duration timeout, boolean detached)
      throws IOException {
    Path installation = install(distribution, home);
    Path importDir = installation.resolve("data").resolve("import");
    Files.createDirectories(importDir);
    byte[] realm;
    try (InputStream in = KeycloakServer.class.getResourceAsStream(REALM_RESOURCE)) {
      realm = in.readAllBytes();
    }
    Path imported = importDir.resolve("preflight-realm.json");
    if (Files.exists(imported) && !java.util.Arrays.equals(Files.readAllBytes(imported), realm)) {
      // --import-realm skips a realm that exists: a changed realm file (a new client, say) is only
      // taken from a fresh database. The realm is the file's alone, so its old copy goes.
      Files2.deleteRecursively(installation.resolve("data").resolve("h2"));
    }
    Files.write(imported, realm);
    List<String> command =
        List.of(
            installation.resolve("bin").resolve("kc.sh").toString(),
            "start-dev",
            "--http-host=127.0.0.1",
            "--http-port=" + port,
            "--import-realm");
    Map<String, String> environment =
        Map.of(
            "JAVA_HOME", System.getProperty("java.home"),
            "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m",
            "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
            "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin",
            "KC_LOG_LEVEL", "WARN,org.keycloak.services:INFO,org.keycloak.exportimport:INFO");
    ManagedProcess process =
        ManagedProcess.start("keycloak", command, environment, installation, logFile, detached);
    String url = "http://127.0.0.1:" + port;
    KeycloakServer server = new KeycloakServer(process, url);
    try {
      process.awaitHttpOk(
          URI.create(server.issuer() + "/.well-known/openid-configuration"), timeout);
    } catch (IOException e) {
      process.close();
      throw e;
    }
    return server;
  }

  /**
   * The distribution zip: the one the build copied into devstack/target, else the local Maven
   * repository's.
   */
  public static Path distribution(Path repositoryRoot) {
    Optional<String> configured =
        Optional.ofNullable(System.getProperty("preflight.keycloak.dist"));
    if (configured.isPresent()) {
      return Path.of(configured.get());
    }
    Path built = repositoryRoot.resolve("devstack/target/keycloak-dist.zip");
    if (Files.exists(built)) {
      return built;
    }
    String version = versions().getProperty("keycloak.version");
    return Path.of(
        System.getProperty("user.home"),
        ".m2/repository/org/keycloak/keycloak-quarkus-dist",
        version,
        "keycloak-quarkus-dist-" + version + ".zip");
  }

  /** The versions the build wrote into devstack.properties. */
  public static Properties versions() {
    Properties properties = new Properties();
    try (InputStream in = KeycloakServer.class.getResourceAsStream("/devstack.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /** Unpacks the distribution into home unless it is there already; returns the installation. */
  static Path install(Path distribution, Path home) throws IOException {
    String version = versions().getProperty("keycloak.version");
    Path installation = home.resolve("keycloak-" + version);
    if (Files.exists(installation.resolve("bin").resolve("kc.sh"))) {
      return installation;
    }
    if (!Files.exists(distribution)) {
      throw new IOException(
          "Keycloak distribution not found at "
              + distribution
              + "; build first: ./mvnw -B -pl devstack -am package -DskipTests");
    }
    Files.createDirectories(home);
    try (ZipFile zip = new ZipFile(distribution.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path target = home.resolve(entry.getName()).normalize();
        if (!target.startsWith(home)) {
          throw new IOException("zip entry outside the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
          if (entry.getName().endsWith(".sh")) {
            Files.setPosixFilePermissions(
                target,
                Set.of(
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_EXECUTE));
          }
        }
      }
    }
    return installation;
  }

  /** Base URL, e.g. {@code http://127.0.0.1:8180}. */
  public String url() {
    return url;
  }

  /** The realm's issuer: what services set as {@code quarkus.oidc.auth-server-url}. */
  public String issuer() {
    return issuer(url);
  }

  public static String issuer(String keycloakUrl) {
    return keycloakUrl + "/realms/" + REALM;
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
