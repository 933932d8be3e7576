package dev.preflight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.devstack.PreflightService;
import dev.preflight.devstack.TopicClient;
import dev.preflight.devstack.WebhookInbox;
import dev.preflight.sample.SampleModelServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The fault suite ({@code ./mvnw -B verify -Pfaults}): a seeded workload of pipelines and model
 * servers drives the packaged system while services are killed with {@code kill -9}, the broker and
 * PostgreSQL are restarted and the webhook receiver is down for minutes; then every expected change
 * and notification is counted — lost, duplicated — against what the workload did.
 *
 * <p>Knobs: {@code preflight.faults.seed} (replays a run), {@code preflight.faults.models} (16),
 * {@code preflight.faults.kills} (20), {@code preflight.faults.receiver-down} (PT2M).
 */
class FaultsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED =
      Long.getLong("preflight.faults.seed", System.nanoTime() % 100_000);
  private static final int MODELS = Integer.getInteger("preflight.faults.models", 16);
  private static final int KILLS = Integer.getInteger("preflight.faults.kills", 20);
  private static final Duration RECEIVER_DOWN =
      Duration.parse(System.getProperty("preflight.faults.receiver-down", "PT2M"));
  private static final Duration PATIENCE = Duration.ofMinutes(10);
  private static final String HOOK = "/hooks/fraud";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** One fault as it happened. */
  record Fault(String kind, String target, Instant at, Duration recovery) {}

  /** One line of the table: what was expected and what the system did with it. */
  record Tally(String what, int expected, int seen, int lost, int duplicated) {}

  private FaultStack stack;
  private SampleModelServer model;
  private KafkaProducer<String, byte[]> producer;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<String> models = new CopyOnWriteArrayList<>();
  private final Set<String> drifting = ConcurrentHashMap.newKeySet();
  private final Map<String, String> ingress = new ConcurrentHashMap<>();
  private final List<String> stuck = new CopyOnWriteArrayList<>();

  @Test
  void nothingIsLostOrDuplicatedThroughCrashesAndOutages() throws Exception {
    System.out.printf(
        "%nFault suite: seed %d (replay with -Dpreflight.faults.seed=%d)%n", SEED, SEED);
    Random random = new Random(SEED);
    Path root =
        Path.of(System.getProperty("preflight.repository.root", "..")).toAbsolutePath().normalize();
    Path dir =
        Files.createDirectories(
            Path.of(System.getProperty("preflight.system.dir", "target/system"))
                .toAbsolutePath()
                .resolveSibling("faults-" + SEED));
    Path routing = dir.resolve("routing.yaml");
    Files.writeString(
        routing,
        """
        route:
          receiver: owner
          group_by: [model, version]
          group_wait: 2s
          group_interval: 10s
          repeat_interval: 4h
        """);
    System.setProperty("preflight.service-env.NOTIFIER_ROUTING_FILE", routing.toString());

    try (FaultStack started = new FaultStack(root, dir)) {
      stack = started;
      String issuer = stack.keycloak.issuer();
      model =
          SampleModelServer.start(
              SampleModelServer.Settings.of(0, "fraud-detector", "1.0.0")
                  .withAuth(issuer + "/protocol/openid-connect/certs", issuer));
      producer = producer(stack.bootstrapServers());
      try {
        run(random);
      } finally {
        producer.close(Duration.ofSeconds(5));
        model.close();
      }
    }
  }

  /**
   * The template the fault run's models follow: the default one with an advisory gate, so that the
   * versions go on to test with creator-logged failed (the failure is what pages).
   */
  private static final String TEMPLATE = "faults-advise";

  private void run(Random random) throws Exception {
    call(
        "POST",
        stack.url(PreflightService.CHECKLIST) + "/api/v1/templates",
        stack.token("admin"),
        """
        {"id": "%s", "basedOn": {"id": "default", "version": 1}, "gateMode": "advise"}
        """
            .formatted(TEMPLATE),
        Set.of(201, 409));
    Instant began = Instant.now();
    ExecutorService pipelines = Executors.newFixedThreadPool(4);
    List<CompletableFuture<Void>> work = new ArrayList<>();
    for (int i = 0; i < MODELS; i++) {
      String id = "faults-" + SEED + "-" + i;
      boolean viaKafka = random.nextBoolean();
      boolean drifts = i % 4 == 0;
      models.add(id);
      ingress.put(id, viaKafka ? "kafka" : "rest");
      if (drifts) {
        drifting.add(id);
      }
      long startAfter = random.nextInt(120_000);
      work.add(
          CompletableFuture.runAsync(() -> pipeline(id, viaKafka, drifts, startAfter), pipelines));
    }
    CompletableFuture<Void> chaos = CompletableFuture.runAsync(() -> faults(random));
    CompletableFuture<Void> drift = CompletableFuture.runAsync(this::driftTraffic);

    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new))
        .get(PATIENCE.toMinutes() + 10, TimeUnit.MINUTES);
    chaos.get(PATIENCE.toMinutes() + 10, TimeUnit.MINUTES);
    pipelines.shutdown();

    Instant quiet = Instant.now();
    List<Tally> table = awaitOutcome();
    Duration settled = Duration.between(quiet, Instant.now());
    // the model servers stop; then every consumer group must catch up with everything
    running = false;
    drift.get(1, TimeUnit.MINUTES);
    Instant stopped = Instant.now();
    Map<String, Long> lag =
        pollUntil(
            Duration.ofMinutes(5),
            Duration.ofSeconds(2),
            this::lag,
            l -> l.values().stream().allMatch(behind -> behind == 0));
    Duration caughtUp = Duration.between(stopped, Instant.now());
    table = tally();
    int deadLettered = deadLettered();

    System.out.printf(
        "%nFault run %d: %d models (%d drifting), %d faults, %s in all; settled %s after the last"
            + " fault%n",
        SEED,
        MODELS,
        drifting.size(),
        faults.size(),
        Duration.between(began, Instant.now()).withNanos(0),
        settled.withNanos(0));
    System.out.println("| fault | target | at (s) | recovery (s) |");
    System.out.println("|---|---|---:|---:|");
    for (Fault fault : faults) {
      System.out.printf(
          "| %s | %s | %d | %.1f |%n",
          fault.kind(),
          fault.target(),
          Duration.between(began, fault.at()).toSeconds(),
          fault.recovery().toMillis() / 1000.0);
    }
    System.out.println();
    System.out.println("| events | expected | seen | lost | duplicated |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (Tally tally : table) {
      System.out.printf(
          "| %s | %d | %d | %d | %d |%n",
          tally.what(), tally.expected(), tally.seen(), tally.lost(), tally.duplicated());
    }
    System.out.printf(
        "%nconsumer lag %s, %d s after the traffic stopped; records in dead-letter topics: %d%n",
        lag, caughtUp.toSeconds(), deadLettered);

    stuck.forEach(s -> System.out.println("pipeline stuck: " + s));
    assertThat(stuck).as("pipelines that could not get past an answer").isEmpty();
    assertThat(faults.stream().filter(f -> f.kind().equals("kill -9")).count())
        .isGreaterThanOrEqualTo(KILLS);
    assertThat(table).allSatisfy(t -> assertThat(t.lost()).as("%s lost", t.what()).isZero());
    assertThat(table)
        .allSatisfy(t -> assertThat(t.duplicated()).as("%s duplicated", t.what()).isZero());
    assertThat(lag).allSatisfy((group, behind) -> assertThat(behind).as(group).isZero());
    assertThat(deadLettered).as("valid records dead-lettered").isZero();
  }

  // ---------------------------------------------------------------------------------------------
  // The workload: pipelines and model servers, as they would drive the system

  private volatile boolean running = true;

  private void pipeline(String id, boolean viaKafka, boolean drifts, long startAfter) {
    try {
      Thread.sleep(startAfter);
      String token = stack.token("pipeline");
      String checklist = stack.url(PreflightService.CHECKLIST).toString();
      call(
          "POST",
          checklist + "/api/v1/models",
          token,
          """
          {"modelId": "%s", "name": "Fraud detector", "team": "fraud", "owner": {"name": "Ada"},
           "template": "%s"}
          """
              .formatted(id, TEMPLATE),
          Set.of(200, 201));
      String manifest = ProbeSystemIT.manifest(model.url());
      String deployment =
          """
          {"environment": "test", "endpointUrl": "%s", "protocol": "oip-v2",
           "modelName": "fraud-detector", "infrastructure": {"cpu": "2", "memory": "4Gi"}}
          """
              .formatted(model.url());
      if (viaKafka) {
        pipelineEvent(id, EventType.PIPELINE_VERSION_SUBMITTED, null, manifest);
      } else {
        call(
            "POST",
            checklist + "/api/v1/models/" + id + "/versions",
            token,
            manifest,
            Set.of(200, 201));
      }
      // the version exists before it is deployed, as a pipeline's next stage would see it
      call("GET", checklist + "/api/v1/models/" + id + "/versions/1.0.0", token, null, Set.of(200));
      if (viaKafka) {
        pipelineEvent(id, EventType.PIPELINE_DEPLOYMENT_REPORTED, "1.0.0", deployment);
      } else {
        call(
            "POST",
            checklist + "/api/v1/models/" + id + "/versions/1.0.0/deployments",
            token,
            deployment,
            Set.of(200, 201));
      }
      if (drifts) {
        call(
            "PUT",
            stack.url(PreflightService.MONITOR) + "/api/v1/profiles/" + id + "/1.0.0",
            token,
            MonitorSystemIT.referenceProfile(new Random(id.hashCode())),
            Set.of(200));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // what a pipeline met and could not get past is an outcome of the run, counted with the rest
      stuck.add(id + ": " + e.getMessage());
    }
  }

  /** A pipeline event on Kafka, its id fixed so that a resend is the same event. */
  private void pipelineEvent(String id, EventType type, String version, String data) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(Topics.PIPELINE_EVENTS, id, data.getBytes(StandardCharsets.UTF_8));
    record.headers().add("ce_specversion", bytes("1.0"));
    record.headers().add("ce_id", bytes(id + "-" + type.ceType()));
    record.headers().add("ce_source", bytes("/pipelines/faults"));
    record.headers().add("ce_type", bytes(type.ceType()));
    record.headers().add("ce_modelid", bytes(id));
    if (version != null) {
      record.headers().add("ce_modelversion", bytes(version));
    }
    record.headers().add("content-type", bytes("application/json"));
    try {
      producer.send(record).get(PATIENCE.toMinutes(), TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish the pipeline event of " + id, e);
    }
  }

  /** Shifted traffic from the drifting versions' model servers, once a second, for the run. */
  private void driftTraffic() {
    Random random = new Random(SEED);
    while (running) {
      for (String id : drifting) {
        for (int i = 0; i < 15; i++) {
          ObjectNode log = MonitorSystemIT.shiftedLog(id, random);
          producer.send(
              new ProducerRecord<>(
                  Topics.INFERENCE_LOGS,
                  log.get("requestId").asText(),
                  log.toString().getBytes(StandardCharsets.UTF_8)));
        }
      }
      sleep(Duration.ofSeconds(1));
    }
  }

  /**
   * Calls until the answer is one of {@code done}, as a pipeline retries: a refused connection, a
   * time-out, a 5xx or a 503 while a dependency is down are met again after a pause.
   */
  private static HttpResponse<String> call(
      String method, String url, String token, String body, Set<Integer> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      try {
        HttpResponse<String> response =
            HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (done.contains(response.statusCode())) {
          return response;
        }
        last = response.statusCode() + " " + response.body();
        if (response.statusCode() < 500 && response.statusCode() != 404) {
          throw new IllegalStateException(method + " " + url + " answered " + last);
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(1_000);
    }
    throw new IllegalStateException(method + " " + url + " never succeeded; last: " + last);
  }

  // ---------------------------------------------------------------------------------------------
  // The faults, seeded

  private void faults(Random random) {
    // The services that hold and move data; the console holds none.
    List<PreflightService> services =
        java.util.Arrays.stream(PreflightService.values())
            .filter(s -> s != PreflightService.CONSOLE)
            .toList();
    List<PreflightService> victims = new ArrayList<>();
    for (int i = 0; i < KILLS; i++) {
      victims.add(services.get(i % services.size()));
    }
    Collections.shuffle(victims, random);
    int brokerAt = KILLS / 3;
    int postgresAt = 2 * KILLS / 3;
    int receiverAt = random.nextInt(Math.max(1, KILLS / 2));
    CompletableFuture<Void> receiver = CompletableFuture.completedFuture(null);
    try {
      for (int i = 0; i < victims.size(); i++) {
        sleep(Duration.ofMillis(2_000 + random.nextInt(8_000)));
        if (i == receiverAt) {
          receiver =
              CompletableFuture.runAsync(
                  () -> {
                    Instant at = Instant.now();
                    try {
                      stack.receiverDown(RECEIVER_DOWN);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                    faults.add(
                        new Fault(
                            "receiver down", "webhook", at, Duration.between(at, Instant.now())));
                  });
        }
        if (i == brokerAt) {
          Instant at = Instant.now();
          faults.add(
              new Fault(
                  "restart",
                  "broker",
                  at,
                  stack.restartBroker(Duration.ofSeconds(5 + random.nextInt(20)))));
        }
        if (i == postgresAt) {
          Instant at = Instant.now();
          faults.add(
              new Fault(
                  "restart",
                  "postgresql",
                  at,
                  stack.restartPostgres(Duration.ofSeconds(5 + random.nextInt(20)))));
        }
        PreflightService victim = victims.get(i);
        Instant at = Instant.now();
        faults.add(new Fault("kill -9", victim.module(), at, stack.crash(victim)));
      }
      receiver.join();
    } catch (IOException e) {
      throw new IllegalStateException("a fault could not be recovered from", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Counting

  /** Waits until everything expected has been seen (or patience ends), then counts. */
  private List<Tally> awaitOutcome() {
    AtomicLong nextReport = new AtomicLong(System.nanoTime());
    return pollUntil(
        PATIENCE,
        Duration.ofSeconds(5),
        this::tally,
        table -> {
          List<String> missing =
              table.stream()
                  .filter(t -> t.lost() > 0)
                  .map(t -> t.what() + " " + t.seen() + "/" + t.expected())
                  .toList();
          if (!missing.isEmpty() && System.nanoTime() >= nextReport.get()) {
            System.out.printf("waiting for: %s%n", missing);
            nextReport.set(System.nanoTime() + Duration.ofSeconds(30).toNanos());
          }
          return missing.isEmpty();
        });
  }

  /**
   * Reads until what it reads is {@code done} or patience ends, and returns the last reading either
   * way: the run's table reports what never arrived, which says more than a time-out.
   */
  private static <T> T pollUntil(
      Duration patience, Duration every, Callable<T> read, Predicate<T> done) {
    AtomicReference<T> last = new AtomicReference<>();
    try {
      await()
          .atMost(patience)
          .pollDelay(Duration.ZERO)
          .pollInterval(every)
          .until(
              () -> {
                T reading = read.call();
                last.set(reading);
                return done.test(reading);
              });
    } catch (ConditionTimeoutException e) {
      // the caller reports what is still missing in last
    }
    return last.get();
  }

  private List<Tally> tally() throws Exception {
    String admin = stack.token("admin");
    String checklist = stack.url(PreflightService.CHECKLIST).toString();
    Map<String, Integer> registered = new HashMap<>();
    Map<String, Integer> versions = new HashMap<>();
    Map<String, Integer> deployed = new HashMap<>();
    int itemChanges = 0;
    int itemChangesDuplicated = 0;
    Map<String, String> testUploaded = new HashMap<>();
    Map<String, String> creatorLogged = new HashMap<>();
    for (String id : models) {
      HttpResponse<String> audit =
          call(
              "GET",
              checklist + "/api/v1/audit?limit=1000&modelId=" + id,
              admin,
              null,
              Set.of(200, 404));
      Map<String, Integer> causes = new HashMap<>();
      if (audit.statusCode() == 200) {
        for (JsonNode entry : JSON.readTree(audit.body())) {
          String action = entry.path("action").asText();
          switch (action) {
            case "model-registered" -> registered.merge(id, 1, Integer::sum);
            case "version-registered" -> versions.merge(id, 1, Integer::sum);
            case "deployed" -> deployed.merge(id, 1, Integer::sum);
            case "item-changed" -> {
              itemChanges++;
              causes.merge(
                  entry.path("itemId").asText() + "@" + entry.path("cause").asText(),
                  1,
                  Integer::sum);
            }
            default -> {}
          }
        }
      }
      itemChangesDuplicated += causes.values().stream().mapToInt(n -> n - 1).sum();
      HttpResponse<String> list =
          call(
              "GET",
              checklist + "/api/v1/models/" + id + "/versions/1.0.0/checklist",
              admin,
              null,
              Set.of(200, 404));
      if (list.statusCode() == 200) {
        for (JsonNode phase : JSON.readTree(list.body()).path("phases")) {
          for (JsonNode item : phase.path("items")) {
            String itemId = item.path("itemId").asText();
            if (itemId.equals("test-uploaded")) {
              testUploaded.put(id, item.path("state").asText());
            } else if (itemId.equals("creator-logged")) {
              creatorLogged.put(id, item.path("state").asText());
            }
          }
        }
      }
    }

    List<Tally> table = new ArrayList<>();
    table.add(once("model registered (audit)", registered));
    table.add(once("version registered (audit)", versions));
    table.add(once("deployment to test reported (audit)", deployed));
    table.add(decided("creator-logged failed (no owner e-mail)", creatorLogged, Set.of("failed")));
    table.add(decided("test-uploaded passed", testUploaded, Set.of("passed")));
    table.add(
        new Tally("item changes applied", itemChanges, itemChanges, 0, itemChangesDuplicated));
    table.add(lifecycleOnce(EventType.VERSION_REGISTERED));
    table.addAll(notifications());
    return table;
  }

  private Tally once(String what, Map<String, Integer> counts) {
    int seen = (int) models.stream().filter(counts::containsKey).count();
    int duplicated = counts.values().stream().mapToInt(n -> n - 1).sum();
    return new Tally(what, models.size(), seen, models.size() - seen, duplicated);
  }

  private Tally decided(String what, Map<String, String> states, Set<String> expected) {
    int seen = (int) models.stream().filter(m -> expected.contains(states.get(m))).count();
    return new Tally(what, models.size(), seen, models.size() - seen, 0);
  }

  /** The lifecycle event of each model, once: one id per model (a resend keeps its id). */
  private Tally lifecycleOnce(EventType type) {
    try (TopicClient kafka = new TopicClient(stack.bootstrapServers())) {
      Map<String, Set<String>> ids = new HashMap<>();
      for (RawEvent event : kafka.events(Topics.LIFECYCLE)) {
        if (event.ceType().equals(type.ceType()) && models.contains(event.modelId())) {
          ids.computeIfAbsent(event.modelId(), m -> new HashSet<>()).add(event.id());
        }
      }
      int seen = ids.size();
      int duplicated = ids.values().stream().mapToInt(s -> s.size() - 1).sum();
      return new Tally(
          type.eventName() + " published", models.size(), seen, models.size() - seen, duplicated);
    }
  }

  /**
   * Notifications to the team's webhook: each failed check and firing signal notified, none sent
   * twice — neither the same notification accepted twice, nor the same group's same alerts in two
   * notifications.
   */
  private List<Tally> notifications() {
    List<WebhookInbox.Delivery> accepted =
        stack.deliveries(HOOK).stream().filter(WebhookInbox.Delivery::accepted).toList();
    Map<String, Integer> byDelivery = new HashMap<>();
    Map<String, Integer> byContent = new HashMap<>();
    Map<String, Set<String>> notified = new HashMap<>();
    for (WebhookInbox.Delivery delivery : accepted) {
      byDelivery.merge(
          delivery.headers().getOrDefault("x-preflight-delivery", "?"), 1, Integer::sum);
      JsonNode payload = delivery.json();
      String model = payload.path("groupLabels").path("model").asText();
      List<String> alerts = new ArrayList<>();
      for (JsonNode alert : payload.path("alerts")) {
        alerts.add(
            alert.path("fingerprint").asText()
                + "/"
                + alert.path("status").asText()
                + "/"
                + alert.path("startsAt").asText());
        if (alert.path("status").asText().equals("firing")) {
          notified
              .computeIfAbsent(model, m -> new HashSet<>())
              .add(alert.path("labels").path("check").asText());
        }
      }
      Collections.sort(alerts);
      byContent.merge(payload.path("groupKey").asText() + " " + alerts, 1, Integer::sum);
    }
    int sentTwice = byDelivery.values().stream().mapToInt(n -> n - 1).sum();
    int sameTwice = byContent.values().stream().mapToInt(n -> n - 1).sum();
    int creatorSeen =
        (int)
            models.stream()
                .filter(m -> notified.getOrDefault(m, Set.of()).contains("creator-logged"))
                .count();
    int driftSeen =
        (int)
            drifting.stream()
                .filter(m -> notified.getOrDefault(m, Set.of()).contains("feature-drift"))
                .count();
    return List.of(
        new Tally(
            "failed check notified (creator-logged)",
            models.size(),
            creatorSeen,
            models.size() - creatorSeen,
            0),
        new Tally(
            "firing signal notified (feature-drift)",
            drifting.size(),
            driftSeen,
            drifting.size() - driftSeen,
            0),
        new Tally(
            "notifications accepted by the receiver (once per delivery id)",
            byDelivery.size(),
            byDelivery.size(),
            0,
            sentTwice),
        new Tally(
            "alert changes notified (once per group and alerts)",
            byContent.size(),
            byContent.size(),
            0,
            sameTwice));
  }

  /** How far behind each consumer group is, summed over its partitions. */
  private Map<String, Long> lag() throws Exception {
    Map<String, Long> lag = new TreeMap<>();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      for (GroupListing group :
          admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(30, TimeUnit.SECONDS)) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(group.groupId())
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        long behind = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
          if (entry.getValue() != null
              && ends.get(entry.getKey()).offset() > entry.getValue().offset()) {
            behind +=
                recordsBetween(
                    entry.getKey(), entry.getValue().offset(), ends.get(entry.getKey()).offset());
          }
        }
        lag.put(group.groupId(), behind);
      }
    }
    return lag;
  }

  /**
   * The records a consumer committed at {@code from} has yet to read before {@code end}. Not the
   * offset difference: a topic written in transactions (monitor-service's Kafka Streams, exactly
   * once) ends with a commit marker that takes an offset and is no record, so a consumer that read
   * everything stays one offset behind its end (found by the fault suite, seed 871).
   */
  private long recordsBetween(TopicPartition partition, long from, long end) {
    try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                stack.bootstrapServers(),
                "isolation.level",
                "read_committed",
                "enable.auto.commit",
                "false"),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, from);
      long records = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        records += consumer.poll(Duration.ofMillis(500)).count();
      }
      return records;
    }
  }

  /** Records in the dead-letter topics: the workload sends nothing malformed. */
  private int deadLettered() {
    try (TopicClient kafka = new TopicClient(stack.bootstrapServers())) {
      int count = 0;
      for (String topic : DeadLetterIT.CONSUMED) {
        List<?> dead = kafka.records(Topics.deadLetter(topic));
        if (!dead.isEmpty()) {
          System.out.printf("%d record(s) in %s%n", dead.size(), Topics.deadLetter(topic));
          kafka.records(Topics.deadLetter(topic)).stream()
              .limit(5)
              .forEach(
                  r ->
                      System.out.println(
                          "  "
                              + r.key()
                              + ": "
                              + TopicClient.header(r, "dead-letter-reason").orElse("")));
        }
        count += dead.size();
      }
      return count;
    }
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, PATIENCE.toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
