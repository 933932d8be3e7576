package dev.preflight.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the packaged services as processes of their own, wired to one Kafka, one PostgreSQL
 * server, one OIDC issuer and each other, exactly as an operator would through environment
 * variables.
 */
public final class ServiceLauncher {

  /** JVM options of each service; override with {@code PREFLIGHT_JAVA_OPTS}. */
  public static final String DEFAULT_JAVA_OPTS = "-Xms64m -Xmx384m -XX:+UseSerialGC";

  /**
   * The console's: a young generation of its own size. It renders pages of 30 KB and more from the
   * services' JSON, about 0.5 MB of short-lived objects each; in the heap the defaults start with,
   * its eden held 17 MB and it collected 15 times a second under load, 10 % of its CPU
   * (bench/console.sh). With 128 MB, under 2 %.
   */
  public static final String CONSOLE_JAVA_OPTS = "-Xms192m -Xmx384m -Xmn128m -XX:+UseSerialGC";

  /**
   * How the services of one stack reach the infrastructure and each other.
   *
   * @param databasePrefix the services' databases are this followed by the service, e.g. {@code
   *     preflight_checklist}
   * @param defaultWebhookUrl where team alerts go, {@code {team}} replaced by the team
   * @param stateDir where the monitor keeps its local Kafka Streams state
   */
  public record Wiring(
      Path repositoryRoot,
      String kafkaBootstrapServers,
      PostgresServer postgres,
      String databasePrefix,
      String oidcIssuer,
      Map<PreflightService, Integer> ports,
      String defaultWebhookUrl,
      Path stateDir) {

    public URI url(PreflightService service) {
      return PreflightService.url(ports.get(service));
    }
  }

  private ServiceLauncher() {}

  /** The default ports: 8080 (console), 8081–8084. */
  public static Map<PreflightService, Integer> defaultPorts() {
    Map<PreflightService, Integer> ports = new EnumMap<>(PreflightService.class);
    for (PreflightService service : PreflightService.values()) {
      ports.put(service, service.defaultPort());
    }
    return ports;
  }

  /** Free ports, for tests that must not collide with a running stack. */
  public static Map<PreflightService, Integer> freePorts() {
    Map<PreflightService, Integer> ports = new EnumMap<>(PreflightService.class);
    for (PreflightService service : PreflightService.values()) {
      ports.put(service, Ports.free());
    }
    return ports;
  }

  /** Creates the services' databases (if missing) and starts every service; does not wait. */
  public static Map<PreflightService, ManagedProcess> startAll(Wiring wiring, Path logDir)
      throws IOException {
    Map<PreflightService, ManagedProcess> started = new EnumMap<>(PreflightService.class);
    for (PreflightService service : PreflightService.values()) {
      started.put(service, start(service, wiring, logDir.resolve(service.module() + ".log")));
    }
    return started;
  }

  public static ManagedProcess start(PreflightService service, Wiring wiring, Path logFile)
      throws IOException {
    return start(service, wiring, logFile, false);
  }

  /** Starts one service; a detached one outlives the launcher (see {@link ManagedProcess}). */
  public static ManagedProcess start(
      PreflightService service, Wiring wiring, Path logFile, boolean detached) throws IOException {
    if (service.hasDatabase()) {
      try {
        wiring.postgres().createDatabase(service.database(wiring.databasePrefix()));
      } catch (java.sql.SQLException e) {
        throw new IOException(
            "cannot create database "
                + service.database(wiring.databasePrefix())
                + " on "
                + wiring.postgres(),
            e);
      }
    }
    Path jar = service.jar(wiring.repositoryRoot());
    if (!jar.toFile().isFile()) {
      throw new IOException(jar + " is missing: build first (./mvnw -B package -DskipTests)");
    }
    List<String> command = new ArrayList<>();
    command.add(ManagedProcess.javaExecutable());
    String javaOpts =
        System.getenv()
            .getOrDefault(
                "PREFLIGHT_JAVA_OPTS",
                service == PreflightService.CONSOLE ? CONSOLE_JAVA_OPTS : DEFAULT_JAVA_OPTS);
    command.addAll(Arrays.stream(javaOpts.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList());
    command.add("-jar");
    command.add(jar.toString());
    return ManagedProcess.start(
        service.module(),
        command,
        environment(service, wiring),
        wiring.repositoryRoot(),
        logFile,
        detached);
  }

  /** Waits until every service answers its readiness check. */
  public static void awaitReady(
      Map<PreflightService, ManagedProcess> services, Wiring wiring, Duration timeout)
      throws IOException {
    for (Map.Entry<PreflightService, ManagedProcess> entry : services.entrySet()) {
      entry.getValue().awaitHttpOk(readiness(wiring.url(entry.getKey())), timeout);
    }
  }

  public static URI readiness(URI serviceUrl) {
    return serviceUrl.resolve("/q/health/ready");
  }

  private static final String SERVICE_ENV = "preflight.service-env.";

  /** The environment a service is configured through. */
  public static Map<String, String> environment(PreflightService service, Wiring wiring) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", wiring.kafkaBootstrapServers());
    env.put("OIDC_AUTH_SERVER_URL", wiring.oidcIssuer());
    env.put(service.envPrefix() + "_PORT", String.valueOf(wiring.ports().get(service)));
    env.put("CHECKLIST_PUBLIC_URL", wiring.url(PreflightService.CHECKLIST).toString());
    if (service.hasDatabase()) {
      env.put(
          service.envPrefix() + "_DB_URL",
          wiring.postgres().jdbcUrl(service.database(wiring.databasePrefix())));
      env.put(service.envPrefix() + "_DB_USER", wiring.postgres().user().orElse("postgres"));
      env.put(service.envPrefix() + "_DB_PASSWORD", wiring.postgres().password().orElse(""));
    }
    switch (service) {
      case PROBE -> {
        env.put("NOTIFIER_URL", wiring.url(PreflightService.NOTIFIER).toString());
        env.put("MONITOR_URL", wiring.url(PreflightService.MONITOR).toString());
        env.put("CHECKLIST_URL", wiring.url(PreflightService.CHECKLIST).toString());
        // One machine: model endpoints are on loopback, and may receive the probe's token.
        env.put("PROBE_ALLOW_PRIVATE_NETWORKS", "true");
        env.put("PROBE_CREDENTIAL_HOSTS", "127.0.0.1,localhost");
      }
      case MONITOR -> {
        env.put("MONITOR_STATE_DIR", wiring.stateDir().resolve("monitor").toString());
        // One machine: reference datasets are served from loopback.
        env.put("MONITOR_ALLOW_PRIVATE_NETWORKS", "true");
      }
      case NOTIFIER -> {
        env.put("NOTIFIER_PUBLIC_URL", wiring.url(PreflightService.NOTIFIER).toString());
        env.put("NOTIFIER_DEFAULT_WEBHOOK_URL", wiring.defaultWebhookUrl());
        // Alerts link people to the console's page of the alert.
        env.put("PREFLIGHT_CONSOLE_URL", wiring.url(PreflightService.CONSOLE).toString());
        // The local stack has no SMTP server: owners are reached through the team webhook.
        env.put("NOTIFIER_OWNER_EMAIL", "false");
      }
      case CONSOLE -> {
        env.put("CHECKLIST_URL", wiring.url(PreflightService.CHECKLIST).toString());
        env.put("PROBE_URL", wiring.url(PreflightService.PROBE).toString());
        env.put("MONITOR_URL", wiring.url(PreflightService.MONITOR).toString());
        env.put("NOTIFIER_URL", wiring.url(PreflightService.NOTIFIER).toString());
      }
      default -> {}
    }
    // Test harnesses tune services with system properties preflight.service-env.NAME=value.
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith(SERVICE_ENV)) {
                env.put(name.substring(SERVICE_ENV.length()), System.getProperty(name));
              }
            });
    return env;
  }
}
