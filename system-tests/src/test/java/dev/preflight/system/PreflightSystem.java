package dev.preflight.system;

import dev.preflight.contracts.Topics;
import dev.preflight.devstack.KafkaBroker;
import dev.preflight.devstack.KeycloakServer;
import dev.preflight.devstack.ManagedProcess;
import dev.preflight.devstack.Ports;
import dev.preflight.devstack.PostgresServer;
import dev.preflight.devstack.PreflightService;
import dev.preflight.devstack.ServiceLauncher;
import dev.preflight.devstack.Tokens;
import dev.preflight.devstack.WebhookInbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The whole system for the system tests, started once per test run: a real KRaft broker, a real
 * PostgreSQL (configured, local or embedded) with databases of this run only, a real Keycloak with
 * Preflight's realm, a webhook receiver, and the four packaged services and the console as
 * processes of their own.
 */
final class PreflightSystem implements AutoCloseable {

  private static PreflightSystem instance;

  final KafkaBroker broker;
  final PostgresServer postgres;
  final KeycloakServer keycloak;
  final WebhookInbox inbox;
  final Tokens tokens;
  final ServiceLauncher.Wiring wiring;
  private final Map<PreflightService, ManagedProcess> services;

  private PreflightSystem(
      KafkaBroker broker,
      PostgresServer postgres,
      KeycloakServer keycloak,
      WebhookInbox inbox,
      ServiceLauncher.Wiring wiring,
      Map<PreflightService, ManagedProcess> services) {
    this.broker = broker;
    this.postgres = postgres;
    this.keycloak = keycloak;
    this.inbox = inbox;
    this.wiring = wiring;
    this.services = services;
    this.tokens = new Tokens(keycloak.issuer());
  }

  /** The running system; the first call starts it. */
  static synchronized PreflightSystem get() {
    if (instance == null) {
      try {
        instance = start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the system under test", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "system-stop"));
    }
    return instance;
  }

  private static PreflightSystem start() throws IOException {
    Path root =
        Path.of(System.getProperty("preflight.repository.root", "..")).toAbsolutePath().normalize();
    Path dir =
        Path.of(System.getProperty("preflight.system.dir", "target/system")).toAbsolutePath();
    Files.createDirectories(dir);
    Path distribution =
        Path.of(
            System.getProperty(
                "preflight.keycloak.dist",
                root.resolve("devstack/target/keycloak-dist.zip").toString()));

    KafkaBroker broker = KafkaBroker.startEphemeral();
    broker.createTopics(Topics.all(2));
    PostgresServer postgres =
        PostgresServer.resolve(
            env("PREFLIGHT_TEST_JDBC_URL"),
            env("PREFLIGHT_TEST_JDBC_USER"),
            env("PREFLIGHT_TEST_JDBC_PASSWORD"));
    KeycloakServer keycloak =
        KeycloakServer.start(
            distribution,
            dir.resolve("keycloak"),
            Ports.free(),
            dir.resolve("logs/keycloak.log"),
            Duration.ofMinutes(4),
            false);
    WebhookInbox inbox = WebhookInbox.start(0);

    String databasePrefix = "preflight_it_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    ServiceLauncher.Wiring wiring =
        new ServiceLauncher.Wiring(
            root,
            broker.bootstrapServers(),
            postgres,
            databasePrefix,
            keycloak.issuer(),
            ServiceLauncher.freePorts(),
            inbox.url("/hooks/{team}"),
            Files.createTempDirectory(dir, "state-"));
    Map<PreflightService, ManagedProcess> services =
        ServiceLauncher.startAll(wiring, dir.resolve("logs"));
    PreflightSystem system =
        new PreflightSystem(broker, postgres, keycloak, inbox, wiring, services);
    try {
      ServiceLauncher.awaitReady(services, wiring, Duration.ofMinutes(3));
    } catch (IOException e) {
      system.close();
      throw e;
    }
    return system;
  }

  /**
   * Starts another instance of a service on its own port, sharing the database and broker of the
   * running one; the caller closes it.
   */
  ManagedProcess startAnother(PreflightService service, String name) throws IOException {
    Map<PreflightService, Integer> ports = new java.util.EnumMap<>(wiring.ports());
    ports.put(service, Ports.free());
    ServiceLauncher.Wiring other =
        new ServiceLauncher.Wiring(
            wiring.repositoryRoot(),
            wiring.kafkaBootstrapServers(),
            wiring.postgres(),
            wiring.databasePrefix(),
            wiring.oidcIssuer(),
            ports,
            wiring.defaultWebhookUrl(),
            wiring.stateDir());
    Path logDir = services.get(service).logFile().getParent();
    ManagedProcess started =
        ServiceLauncher.start(
            service, other, logDir.resolve(service.module() + "-" + name + ".log"));
    started.awaitHttpOk(ServiceLauncher.readiness(other.url(service)), Duration.ofMinutes(2));
    return started;
  }

  /**
   * Stops a service — gracefully, or killed at once as a crash would — and starts it again, ready.
   */
  synchronized void restart(PreflightService service, boolean crash) throws IOException {
    ManagedProcess running = services.get(service);
    if (crash) {
      running.handle().destroyForcibly();
      running.handle().onExit().join();
    } else {
      running.close();
    }
    Path logDir = running.logFile().getParent();
    ManagedProcess restarted =
        ServiceLauncher.start(service, wiring, logDir.resolve(service.module() + ".log"));
    services.put(service, restarted);
    restarted.awaitHttpOk(ServiceLauncher.readiness(wiring.url(service)), Duration.ofMinutes(2));
  }

  /** Stops a service gracefully; {@link #start} brings it back. */
  synchronized void stop(PreflightService service) {
    services.get(service).close();
  }

  /** Starts a stopped service again, ready. */
  synchronized void start(PreflightService service) throws IOException {
    Path logDir = services.get(service).logFile().getParent();
    ManagedProcess started =
        ServiceLauncher.start(service, wiring, logDir.resolve(service.module() + ".log"));
    services.put(service, started);
    started.awaitHttpOk(ServiceLauncher.readiness(wiring.url(service)), Duration.ofMinutes(2));
  }

  /** The JDBC URL of a service's database in this run. */
  String jdbcUrl(PreflightService service) {
    return postgres.jdbcUrl(service.database(wiring.databasePrefix()));
  }

  URI url(PreflightService service) {
    return wiring.url(service);
  }

  String token(String role) {
    try {
      return tokens.forRole(role);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A pipeline token of team recsys: another team's. */
  String recsysPipelineToken() {
    try {
      return tokens.clientCredentials(Tokens.RECSYS_PIPELINE_CLIENT, Tokens.RECSYS_PIPELINE_SECRET);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    services.values().forEach(ManagedProcess::close);
    keycloak.close();
    inbox.close();
    broker.close();
    for (PreflightService service : PreflightService.values()) {
      if (service.hasDatabase()) {
        try {
          postgres.dropDatabase(service.database(wiring.databasePrefix()));
        } catch (SQLException e) {
          System.err.println(
              "cannot drop " + service.database(wiring.databasePrefix()) + ": " + e.getMessage());
        }
      }
    }
    try {
      postgres.close();
    } catch (IOException e) {
      System.err.println("cannot stop PostgreSQL: " + e.getMessage());
    }
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }
}
