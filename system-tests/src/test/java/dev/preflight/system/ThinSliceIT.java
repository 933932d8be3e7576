package dev.preflight.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.EventSchemas;
import dev.preflight.contracts.Json;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.devstack.PreflightService;
import dev.preflight.devstack.TopicClient;
import dev.preflight.devstack.WebhookInbox.Delivery;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One model version flowing through the whole system: a pipeline registers it over REST, the probe
 * verifies {@code creator-logged}, the checklist shows the outcome with evidence, the team's
 * webhook gets the alert, and the monitor counts the version's inference logs.
 */
class ThinSliceIT {

  private static PreflightSystem system = PreflightSystem.get();
  private static TopicClient kafka;

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
  void anOwnerWithoutContactFailsCreatorLoggedAndTheTeamWebhookIsAlerted() {
    String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    String pipeline = system.token("pipeline");

    registerModel(pipeline, model, "{\"name\": \"Ada Lovelace\"}");
    registerVersion(pipeline, model, "1.0.0");

    JsonPath item = awaitItem(model, "1.0.0", "creator-logged", "failed");
    assertThat(item.getString("evidence.source")).isEqualTo("probe-service");
    assertThat(item.getString("evidence.summary")).contains("no contact");
    assertThat(item.getString("evidence.measured.ownerName")).isEqualTo("Ada Lovelace");
    assertThat(item.getList("evidence.measured.routes", String.class))
        .containsExactly("webhook:owner");

    Delivery delivery = awaitWebhook("/hooks/fraud", model, "creator-logged");
    JsonNode payload = delivery.json();
    assertThat(payload.get("version").asText()).isEqualTo("4");
    assertThat(payload.get("status").asText()).isEqualTo("firing");
    assertThat(payload.get("receiver").asText()).isEqualTo("owner");
    JsonNode alert = alertOf(payload, "creator-logged");
    assertThat(alert.get("labels").get("model").asText()).isEqualTo(model);
    assertThat(alert.get("labels").get("version").asText()).isEqualTo("1.0.0");
    assertThat(alert.get("labels").get("team").asText()).isEqualTo("fraud");
    assertThat(alert.get("labels").get("check").asText()).isEqualTo("creator-logged");
    assertThat(alert.get("annotations").get("checklist").asText())
        .isEqualTo(
            system.url(PreflightService.CHECKLIST)
                + "/api/v1/models/"
                + model
                + "/versions/1.0.0/checklist");
    assertThat(alert.get("fingerprint").asText()).matches("[0-9a-f]{16}");

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(system.token("engineer"))
                    .queryParam("modelId", model)
                    .get(system.url(PreflightService.NOTIFIER) + "/api/v1/notifications")
                    .then()
                    .statusCode(200)
                    .body("status", org.hamcrest.Matchers.everyItem(equalTo("sent"))));
  }

  @Test
  void anOwnerWithADeliverableContactPassesCreatorLoggedAndNobodyIsPagedAboutIt() {
    String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    String pipeline = system.token("pipeline");

    registerModel(
        pipeline, model, "{\"name\": \"Grace Hopper\", \"email\": \"grace.hopper@navy.mil\"}");
    registerVersion(pipeline, model, "2.1.0");

    JsonPath item = awaitItem(model, "2.1.0", "creator-logged", "passed");
    assertThat(item.getString("evidence.summary")).contains("Grace Hopper");
    assertThat(item.getList("history.to", String.class)).containsExactly("running", "passed");
    // other after-training items of this bare manifest fail and page; this one does not
    assertThat(webhooksOf("/hooks/fraud", model, "creator-logged")).isEmpty();
  }

  @Test
  void theMonitorCountsTheInferenceLogsOfARegisteredVersion() {
    String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    String pipeline = system.token("pipeline");
    registerModel(pipeline, model, "{\"name\": \"Ada Lovelace\", \"email\": \"ada@lovelace.dev\"}");
    registerVersion(pipeline, model, "1.0.0");

    for (int i = 0; i < 5; i++) {
      String record =
          """
          {"modelId":"%s","modelVersion":"1.0.0","requestId":"r-%d","timestamp":"2026-11-28T09:30:00Z",
           "features":{"amount":%d.5,"country":"DE"},"prediction":{"label":"legit","score":0.12},
           "latencyMs":14.2,"status":200,"clientId":"checkout","auth":"ok","payloadBytes":412}
          """
              .formatted(model, i, i * 10);
      kafka.send(Topics.INFERENCE_LOGS, "r-" + i, record.getBytes(StandardCharsets.UTF_8));
    }

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(system.token("engineer"))
                    .get(
                        system.url(PreflightService.MONITOR) + "/api/v1/versions/{model}/1.0.0",
                        model)
                    .then()
                    .statusCode(200)
                    .body("registered", equalTo(true))
                    .body("records", equalTo(5)));
  }

  @Test
  void everyEventTheServicesPublishIsValidAgainstItsSchema() throws Exception {
    String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    String pipeline = system.token("pipeline");
    registerModel(pipeline, model, "{\"name\": \"Ada Lovelace\"}");
    registerVersion(pipeline, model, "1.0.0");
    awaitItem(model, "1.0.0", "creator-logged", "failed");

    List<RawEvent> events =
        java.util.stream.Stream.concat(
                kafka.events(Topics.LIFECYCLE).stream(),
                kafka.events(Topics.PROBE_RESULTS).stream())
            .filter(e -> e.modelId().equals(model))
            .toList();

    assertThat(events)
        .extracting(e -> e.type().orElseThrow().eventName())
        .contains(
            "model.registered",
            "version.registered",
            "phase.entered",
            "probe.run.started",
            "check.completed",
            "probe.run.completed",
            "item.updated");
    for (RawEvent event : events) {
      assertThat(event.subject())
          .hasValueSatisfying(s -> assertThat(s).startsWith("models/" + model));
      assertThat(
              EventSchemas.validate(
                  event.type().orElseThrow(), Json.mapper().readTree(event.data())))
          .as("data of %s", event.ceType())
          .isEmpty();
    }
  }

  static void registerModel(String token, String model, String owner) {
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(
            """
            {"modelId": "%s", "name": "Fraud detector", "team": "fraud", "owner": %s}
            """
                .formatted(model, owner))
        .post(system.url(PreflightService.CHECKLIST) + "/api/v1/models")
        .then()
        .statusCode(201);
  }

  /** A template whose gates advise instead of refusing, for tests that deploy what fails. */
  static final String ADVISORY_TEMPLATE = "advisory-gate";

  /** Registers a model that follows {@link #ADVISORY_TEMPLATE} (created on first use). */
  static void registerAdvisedModel(String token, String model, String owner) {
    int created =
        given()
            .auth()
            .oauth2(system.token("admin"))
            .contentType(ContentType.JSON)
            .body(
                """
                {"id": "%s", "basedOn": {"id": "default", "version": 1}, "gateMode": "advise"}
                """
                    .formatted(ADVISORY_TEMPLATE))
            .post(system.url(PreflightService.CHECKLIST) + "/api/v1/templates")
            .then()
            .extract()
            .statusCode();
    org.assertj.core.api.Assertions.assertThat(created).isIn(201, 409);
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(
            """
            {"modelId": "%s", "name": "Fraud detector", "team": "fraud", "owner": %s,
             "template": "%s"}
            """
                .formatted(model, owner, ADVISORY_TEMPLATE))
        .post(system.url(PreflightService.CHECKLIST) + "/api/v1/models")
        .then()
        .statusCode(201);
  }

  static void registerVersion(String token, String model, String version) {
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(
            """
            {"version": "%s", "features": [{"name": "amount", "type": "numeric"}],
             "trainingMetrics": {"accuracy": {"value": 0.93, "tolerance": 0.01}}}
            """
                .formatted(version))
        .post(system.url(PreflightService.CHECKLIST) + "/api/v1/models/{model}/versions", model)
        .then()
        .statusCode(201)
        .body("checklist.blocking", hasItem("creator-logged"));
  }

  static JsonPath awaitItem(String model, String version, String itemId, String state) {
    String path = "phases.flatten().items.flatten().find { it.itemId == '" + itemId + "' }";
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(checklist(model, version).getString(path + ".state")).isEqualTo(state));
    return new JsonPath(checklist(model, version).prettify()).setRootPath(path);
  }

  static JsonPath checklist(String model, String version) {
    return given()
        .auth()
        .oauth2(system.token("engineer"))
        .get(
            system.url(PreflightService.CHECKLIST)
                + "/api/v1/models/{model}/versions/{version}/checklist",
            model,
            version)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  static Delivery awaitWebhook(String path, String model, String check) {
    await().atMost(Duration.ofSeconds(60)).until(() -> !webhooksOf(path, model, check).isEmpty());
    return webhooksOf(path, model, check).get(0);
  }

  /** The deliveries that carry an alert about one check of a model (alerts group per version). */
  static List<Delivery> webhooksOf(String path, String model, String check) {
    return system.inbox.deliveries(path).stream()
        .filter(d -> d.json().path("commonLabels").path("model").asText().equals(model))
        .filter(d -> alertOf(d.json(), check) != null)
        .toList();
  }

  /** The payload's alert about a check, or null. */
  static JsonNode alertOf(JsonNode payload, String check) {
    for (JsonNode alert : payload.path("alerts")) {
      if (alert.path("labels").path("check").asText().equals(check)) {
        return alert;
      }
    }
    return null;
  }
}
