package dev.preflight.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Json;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.devstack.PreflightService;
import dev.preflight.devstack.TopicClient;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor counts every inference record exactly once through crashes (issue 16): records with
 * known contents stream in while the packaged monitor is killed with {@code kill -9} three times,
 * each time as soon as it counts records again after the last kill (when the most work is in flight
 * between its stages and least has been committed); afterwards every window's record count and each
 * feature's count and sum equal what was sent, off-contract records interleaved with them are
 * dead-lettered once each and counted nowhere, and the drift signal the traffic fires neither
 * resets nor fires again.
 */
class MonitorExactnessIT {

  private static final String VERSION = "1.0.0";
  private static final long WINDOW_MS = 3_000; // the system tests' monitor window
  private static final int PER_BATCH = 40;
  private static final Duration BATCH_EVERY = Duration.ofMillis(50);
  private static final Duration TRAFFIC_LIMIT = Duration.ofSeconds(120);
  private static final long AT_LEAST = 25_000;

  private static PreflightSystem system;
  private static TopicClient kafka;

  /** Window start → {records, amount's sum, units' sum} of what was sent. */
  private final Map<Long, long[]> truth = new ConcurrentHashMap<>();

  private final Set<String> malformed = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    system = PreflightSystem.get();
    kafka = new TopicClient(system.broker.bootstrapServers());
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  @Test
  void everyRecordCountsOnceThroughKillsOfTheMonitor() throws Exception {
    String model = "exact-" + UUID.randomUUID().toString().substring(0, 8);
    String pipeline = system.token("pipeline");
    ThinSliceIT.registerModel(pipeline, model, "{\"name\": \"Ada Lovelace\"}");
    ThinSliceIT.registerVersion(pipeline, model, VERSION);
    String monitor = system.url(PreflightService.MONITOR).toString();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(pipeline)
                    .contentType(ContentType.JSON)
                    .body(MonitorSystemIT.referenceProfile(new Random(5)))
                    .put(monitor + "/api/v1/profiles/{m}/" + VERSION, model)
                    .then()
                    .statusCode(200));
    ThinSliceIT.awaitItem(model, VERSION, "monitoring-in-place", "passed");

    AtomicBoolean sending = new AtomicBoolean(true);
    Thread sender = new Thread(() -> send(model, sending), "exactness-sender");
    sender.start();
    String signalId;
    int kills = 0;
    String engineer = system.token("engineer");
    try {
      // The traffic drifts from the profile: a drift signal fires before the first kill.
      signalId =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> firedSignals(model), ids -> !ids.isEmpty())
              .iterator()
              .next();
      for (int kill = 0; kill < 3 && sender.isAlive(); kill++) {
        long counted = versionRecords(engineer, monitor, model);
        long start = System.nanoTime();
        system.restart(PreflightService.MONITOR, true);
        kills++;
        // Killed again the moment it counts anew: partials merged but not yet checkpointed, offsets
        // read but not committed, a transaction open.
        long again =
            await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> versionRecords(engineer, monitor, model), n -> n > counted);
        System.out.printf(
            "exactness: kill -9 %d of the monitor; counting again (%,d → %,d) after %.1f s%n",
            kills, counted, again, (System.nanoTime() - start) / 1e9);
      }
      // Traffic goes on past the last restart, until enough has been sent.
      await()
          .atMost(TRAFFIC_LIMIT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> sent() >= AT_LEAST || !sender.isAlive());
      Thread.sleep(2_000);
    } finally {
      sending.set(false);
      sender.join(Duration.ofSeconds(30).toMillis());
    }
    long sent = sent();
    System.out.printf(
        "exactness: %,d records in %d windows and %d off-contract records sent, %d kills%n",
        sent, truth.size(), malformed.size(), kills);
    assertThat(kills).isEqualTo(3);
    assertThat(sent).isGreaterThanOrEqualTo(AT_LEAST);

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(versionRecords(engineer, monitor, model)).isGreaterThanOrEqualTo(sent));
    // Once all are in, none more arrive: the total holds while more flushes go by.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(versionRecords(engineer, monitor, model)).isEqualTo(sent));

    Map<Long, long[]> counted =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> windows(engineer, monitor, model),
                w -> w.keySet().containsAll(truth.keySet()));
    Map<Long, String> expected = new TreeMap<>();
    Map<Long, String> actual = new TreeMap<>();
    truth.forEach((start, t) -> expected.put(start, describe(t)));
    counted.forEach(
        (start, c) -> {
          if (c[0] > 0 || truth.containsKey(start)) {
            actual.put(start, describe(c));
          }
        });
    assertThat(actual).isEqualTo(expected);

    // Every off-contract record is dead-lettered exactly once (transactions: committed once).
    List<String> deadLettered =
        kafka.records(Topics.deadLetter(Topics.INFERENCE_LOGS), true).stream()
            .map(ConsumerRecord::key)
            .filter(malformed::contains)
            .toList();
    assertThat(deadLettered).hasSameSizeAs(malformed).doesNotHaveDuplicates();

    // The signal fired once and stayed firing.
    assertThat(firedSignals(model)).containsOnly(signalId);
    assertThat(signals(model, EventType.SIGNAL_RESOLVED)).isEmpty();
  }

  private long sent() {
    return truth.values().stream().mapToLong(t -> t[0]).sum();
  }

  private static String describe(long[] window) {
    return "records=" + window[0] + " amount.sum=" + window[1] + " units.sum=" + window[2];
  }

  /** Sends batches of records stamped now, a few of them off the contract, until told to stop. */
  private void send(String model, AtomicBoolean sending) {
    Random random = new Random(11);
    Instant until = Instant.now().plus(TRAFFIC_LIMIT.multipliedBy(2));
    long sequence = 0;
    while (sending.get() && Instant.now().isBefore(until)) {
      List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
      for (int i = 0; i < PER_BATCH; i++) {
        long now = System.currentTimeMillis();
        String requestId = model + "-" + sequence++;
        if (sequence % 97 == 0) {
          malformed.add(requestId);
          byte[] bad =
              sequence % 2 == 0
                  ? "{\"modelId\": 42".getBytes(StandardCharsets.UTF_8)
                  : record(model, requestId, now, 1, 1)
                      .without("status")
                      .toString()
                      .getBytes(StandardCharsets.UTF_8);
          batch.add(new ProducerRecord<>(Topics.INFERENCE_LOGS, requestId, bad));
          continue;
        }
        // Discrete values (amount around 80 against the profile's 50): windows keep them exactly.
        long amount = Math.round(80 + 10 * random.nextGaussian());
        long units = random.nextInt(5);
        long[] window =
            truth.computeIfAbsent(Math.floorDiv(now, WINDOW_MS) * WINDOW_MS, w -> new long[3]);
        window[0]++;
        window[1] += amount;
        window[2] += units;
        batch.add(
            new ProducerRecord<>(
                Topics.INFERENCE_LOGS,
                requestId,
                record(model, requestId, now, amount, units)
                    .toString()
                    .getBytes(StandardCharsets.UTF_8)));
      }
      kafka.sendAll(batch);
      try {
        Thread.sleep(BATCH_EVERY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static ObjectNode record(
      String model, String requestId, long timestamp, long amount, long units) {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("modelId", model)
        .put("modelVersion", VERSION)
        .put("requestId", requestId)
        .put("timestamp", Instant.ofEpochMilli(timestamp).toString())
        .put("latencyMs", 9.0)
        .put("status", 200)
        .put("clientId", "checkout")
        .put("auth", "ok")
        .put("payloadBytes", 200);
    json.putObject("features").put("amount", amount).put("units", units);
    return json;
  }

  private static long versionRecords(String token, String monitor, String model) {
    return given()
        .auth()
        .oauth2(token)
        .get(monitor + "/api/v1/versions/{m}/" + VERSION, model)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("records");
  }

  /** Window start → {records, amount's sum, units' sum} as the monitor holds them. */
  private static Map<Long, long[]> windows(String token, String monitor, String model)
      throws IOException {
    String body =
        given()
            .auth()
            .oauth2(token)
            .get(monitor + "/api/v1/status/{m}/" + VERSION + "/windows", model)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    Map<Long, long[]> windows = new TreeMap<>();
    for (JsonNode window : Json.mapper().readTree(body).path("windows")) {
      JsonNode numeric = window.path("numeric");
      assertThat(numeric.path("amount").path("exact").asBoolean(true)).isTrue();
      windows.put(
          Instant.parse(window.path("start").asText()).toEpochMilli(),
          new long[] {
            window.path("records").asLong(),
            Math.round(numeric.path("amount").path("sum").asDouble()),
            Math.round(numeric.path("units").path("sum").asDouble())
          });
    }
    return windows;
  }

  private static Set<String> firedSignals(String model) {
    return signals(model, EventType.SIGNAL_FIRING).stream()
        .map(s -> s.path("signalId").asText())
        .collect(Collectors.toSet());
  }

  private static List<JsonNode> signals(String model, EventType type) {
    return kafka.events(Topics.SIGNALS).stream()
        .filter(e -> e.type().orElse(null) == type && e.modelId().equals(model))
        .map(MonitorExactnessIT::data)
        .filter(d -> d.path("check").asText().equals("feature-drift"))
        .toList();
  }

  private static JsonNode data(RawEvent event) {
    try {
      return Json.mapper().readTree(event.data());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
