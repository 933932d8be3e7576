package dev.preflight.monitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.contracts.model.ModelRef;
import dev.preflight.contracts.model.Owner;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.devstack.TopicClient;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(StreamsStateResource.class)
class InferenceCountTest {

  private static TopicClient kafka;

  @BeforeAll
  static void connect() {
    kafka = new TopicClient(KafkaResource.bootstrapServers());
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  @Test
  void aRegisteredVersionsInferenceRecordsAreCountedAndReported() {
    String model = uniqueModel();
    kafka.publish(versionRegistered(model, "fraud"));
    for (int i = 0; i < 3; i++) {
      kafka.send(Topics.INFERENCE_LOGS, "req-" + i, record(model, "req-" + i));
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.engineer("fraud"))
                    .get("/api/v1/versions/{model}/{version}", model, "1.0.0")
                    .then()
                    .statusCode(200)
                    .body("registered", equalTo(true))
                    .body("team", equalTo("fraud"))
                    .body("records", equalTo(3)));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString(
                "preflight_monitor_inference_records_total{model=\""
                    + model
                    + "\",version=\"1.0.0\"} 3.0"));
  }

  @Test
  void aGarbageInferenceRecordIsDeadLetteredAndCountingGoesOn() {
    String model = uniqueModel();
    kafka.publish(versionRegistered(model, "fraud"));
    String garbageKey = "garbage-" + model;
    kafka.send(
        Topics.INFERENCE_LOGS, garbageKey, "{\"modelId\": 42".getBytes(StandardCharsets.UTF_8));
    kafka.send(
        Topics.INFERENCE_LOGS,
        "nameless-" + model,
        "{\"latencyMs\": 3}".getBytes(StandardCharsets.UTF_8));
    kafka.send(Topics.INFERENCE_LOGS, "req-ok", record(model, "req-ok"));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.engineer("fraud"))
                    .get("/api/v1/versions/{model}/{version}", model, "1.0.0")
                    .then()
                    .statusCode(200)
                    .body("records", equalTo(1)));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(kafka.records(Topics.deadLetter(Topics.INFERENCE_LOGS)))
                    .filteredOn(
                        r -> garbageKey.equals(r.key()) || ("nameless-" + model).equals(r.key()))
                    .hasSize(2)
                    .allSatisfy(
                        r -> {
                          assertThat(TopicClient.header(r, "dead-letter-reason")).isPresent();
                          assertThat(TopicClient.header(r, "dead-letter-topic"))
                              .contains(Topics.INFERENCE_LOGS);
                        }));
  }

  @Test
  void readersSeeOnlyTheirTeamsVersionsAndUnknownOnesAre404() {
    String model = uniqueModel();
    kafka.publish(versionRegistered(model, "fraud"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.admin())
                    .get("/api/v1/versions/{model}/{version}", model, "1.0.0")
                    .then()
                    .statusCode(200)
                    .body("records", equalTo(0)));

    given()
        .auth()
        .oauth2(TestTokens.engineer("recsys"))
        .get("/api/v1/versions/{model}/{version}", model, "1.0.0")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .get("/api/v1/versions/{model}/{version}", model, "9.9.9")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given().get("/api/v1/versions/{model}/{version}", model, "1.0.0").then().statusCode(401);
  }

  private static byte[] record(String model, String requestId) {
    return """
    {"modelId": "%s", "modelVersion": "1.0.0", "requestId": "%s", "timestamp": "2026-11-28T09:30:00Z",
     "features": {"amount": 12.5, "country": "DE"}, "prediction": {"label": "ok", "score": 0.1},
     "latencyMs": 12.3, "status": 200, "clientId": "checkout", "auth": "ok", "payloadBytes": 310}
    """
        .formatted(model, requestId)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Event<VersionRegistered> versionRegistered(String model, String team) {
    VersionManifest manifest = VersionManifest.of("1.0.0");
    return Event.of(
        EventType.VERSION_REGISTERED,
        URI.create("/preflight/checklist-service"),
        model,
        "1.0.0",
        "corr-" + model,
        new VersionRegistered(
            new ModelRef(model, "Fraud detector", team, new Owner("Ada", Optional.empty())),
            "1.0.0",
            manifest,
            true,
            "default",
            1));
  }

  private static String uniqueModel() {
    return "fraud-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
