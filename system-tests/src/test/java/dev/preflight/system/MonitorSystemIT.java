package dev.preflight.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged monitor with the rest of the system: a posted profile passes monitoring-in-place in
 * the checklist; shifted production traffic fires a drift signal; the monitor is stopped and
 * started while the traffic stays shifted, and the signal neither resets nor fires again. (Windows
 * are 3 s in the system tests.)
 */
class MonitorSystemIT {

  private static PreflightSystem system;
  private static TopicClient kafka;
  private final Random random = new Random(3);

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
  void aFiringSignalSurvivesAStopAndStartOfTheMonitor() throws IOException {
    String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    String pipeline = system.token("pipeline");
    ThinSliceIT.registerModel(pipeline, model, "{\"name\": \"Ada Lovelace\"}");
    ThinSliceIT.registerVersion(pipeline, model, "1.0.0");

    String monitor = system.url(PreflightService.MONITOR).toString();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(pipeline)
                    .contentType(ContentType.JSON)
                    .body(profile())
                    .put(monitor + "/api/v1/profiles/{m}/1.0.0", model)
                    .then()
                    .statusCode(200));
    ThinSliceIT.awaitItem(model, "1.0.0", "monitoring-in-place", "passed");

    JsonNode fired =
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  sendShifted(model, 15);
                  List<JsonNode> signals = signals(model, EventType.SIGNAL_FIRING);
                  return signals.isEmpty() ? null : signals.get(0);
                },
                signal -> signal != null);
    assertThat(fired.path("feature").asText()).isEqualTo("amount");
    long recordsBefore = records(model);

    system.restart(PreflightService.MONITOR, false);

    // Shifted traffic for five more windows after the restart.
    Instant until = Instant.now().plusSeconds(15);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              sendShifted(model, 15);
              return Instant.now().isAfter(until);
            });
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(records(model)).isGreaterThan(recordsBefore + 200));
    assertThat(signals(model, EventType.SIGNAL_FIRING))
        .extracting(s -> s.path("signalId").asText())
        .containsOnly(fired.path("signalId").asText());
    assertThat(signals(model, EventType.SIGNAL_RESOLVED)).isEmpty();
    given()
        .auth()
        .oauth2(system.token("engineer"))
        .get(monitor + "/api/v1/status/{m}/1.0.0", model)
        .then()
        .statusCode(200)
        .body("firing.signalId", org.hamcrest.Matchers.hasItem(fired.path("signalId").asText()));
  }

  private long records(String model) {
    return given()
        .auth()
        .oauth2(system.token("engineer"))
        .get(system.url(PreflightService.MONITOR) + "/api/v1/versions/{m}/1.0.0", model)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("records");
  }

  private String profile() {
    return referenceProfile(random);
  }

  /** A reference profile of one numeric feature, {@code amount} around 50. */
  static String referenceProfile(Random random) {
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode amounts =
        body.putObject("features").putObject("amount").put("type", "numeric").putArray("values");
    for (int i = 0; i < 2000; i++) {
      amounts.add(50 + 10 * random.nextGaussian());
    }
    return body.toString();
  }

  private void sendShifted(String model, int count) {
    for (int i = 0; i < count; i++) {
      ObjectNode json = shiftedLog(model, random);
      kafka.send(
          Topics.INFERENCE_LOGS,
          json.get("requestId").asText(),
          json.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * One inference log of version 1.0.0 whose {@code amount} has drifted from the {@link
   * #referenceProfile} (mean 80 against 50).
   */
  static ObjectNode shiftedLog(String model, Random random) {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("modelId", model)
        .put("modelVersion", "1.0.0")
        .put("requestId", UUID.randomUUID().toString())
        .put("timestamp", Instant.now().toString())
        .put("latencyMs", 9.0)
        .put("status", 200)
        .put("clientId", "checkout")
        .put("auth", "ok")
        .put("payloadBytes", 200);
    json.putObject("features").put("amount", 80 + 10 * random.nextGaussian());
    return json;
  }

  private static List<JsonNode> signals(String model, EventType type) {
    return kafka.events(Topics.SIGNALS).stream()
        .filter(e -> e.type().orElse(null) == type && e.modelId().equals(model))
        .map(MonitorSystemIT::data)
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
