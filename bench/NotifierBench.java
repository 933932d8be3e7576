import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.SignalFiring;
import dev.preflight.contracts.events.SignalResolved;
import dev.preflight.devstack.KafkaBroker;
import dev.preflight.devstack.ManagedProcess;
import dev.preflight.devstack.Ports;
import dev.preflight.devstack.PostgresServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** See bench/notifier.sh. */
public class NotifierBench {

  static final String[] CHECKS = {
    "feature-drift", "prediction-drift", "p99-latency", "p95-latency", "error-rate", "accuracy",
    "auth-failure-rate", "logs-stopped"
  };
  static final String[] KINDS = {
    "drift", "drift", "latency", "latency", "errors", "accuracy", "security", "downtime"
  };
  static final ObjectMapper JSON = new ObjectMapper();

  /** One signal of the storm. */
  record Signal(int version, int check, boolean firing) {
    String model() {
      return "bench-model-" + (version / 5);
    }

    String modelVersion() {
      return "1.0." + (version % 5);
    }

    String alertName() {
      StringBuilder name = new StringBuilder();
      for (String part : CHECKS[check].split("-")) {
        name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
      return name.toString();
    }
  }

  /** A webhook receiver that counts what it is sent, per path. */
  static final class Receiver {
    final HttpServer server;
    final Map<String, AtomicLong> notifications = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> alerts = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> last = new ConcurrentHashMap<>();

    Receiver() throws Exception {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
      server.createContext(
          "/",
          exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
              JsonNode body = JSON.readTree(in.readAllBytes());
              String path = exchange.getRequestURI().getPath();
              notifications.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
              alerts.computeIfAbsent(path, p -> new AtomicLong()).addAndGet(body.path("alerts").size());
              last.computeIfAbsent(path, p -> new AtomicLong()).set(System.nanoTime());
              exchange.sendResponseHeaders(200, -1);
            }
          });
      server.setExecutor(Executors.newFixedThreadPool(4));
      server.start();
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    long count(String path) {
      return notifications.getOrDefault(path, new AtomicLong()).get();
    }

    long alertCount(String path) {
      return alerts.getOrDefault(path, new AtomicLong()).get();
    }

    /** Waits until nothing arrived at the path for {@code quiet}; at most {@code max}. */
    void awaitQuiet(String path, Duration quiet, Duration max) throws InterruptedException {
      long deadline = System.nanoTime() + max.toNanos();
      while (System.nanoTime() < deadline) {
        long lastAt = last.getOrDefault(path, new AtomicLong(System.nanoTime())).get();
        if (count(path) > 0 && System.nanoTime() - lastAt > quiet.toNanos()) {
          return;
        }
        Thread.sleep(200);
      }
    }
  }

  static final String TIMERS =
      """
        group_by: [model, version]
        group_wait: 1s
        group_interval: 5s
        repeat_interval: 4h
      """;

  public static void main(String[] args) throws Exception {
    int signals = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int versions = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Path root = Path.of(".").toAbsolutePath().normalize();
    Path jar = root.resolve("notifier-service/target/quarkus-app/quarkus-run.jar");
    Path work = Files.createTempDirectory("notifier-bench-");
    List<Signal> storm = storm(signals, versions);
    long firing = storm.stream().filter(Signal::firing).count();
    System.out.printf(
        "== %,d signals (%,d firing, %,d resolved) of %d versions, %d detectors each;"
            + " group_by [model, version], group_wait 1s, group_interval 5s%n",
        signals, firing, signals - firing, versions, CHECKS.length);
    Receiver receiver = new Receiver();

    try (KafkaBroker broker = KafkaBroker.startEphemeral();
        PostgresServer postgres =
            PostgresServer.resolve(Optional.empty(), Optional.empty(), Optional.empty())) {
      broker.createTopics(Topics.all(4));
      String database = "preflight_bench_notifier_" + UUID.randomUUID().toString().substring(0, 8);
      postgres.createDatabase(database);
      Path routing = work.resolve("routing.yaml");
      Files.writeString(
          routing,
          "route:\n  receiver: bench\n"
              + TIMERS
              + "receivers:\n  - name: bench\n    webhook_configs:\n      - url: "
              + receiver.url("/notifier")
              + "\n");
      Map<String, String> env = new HashMap<>();
      int port = Ports.free();
      env.put("NOTIFIER_PORT", String.valueOf(port));
      env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
      env.put("NOTIFIER_DB_URL", postgres.jdbcUrl(database));
      postgres.user().ifPresent(u -> env.put("NOTIFIER_DB_USER", u));
      postgres.password().ifPresent(p -> env.put("NOTIFIER_DB_PASSWORD", p));
      env.put("NOTIFIER_ROUTING_FILE", routing.toString());
      env.put("NOTIFIER_OWNER_EMAIL", "false");
      env.put("QUARKUS_OIDC_TENANT_ENABLED", "false");
      List<String> command =
          List.of(ManagedProcess.javaExecutable(), "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toString());
      try (ManagedProcess notifier =
          ManagedProcess.start("notifier", command, env, root, work.resolve("notifier.log"))) {
        notifier.awaitHttpOk(URI.create("http://127.0.0.1:" + port + "/q/health/ready"), Duration.ofMinutes(3));

        long start = System.nanoTime();
        produce(broker.bootstrapServers(), storm);
        double produced = (System.nanoTime() - start) / 1e9;
        awaitConsumed(broker.bootstrapServers());
        double consumed = (System.nanoTime() - start) / 1e9;
        receiver.awaitQuiet("/notifier", Duration.ofSeconds(12), Duration.ofMinutes(5));
        System.out.printf(
            "notifier:     storm published in %.1f s; all %,d applied after %.1f s: %,.0f signals/s;"
                + " %,d notifications carrying %,d alerts%n",
            produced, signals, consumed, signals / consumed, receiver.count("/notifier"),
            receiver.alertCount("/notifier"));
      }
      postgres.dropDatabase(database);
    }

    String alertmanager = Optional.ofNullable(System.getenv("ALERTMANAGER")).orElse("prometheus-alertmanager");
    Optional<Path> binary = which(alertmanager);
    if (binary.isEmpty()) {
      System.out.println("alertmanager: not found (apt-get install prometheus-alertmanager, or set ALERTMANAGER)");
      receiver.server.stop(0);
      System.exit(0);
    }
    Path config = work.resolve("alertmanager.yml");
    Files.writeString(
        config,
        "route:\n  receiver: bench\n"
            + TIMERS
            + "receivers:\n  - name: bench\n    webhook_configs:\n      - url: "
            + receiver.url("/alertmanager")
            + "\n        send_resolved: true\n");
    int amPort = Ports.free();
    List<String> command =
        List.of(
            binary.get().toString(),
            "--config.file=" + config,
            "--storage.path=" + work.resolve("am-data"),
            "--web.listen-address=127.0.0.1:" + amPort,
            "--cluster.listen-address=");
    try (ManagedProcess am =
        ManagedProcess.start("alertmanager", command, Map.of(), root, work.resolve("alertmanager.log"))) {
      URI base = URI.create("http://127.0.0.1:" + amPort);
      am.awaitHttpOk(base.resolve("/-/ready"), Duration.ofMinutes(1));
      HttpClient http = HttpClient.newHttpClient();
      long start = System.nanoTime();
      for (int from = 0; from < storm.size(); from += 500) {
        ArrayNode batch = JSON.createArrayNode();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Signal signal : storm.subList(from, Math.min(storm.size(), from + 500))) {
          ObjectNode alert = batch.addObject();
          ObjectNode labels = alert.putObject("labels");
          labels.put("alertname", signal.alertName());
          labels.put("model", signal.model());
          labels.put("version", signal.modelVersion());
          labels.put("team", "bench");
          labels.put("environment", "prod");
          labels.put("kind", KINDS[signal.check()]);
          labels.put("check", CHECKS[signal.check()]);
          labels.put("severity", "critical");
          alert.putObject("annotations").put("summary", CHECKS[signal.check()] + " breached");
          alert.put("startsAt", now.minusMinutes(1).toString());
          if (!signal.firing()) {
            alert.put("endsAt", now.toString());
          }
        }
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("Alertmanager answered " + response.statusCode() + ": " + response.body());
        }
      }
      double posted = (System.nanoTime() - start) / 1e9;
      receiver.awaitQuiet("/alertmanager", Duration.ofSeconds(12), Duration.ofMinutes(5));
      System.out.printf(
          "alertmanager: all %,d accepted after %.1f s: %,.0f signals/s;"
              + " %,d notifications carrying %,d alerts%n",
          signals, posted, signals / posted, receiver.count("/alertmanager"),
          receiver.alertCount("/alertmanager"));
    }
    System.out.printf(
        "%n| | signals/s | notifications | alerts in them |%n|---|---|---|---|%n"
            + "| notifier | see above | %,d | %,d |%n| alertmanager | see above | %,d | %,d |%n",
        receiver.count("/notifier"), receiver.alertCount("/notifier"),
        receiver.count("/alertmanager"), receiver.alertCount("/alertmanager"));
    receiver.server.stop(0);
    // The receiver's pool threads would keep the JVM alive.
    System.exit(0);
  }

  static List<Signal> storm(int signals, int versions) {
    Random random = new Random(42);
    List<Signal> storm = new ArrayList<>(signals);
    for (int i = 0; i < signals; i++) {
      storm.add(new Signal(random.nextInt(versions), random.nextInt(CHECKS.length), random.nextDouble() < 0.8));
    }
    return storm;
  }

  static void produce(String bootstrap, List<Signal> storm) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    EventCodec codec = new EventCodec();
    URI source = URI.create("/preflight/monitor-service");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (Signal signal : storm) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String kind = KINDS[signal.check()];
        String check = CHECKS[signal.check()];
        Event<?> event =
            signal.firing()
                ? Event.of(EventType.SIGNAL_FIRING, source, signal.model(), signal.modelVersion(), "bench",
                    new SignalFiring(UUID.randomUUID().toString(), signal.model(), signal.modelVersion(), "bench",
                        kind, check, Optional.empty(), Optional.empty(), "critical", 0.5, 0.1,
                        now.minusMinutes(1), now, 1000, check + " breached"))
                : Event.of(EventType.SIGNAL_RESOLVED, source, signal.model(), signal.modelVersion(), "bench",
                    new SignalResolved(UUID.randomUUID().toString(), signal.model(), signal.modelVersion(), "bench",
                        kind, check, Optional.empty(), Optional.empty(), 0.01, 0.1,
                        now.minusMinutes(1), now, 1000, check + " healthy"));
        producer.send(codec.toRecord(event));
      }
      producer.flush();
    }
  }

  /** Waits until the notifier's consumer group has committed the end of the signals topic. */
  static void awaitConsumed(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int partition = 0; partition < 4; partition++) {
        latest.put(new TopicPartition(Topics.SIGNALS, partition), OffsetSpec.latest());
      }
      long end =
          admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets("notifier-service").partitionsToOffsetAndMetadata().get();
        long done =
            committed.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Topics.SIGNALS) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
        if (done >= end) {
          return;
        }
        Thread.sleep(100);
      }
    }
  }

  static Optional<Path> which(String command) {
    if (command.contains("/")) {
      return Optional.of(Path.of(command)).filter(Files::isExecutable);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
