package dev.preflight.checklist;

import static dev.preflight.checklist.Requests.checklist;
import static dev.preflight.checklist.Requests.manifest;
import static dev.preflight.checklist.Requests.registerVersion;
import static dev.preflight.checklist.Requests.uniqueModelId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.devstack.TopicClient;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ChecklistTestResources
class TemplateApiTest {

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
  void anAdminDerivesATemplateAndNewChecklistsFollowItWhileOldOnesKeepTheirVersion() {
    String templateId = "strict-" + UUID.randomUUID().toString().substring(0, 8);
    derive(
            TestTokens.admin(),
            """
            {"id": "%s", "basedOn": {"id": "default", "version": 1}, "gateMode": "advise",
             "add": [{"id": "bias-reviewed", "phase": "after-training", "manualOnly": true, "required": true,
                      "text": "Model bias across customer segments is reviewed"}],
             "remove": ["prod-traffic-rerouted"],
             "modify": [{"itemId": "test-latency-ok", "parameters": {"concurrency": 16}},
                        {"itemId": "creator-logged", "manualOnly": true}]}
            """
                .formatted(templateId))
        .statusCode(201)
        .header(
            "Location",
            org.hamcrest.Matchers.endsWith("/api/v1/templates/" + templateId + "/versions/1"))
        .body("version", equalTo(1))
        .body("gateMode", equalTo("advise"))
        .body("derivedFrom.id", equalTo("default"));

    String model = uniqueModelId("fraud");
    registerModelWith(model, templateId).statusCode(201);
    registerVersion(TestTokens.pipeline("fraud"), model, manifest("1.0.0", null)).statusCode(201);

    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body("template.id", equalTo(templateId))
        .body("template.version", equalTo(1))
        .body("phases.flatten().items.flatten().itemId", hasItem("bias-reviewed"))
        .body("phases.flatten().items.flatten().itemId", not(hasItem("prod-traffic-rerouted")))
        .body("phases[0].items.find { it.itemId == 'bias-reviewed' }.automated", equalTo(false));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              PhaseEntered phase =
                  kafka.events(Topics.LIFECYCLE).stream()
                      .filter(
                          e ->
                              e.modelId().equals(model)
                                  && e.ceType().equals(EventType.PHASE_ENTERED.ceType()))
                      .map(
                          e ->
                              kafka.codec().<PhaseEntered>decode(e, EventType.PHASE_ENTERED).data())
                      .findFirst()
                      .orElseThrow();
              assertThat(phase.items())
                  .filteredOn(item -> item.itemId().equals("creator-logged"))
                  .singleElement()
                  .satisfies(item -> assertThat(item.automated()).isFalse());
            });

    derive(
            TestTokens.admin(),
            "{\"id\": \"%s\", \"remove\": [\"bias-reviewed\"]}".formatted(templateId))
        .statusCode(201)
        .body("version", equalTo(2))
        .body("derivedFrom.version", equalTo(1));
    registerVersion(TestTokens.pipeline("fraud"), model, manifest("1.1.0", "1.0.0"))
        .statusCode(201);

    checklist(TestTokens.engineer("fraud"), model, "1.1.0")
        .body("template.version", equalTo(2))
        .body("phases.flatten().items.flatten().itemId", not(hasItem("bias-reviewed")));
    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body("template.version", equalTo(1))
        .body("phases.flatten().items.flatten().itemId", hasItem("bias-reviewed"));
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .get("/api/v1/templates/{id}", templateId)
        .then()
        .statusCode(200)
        .body("version", equalTo(java.util.List.of(1, 2)));
  }

  @Test
  void onlyAdminsDeriveTemplatesAndBadDerivationsAreRefused() {
    derive(
            TestTokens.approver("fraud"),
            "{\"id\": \"mine\", \"basedOn\": {\"id\": \"default\", \"version\": 1}}")
        .statusCode(403);
    derive(
            TestTokens.admin(),
            "{\"id\": \"orphan-" + UUID.randomUUID().toString().substring(0, 6) + "\"}")
        .statusCode(400)
        .body("errors.field", hasItem("/basedOn"));
    derive(
            TestTokens.admin(),
            "{\"id\": \"broken\", \"basedOn\": {\"id\": \"default\", \"version\": 1}, \"remove\":"
                + " [\"no-such-item\"]}")
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.message", hasItem(org.hamcrest.Matchers.containsString("no-such-item")));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/templates/{id}/versions/{v}", "default", 99)
        .then()
        .statusCode(404);
  }

  @Test
  void aModelNamingAnUnknownTemplateIsRefused() {
    registerModelWith(uniqueModelId("fraud"), "no-such-template")
        .statusCode(400)
        .body("errors.field", hasItem("/template"));
  }

  private static ValidatableResponse derive(String token, String body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/templates")
        .then();
  }

  private static ValidatableResponse registerModelWith(String model, String template) {
    return Requests.registerModel(
        TestTokens.pipeline("fraud"),
        """
        {"modelId": "%s", "name": "Fraud detector", "team": "fraud", "owner": {"name": "Ada Lovelace"},
         "template": "%s"}
        """
            .formatted(model, template));
  }
}
