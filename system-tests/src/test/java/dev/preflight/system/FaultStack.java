package dev.preflight.system;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The whole system for the fault suite, every part of it something the suite may take down: the
 * KRaft broker and an embedded PostgreSQL as processes of their own (stopped and started on their
 * data), the four packaged services (killed with {@code kill -9} and started again), the webhook
 * receiver (closed for minutes, then opened on the same port). Keycloak is real and stays up.
 */
final class FaultStack implements AutoCloseable {

  private static final Duration READY = Duration.ofMinutes(3);

  private final Path root;
  private final Path dir;
  private final Path logs;
  private final int kafkaPort = Ports.free();
  private final int controllerPort = Ports.free();
  private final int postgresPort = Ports.free();
  private final int inboxPort;
  private ManagedProcess kafka;
  private ManagedProcess postgresProcess;
  final PostgresServer postgres;
  final KeycloakServer keycloak;
  final Tokens tokens;
  final ServiceLauncher.Wiring wiring;

  /** Every incarnation of the receiver: what it received while it was up. */
  final List<WebhookInbox> inboxes = new CopyOnWriteArrayList<>();

  private volatile WebhookInbox inbox;
  private final Map<PreflightService, ManagedProcess> services =
      new EnumMap<>(PreflightService.class);

  FaultStack(Path root, Path dir) throws IOException {
    this.root = root;
    this.dir = dir;
    this.logs = dir.resolve("logs");
    Files.createDirectories(logs);
    kafka = startKafka();
    postgresProcess = startPostgres();
    postgres = PostgresServer.embeddedProcess(postgresPort);
    keycloak =
        KeycloakServer.start(
            Path.of(
                System.getProperty(
                    "preflight.keycloak.dist",
                    root.resolve("devstack/target/keycloak-dist.zip").toString())),
            dir.resolve("keycloak"),
            Ports.free(),
            logs.resolve("keycloak.log"),
            Duration.ofMinutes(4),
            false);
    tokens = new Tokens(keycloak.issuer());
    inbox = WebhookInbox.start(0);
    inboxPort = inbox.port();
    inboxes.add(inbox);
    wiring =
        new ServiceLauncher.Wiring(
            root,
            bootstrapServers(),
            postgres,
            "preflight_faults_" + UUID.randomUUID().toString().substring(0, 8) + "_",
            keycloak.issuer(),
            ServiceLauncher.freePorts(),
            inbox.url("/hooks/{team}"),
            Files.createTempDirectory(dir, "state-"));
    services.putAll(ServiceLauncher.startAll(wiring, logs));
    ServiceLauncher.awaitReady(services, wiring, READY);
  }

  String bootstrapServers() {
    return "127.0.0.1:" + kafkaPort;
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

  /** {@code kill -9} of a service, then started again; the time until it answers ready. */
  Duration crash(PreflightService service) throws IOException {
    long start = System.nanoTime();
    ManagedProcess running = services.get(service);
    running.handle().destroyForcibly();
    running.handle().onExit().join();
    ManagedProcess restarted =
        ServiceLauncher.start(service, wiring, logs.resolve(service.module() + ".log"));
    services.put(service, restarted);
    restarted.awaitHttpOk(ServiceLauncher.readiness(url(service)), READY);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The broker stopped and started on its data; the time until every service is ready again. */
  Duration restartBroker(Duration down) throws IOException, InterruptedException {
    long start = System.nanoTime();
    kafka.close();
    Thread.sleep(down.toMillis());
    kafka = startKafka();
    awaitServicesReady();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** PostgreSQL stopped and started on its data; the time until every service is ready again. */
  Duration restartPostgres(Duration down) throws IOException, InterruptedException {
    long start = System.nanoTime();
    postgresProcess.close();
    Thread.sleep(down.toMillis());
    postgresProcess = startPostgres();
    awaitServicesReady();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The webhook receiver closed for a while, then open on the same port. */
  void receiverDown(Duration down) throws IOException, InterruptedException {
    inbox.close();
    Thread.sleep(down.toMillis());
    inbox = WebhookInbox.start(inboxPort);
    inboxes.add(inbox);
  }

  /** Every delivery any incarnation of the receiver received on a path. */
  List<WebhookInbox.Delivery> deliveries(String path) {
    List<WebhookInbox.Delivery> all = new ArrayList<>();
    inboxes.forEach(i -> all.addAll(i.deliveries(path)));
    return all;
  }

  String jdbcUrl(PreflightService service) {
    return postgres.jdbcUrl(service.database(wiring.databasePrefix()));
  }

  private void awaitServicesReady() throws IOException {
    for (PreflightService service : PreflightService.values()) {
      services.get(service).awaitHttpOk(ServiceLauncher.readiness(url(service)), READY);
    }
  }

  private ManagedProcess startKafka() throws IOException {
    ManagedProcess started =
        java(
            "kafka",
            "-Xmx512m",
            KafkaBroker.class,
            "--port",
            String.valueOf(kafkaPort),
            "--controller-port",
            String.valueOf(controllerPort),
            "--data-dir",
            dir.resolve("kafka").toString(),
            "--partitions",
            "2");
    started.awaitLogLine("Kafka broker ready", READY);
    return started;
  }

  private ManagedProcess startPostgres() throws IOException {
    ManagedProcess started =
        java(
            "postgres",
            // The first start on a machine extracts the PostgreSQL binaries (an XZ archive): 64 MB
            // of heap ran out there (a clean CI machine), though it sufficed where they were
            // cached.
            "-Xmx256m",
            PostgresServer.class,
            "--port",
            String.valueOf(postgresPort),
            "--data-dir",
            dir.resolve("postgres").toString());
    started.awaitLogLine("Embedded PostgreSQL ready", READY);
    return started;
  }

  private ManagedProcess java(String name, String heap, Class<?> main, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ManagedProcess.javaExecutable());
    command.add(heap);
    command.add("-cp");
    // failsafe runs the tests from a manifest-only jar; the real class path is in this property
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(main.getName());
    command.addAll(List.of(args));
    return ManagedProcess.start(name, command, Map.of(), root, logs.resolve(name + ".log"));
  }

  @Override
  public void close() {
    services.values().forEach(ManagedProcess::close);
    keycloak.close();
    inbox.close();
    kafka.close();
    postgresProcess.close();
  }
}
