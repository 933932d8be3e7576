package dev.preflight.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code ./preflight}: the whole system on this machine without Docker. {@code up} starts Kafka,
 * PostgreSQL, Keycloak, a webhook inbox, the four services and the console, each a process of its
 * own with its log in {@code .preflight/logs}; {@code down} stops them; {@code status} shows them;
 * {@code token ROLE} prints a bearer token of a demo principal.
 */
public final class Preflight {

  static final int KAFKA_PORT = 9092;
  static final int KAFKA_CONTROLLER_PORT = 9093;
  static final int KEYCLOAK_PORT = 8180;
  static final int INBOX_PORT = 8089;
  static final int MODEL_TEST_PORT = 9000;
  static final int MODEL_PROD_PORT = 9001;
  static final int EMBEDDED_POSTGRES_PORT = 5433;

  private static final Duration INFRA_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration KEYCLOAK_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration SERVICE_TIMEOUT = Duration.ofMinutes(2);

  private final Path root;
  private final Path home;
  private final Path logs;
  private final Path pids;

  Preflight(Path root) {
    this.root = root;
    this.home = root.resolve(".preflight");
    this.logs = home.resolve("logs");
    this.pids = home.resolve("pids");
  }

  public static void main(String[] args) {
    Arguments arguments = Arguments.parse(args);
    String command = arguments.positional().isEmpty() ? "help" : arguments.positional().get(0);
    Preflight preflight = new Preflight(Path.of("").toAbsolutePath());
    try {
      int exit =
          switch (command) {
            case "up" -> preflight.up();
            case "down" -> preflight.down();
            case "reset" -> preflight.reset();
            case "status" -> preflight.status();
            case "token" -> preflight.token(arguments.positional());
            case "logs" -> preflight.logs(arguments.positional());
            default -> help();
          };
      System.exit(exit);
    } catch (IOException | RuntimeException e) {
      System.err.println("✗ " + e.getMessage());
      System.exit(1);
    }
  }

  private static int help() {
    System.out.println(
        """
        usage: ./preflight <command>

          up            start Kafka, PostgreSQL, Keycloak, the webhook inbox, the four services and the console
          down          stop everything ./preflight up started
          reset         stop, then delete the local data (Kafka, PostgreSQL databases, Keycloak, monitor state)
          status        show each component
          token ROLE    print a bearer token: pipeline, engineer, approver or admin
          logs [NAME]   list the logs, or print the end of one (e.g. ./preflight logs checklist-service)
          kafka TOOL    Kafka's console-producer, console-consumer, topics or consumer-groups against the local broker
        """);
    return 0;
  }

  // ---------------------------------------------------------------- up

  int up() throws IOException {
    Files.createDirectories(logs);
    Files.createDirectories(pids);
    List<String> running = components().stream().filter(this::isRunning).toList();
    if (running.size() == components().size()) {
      System.out.println("Preflight is already up.");
      printSummary(readPostgresSummary());
      return 0;
    }
    refuseTakenPorts();
    long start = System.nanoTime();
    int steps = 9;
    int step = 0;

    step(++step, steps, "Kafka (KRaft) on 127.0.0.1:" + KAFKA_PORT);
    if (!isRunning("kafka")) {
      ManagedProcess kafka =
          startJava(
              "kafka",
              "-Xms128m -Xmx512m",
              KafkaBroker.class,
              "--port",
              String.valueOf(KAFKA_PORT),
              "--controller-port",
              String.valueOf(KAFKA_CONTROLLER_PORT),
              "--data-dir",
              home.resolve("kafka").toString(),
              "--partitions",
              "4");
      timed(() -> kafka.awaitLogLine("Kafka broker ready", INFRA_TIMEOUT));
    } else {
      done("already running");
    }

    step(++step, steps, "PostgreSQL");
    PostgresServer postgres = postgres();
    done(postgres.toString());

    step(
        ++step,
        steps,
        "Keycloak on http://127.0.0.1:" + KEYCLOAK_PORT + " (first start takes about a minute)");
    if (!isRunning("keycloak")) {
      Path distribution = KeycloakServer.distribution(root);
      long t = System.nanoTime();
      KeycloakServer keycloak =
          KeycloakServer.start(
              distribution,
              home.resolve("keycloak"),
              KEYCLOAK_PORT,
              logs.resolve("keycloak.log"),
              KEYCLOAK_TIMEOUT,
              true);
      writePid("keycloak", keycloak.process().handle());
      done("ready in " + seconds(t));
    } else {
      done("already running");
    }

    step(++step, steps, "Webhook inbox on http://127.0.0.1:" + INBOX_PORT + "/inbox");
    if (!isRunning("inbox")) {
      ManagedProcess inbox =
          startJava(
              "inbox", "-Xms16m -Xmx64m", WebhookInbox.class, "--port", String.valueOf(INBOX_PORT));
      timed(
          () ->
              inbox.awaitHttpOk(
                  URI.create("http://127.0.0.1:" + INBOX_PORT + "/inbox"), INFRA_TIMEOUT));
    } else {
      done("already running");
    }

    step(
        ++step,
        steps,
        "Sample model (OIP V2): test on http://127.0.0.1:"
            + MODEL_TEST_PORT
            + ", prod on http://127.0.0.1:"
            + MODEL_PROD_PORT);
    List<ManagedProcess> models = new ArrayList<>();
    for (String name : List.of("model-test", "model-prod")) {
      if (!isRunning(name)) {
        int port = name.equals("model-test") ? MODEL_TEST_PORT : MODEL_PROD_PORT;
        String issuer = KeycloakServer.issuer("http://127.0.0.1:" + KEYCLOAK_PORT);
        models.add(
            startJava(
                name,
                "-Xms16m -Xmx96m",
                dev.preflight.sample.SampleModelServer.class,
                "--port",
                String.valueOf(port),
                "--versions",
                "1.0.0,1.1.0",
                "--kafka",
                "127.0.0.1:" + KAFKA_PORT,
                "--issuer",
                issuer,
                "--jwks-url",
                issuer + "/protocol/openid-connect/certs"));
      }
    }
    if (models.isEmpty()) {
      done("already running");
    } else {
      timed(
          () -> {
            for (ManagedProcess model : models) {
              model.awaitLogLine("serving on", INFRA_TIMEOUT);
            }
          });
    }

    ServiceLauncher.Wiring wiring = wiring(postgres);
    Map<PreflightService, ManagedProcess> started = new EnumMap<>(PreflightService.class);
    for (PreflightService service : PreflightService.values()) {
      if (!isRunning(service.module())) {
        ManagedProcess process =
            ServiceLauncher.start(service, wiring, logs.resolve(service.module() + ".log"), true);
        writePid(service.module(), process.handle());
        started.put(service, process);
      }
    }
    for (PreflightService service : PreflightService.values()) {
      step(++step, steps, service.module() + " on " + wiring.url(service));
      ManagedProcess process = started.get(service);
      if (process == null) {
        done("already running");
      } else {
        timed(
            () ->
                process.awaitHttpOk(
                    ServiceLauncher.readiness(wiring.url(service)), SERVICE_TIMEOUT));
      }
    }
    System.out.println();
    System.out.println("Preflight is up (" + seconds(start) + ").");
    System.out.println(
        "Open the console at "
            + wiring.url(PreflightService.CONSOLE)
            + " and sign in as engineer / engineer (approver / approver attests items).");
    printSummary(readPostgresSummary());
    return 0;
  }

  private ServiceLauncher.Wiring wiring(PostgresServer postgres) {
    return new ServiceLauncher.Wiring(
        root,
        "127.0.0.1:" + KAFKA_PORT,
        postgres,
        "preflight_",
        KeycloakServer.issuer("http://127.0.0.1:" + KEYCLOAK_PORT),
        ServiceLauncher.defaultPorts(),
        "http://127.0.0.1:" + INBOX_PORT + "/hooks/{team}",
        home.resolve("state"));
  }

  /** The configured PostgreSQL, else the local one, else an embedded one this launcher runs. */
  private PostgresServer postgres() throws IOException {
    Optional<String> url = env("PREFLIGHT_JDBC_URL");
    PostgresServer server;
    if (url.isPresent()) {
      server =
          PostgresServer.configured(
              url.get(), env("PREFLIGHT_JDBC_USER"), env("PREFLIGHT_JDBC_PASSWORD"));
    } else if (isRunning("postgres")) {
      server = embeddedAt(EMBEDDED_POSTGRES_PORT);
    } else {
      Optional<PostgresServer> local = PostgresServer.local();
      if (local.isPresent()) {
        server = local.get();
      } else {
        if (Ports.inUse(EMBEDDED_POSTGRES_PORT)) {
          throw new IOException(
              "port "
                  + EMBEDDED_POSTGRES_PORT
                  + " (embedded PostgreSQL) is taken by another process");
        }
        ManagedProcess postgres =
            startJava(
                "postgres",
                "-Xms16m -Xmx64m",
                PostgresServer.class,
                "--port",
                String.valueOf(EMBEDDED_POSTGRES_PORT),
                "--data-dir",
                home.resolve("postgres").toString());
        postgres.awaitLogLine("Embedded PostgreSQL ready", INFRA_TIMEOUT);
        server = embeddedAt(EMBEDDED_POSTGRES_PORT);
      }
    }
    Properties summary = new Properties();
    summary.setProperty("postgres", server.toString());
    summary.setProperty("jdbc", server.jdbcUrl("<database>"));
    try (OutputStream out = Files.newOutputStream(home.resolve("stack.properties"))) {
      summary.store(out, "what ./preflight up found");
    }
    return server;
  }

  private static PostgresServer embeddedAt(int port) throws IOException {
    return PostgresServer.embeddedProcess(port);
  }

  private void refuseTakenPorts() throws IOException {
    List<String> taken = new ArrayList<>();
    check(taken, "kafka", KAFKA_PORT);
    check(taken, "kafka", KAFKA_CONTROLLER_PORT);
    check(taken, "keycloak", KEYCLOAK_PORT);
    check(taken, "inbox", INBOX_PORT);
    check(taken, "model-test", MODEL_TEST_PORT);
    check(taken, "model-prod", MODEL_PROD_PORT);
    for (PreflightService service : PreflightService.values()) {
      check(taken, service.module(), service.defaultPort());
    }
    if (!taken.isEmpty()) {
      throw new IOException(
          "cannot start: "
              + String.join("; ", taken)
              + ". Stop whatever holds the port (./preflight status shows Preflight's own).");
    }
  }

  private void check(List<String> taken, String component, int port) {
    if (!isRunning(component) && Ports.inUse(port)) {
      taken.add("port " + port + " (" + component + ") is taken by another process");
    }
  }

  private ManagedProcess startJava(String name, String heap, Class<?> main, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ManagedProcess.javaExecutable());
    command.addAll(List.of(heap.split(" ")));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    ManagedProcess process =
        ManagedProcess.start(name, command, Map.of(), root, logs.resolve(name + ".log"), true);
    writePid(name, process.handle());
    return process;
  }

  private void printSummary(String postgres) {
    System.out.println(
        """

          Console            http://127.0.0.1:8080   (sign in as engineer/engineer or approver/approver)
          checklist-service  http://127.0.0.1:8081   (OpenAPI: /q/openapi, health: /q/health)
          probe-service      http://127.0.0.1:8082
          monitor-service    http://127.0.0.1:8083
          notifier-service   http://127.0.0.1:8084
          Keycloak           http://127.0.0.1:8180   (realm preflight; its admin console admin/admin)
          Kafka              127.0.0.1:9092
          PostgreSQL         %s
          Webhook inbox      http://127.0.0.1:8089/inbox   (where team alerts arrive)
          Sample model       http://127.0.0.1:9000 (test), http://127.0.0.1:9001 (prod)   (OIP V2; faults: /admin/faults)
          Logs               .preflight/logs/

        Get a token:  TOKEN=$(./preflight token pipeline)   (or engineer, approver, admin)
        Stop:         ./preflight down
        """
            .formatted(postgres));
  }

  private String readPostgresSummary() {
    Properties summary = new Properties();
    try (InputStream in = Files.newInputStream(home.resolve("stack.properties"))) {
      summary.load(in);
    } catch (IOException e) {
      return "(unknown)";
    }
    return summary.getProperty("postgres", "(unknown)");
  }

  // ---------------------------------------------------------------- down

  int down() throws IOException {
    List<String> order = new ArrayList<>(components());
    java.util.Collections.reverse(order);
    boolean any = false;
    for (String name : order) {
      Optional<ProcessHandle> process = process(name);
      if (process.isPresent()) {
        any = true;
        System.out.print("Stopping " + name + " … ");
        long t = System.nanoTime();
        ManagedProcess.attach(name, process.get(), logs.resolve(name + ".log"))
            .stop(Duration.ofSeconds(30));
        System.out.println("stopped (" + seconds(t) + ")");
      }
      Files.deleteIfExists(pids.resolve(name + ".pid"));
    }
    System.out.println(any ? "Preflight is down." : "Nothing was running.");
    return 0;
  }

  // ---------------------------------------------------------------- reset

  int reset() throws IOException {
    down();
    Optional<String> url = env("PREFLIGHT_JDBC_URL");
    Optional<PostgresServer> external =
        url.isPresent()
            ? Optional.of(
                PostgresServer.configured(
                    url.get(), env("PREFLIGHT_JDBC_USER"), env("PREFLIGHT_JDBC_PASSWORD")))
            : PostgresServer.local();
    if (external.isPresent()) {
      for (PreflightService service : PreflightService.values()) {
        if (service.hasDatabase()) {
          String database = service.database("preflight_");
          try {
            external.get().dropDatabase(database);
            System.out.println("Dropped database " + database + " on " + external.get());
          } catch (java.sql.SQLException e) {
            System.err.println("✗ cannot drop " + database + ": " + e.getMessage());
          }
        }
      }
    }
    for (String data : List.of("kafka", "postgres", "keycloak", "state", "stack.properties")) {
      Path path = home.resolve(data);
      if (Files.exists(path)) {
        Files2.deleteRecursively(path);
        System.out.println("Deleted " + root.relativize(path));
      }
    }
    System.out.println("Local data is gone; ./preflight up starts afresh.");
    return 0;
  }

  // ---------------------------------------------------------------- status

  int status() {
    System.out.printf("%-20s %-9s %-8s %s%n", "COMPONENT", "STATE", "PID", "WHERE");
    for (String name : components()) {
      Optional<ProcessHandle> process = process(name);
      String where = where(name);
      String state;
      if (process.isEmpty()) {
        state = "stopped";
      } else {
        Optional<URI> health = health(name);
        state = health.isEmpty() || ManagedProcess.answersOk(health.get()) ? "up" : "starting";
      }
      System.out.printf(
          "%-20s %-9s %-8s %s%n",
          name, state, process.map(p -> String.valueOf(p.pid())).orElse("-"), where);
    }
    System.out.println("PostgreSQL: " + readPostgresSummary());
    return 0;
  }

  private static String where(String name) {
    return switch (name) {
      case "kafka" -> "127.0.0.1:" + KAFKA_PORT;
      case "postgres" -> "127.0.0.1:" + EMBEDDED_POSTGRES_PORT + " (embedded)";
      case "keycloak" -> "http://127.0.0.1:" + KEYCLOAK_PORT;
      case "inbox" -> "http://127.0.0.1:" + INBOX_PORT + "/inbox";
      case "model-test" -> "http://127.0.0.1:" + MODEL_TEST_PORT;
      case "model-prod" -> "http://127.0.0.1:" + MODEL_PROD_PORT;
      default -> PreflightService.url(servicePort(name)).toString();
    };
  }

  private static Optional<URI> health(String name) {
    return switch (name) {
      case "kafka", "postgres" -> Optional.empty();
      case "keycloak" ->
          Optional.of(URI.create(KeycloakServer.issuer("http://127.0.0.1:" + KEYCLOAK_PORT)));
      case "inbox" -> Optional.of(URI.create("http://127.0.0.1:" + INBOX_PORT + "/inbox"));
      case "model-test" ->
          Optional.of(URI.create("http://127.0.0.1:" + MODEL_TEST_PORT + "/v2/health/ready"));
      case "model-prod" ->
          Optional.of(URI.create("http://127.0.0.1:" + MODEL_PROD_PORT + "/v2/health/ready"));
      default -> Optional.of(ServiceLauncher.readiness(PreflightService.url(servicePort(name))));
    };
  }

  private static int servicePort(String module) {
    for (PreflightService service : PreflightService.values()) {
      if (service.module().equals(module)) {
        return service.defaultPort();
      }
    }
    throw new IllegalArgumentException(module);
  }

  // ---------------------------------------------------------------- token, logs

  int token(List<String> positional) throws IOException {
    if (positional.size() < 2) {
      System.err.println("usage: ./preflight token pipeline|engineer|approver|admin");
      return 2;
    }
    if (!isRunning("keycloak")) {
      throw new IOException("Keycloak is not running: ./preflight up");
    }
    System.out.println(
        new Tokens(KeycloakServer.issuer("http://127.0.0.1:" + KEYCLOAK_PORT))
            .forRole(positional.get(1)));
    return 0;
  }

  int logs(List<String> positional) throws IOException {
    if (positional.size() < 2) {
      for (String name : components()) {
        System.out.println(logs.resolve(name + ".log"));
      }
      return 0;
    }
    Path log = logs.resolve(positional.get(1) + ".log");
    if (!Files.exists(log)) {
      throw new IOException("no log " + log);
    }
    System.out.println(
        ManagedProcess.attach(positional.get(1), ProcessHandle.current(), log).logTail(60));
    return 0;
  }

  // ---------------------------------------------------------------- processes

  /** Every component in start order. */
  static List<String> components() {
    List<String> names =
        new ArrayList<>(
            List.of("kafka", "postgres", "keycloak", "inbox", "model-test", "model-prod"));
    for (PreflightService service : PreflightService.values()) {
      names.add(service.module());
    }
    return names;
  }

  private boolean isRunning(String name) {
    return process(name).isPresent();
  }

  /**
   * The running process of a component, from its pid file; the recorded start time guards against a
   * recycled pid.
   */
  Optional<ProcessHandle> process(String name) {
    Path file = pids.resolve(name + ".pid");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      String[] fields = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
      long pid = Long.parseLong(fields[0]);
      long startMillis = Long.parseLong(fields[1]);
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              p ->
                  p.info()
                      .startInstant()
                      .map(i -> Math.abs(i.toEpochMilli() - startMillis) < 2_000)
                      .orElse(true));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private void writePid(String name, ProcessHandle process) throws IOException {
    long started =
        process.info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
    Files.writeString(
        pids.resolve(name + ".pid"), process.pid() + " " + started + "\n", StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- output

  private interface Wait {
    void run() throws IOException;
  }

  private static void timed(Wait wait) throws IOException {
    long t = System.nanoTime();
    wait.run();
    done("ready in " + seconds(t));
  }

  private static void step(int step, int steps, String what) {
    System.out.print("[" + step + "/" + steps + "] " + what + " … ");
    System.out.flush();
  }

  private static void done(String how) {
    System.out.println(how);
  }

  private static String seconds(long startNanos) {
    return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }
}
