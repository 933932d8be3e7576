package dev.preflight.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.ItemUpdated;
import dev.preflight.contracts.events.ModelRegistered;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.Evidence;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Owner;
import dev.preflight.contracts.model.Phase;
import dev.preflight.devstack.TopicClient;
import dev.preflight.devstack.WebhookInbox.Delivery;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.PostgresResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(ReceiversResource.class)
class AlertDeliveryTest {

  /**
   * How long a delivery stays claimed: three times {@code delivery.timeout} of the test profile.
   */
  private static final Duration CLAIM = Duration.ofSeconds(9);

  private static TopicClient kafka;

  @Inject DataSource dataSource;

  @BeforeAll
  static void connect() {
    kafka = new TopicClient(KafkaResource.bootstrapServers());
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  @Test
  void aFailedCheckIsPostedToTheTeamWebhookInAlertmanagerFormatAndResolvedByALaterPass()
      throws Exception {
    String model = uniqueModel();

    kafka.publish(check(model, "fraud", CheckStatus.FAILED));

    Delivery firing = awaitDelivery("/hooks/fraud", model, "firing");
    JsonNode payload = firing.json();
    assertThat(payload.get("version").asText()).isEqualTo("4");
    assertThat(payload.get("receiver").asText()).isEqualTo("owner");
    JsonNode alert = payload.get("alerts").get(0);
    assertThat(alert.get("labels").get("alertname").asText()).isEqualTo("PreflightCheckFailed");
    assertThat(alert.get("labels").get("check").asText()).isEqualTo("creator-logged");
    assertThat(alert.get("labels").get("severity").asText()).isEqualTo("critical");
    assertThat(alert.get("annotations").get("summary").asText())
        .contains("creator-logged failed for " + model);
    assertThat(alert.get("annotations").get("checklist").asText())
        .endsWith("/api/v1/models/" + model + "/versions/1.0.0/checklist");
    assertThat(alert.get("fingerprint").asText()).matches("[0-9a-f]{16}");
    assertSigned(firing);

    kafka.publish(check(model, "fraud", CheckStatus.PASSED));

    Delivery resolved = awaitDelivery("/hooks/fraud", model, "resolved");
    assertThat(resolved.json().get("alerts").get(0).get("fingerprint").asText())
        .isEqualTo(alert.get("fingerprint").asText());
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .queryParam("modelId", model)
        .get("/api/v1/notifications")
        .then()
        .statusCode(200)
        .body("status", equalTo(List.of("sent", "sent")))
        .body("alertStatus", equalTo(List.of("resolved", "firing")));
  }

  /**
   * Found by a user: minutes after an approver attested the item of a failed check, its alert was
   * still firing; only a passing re-run resolved it. An item that becomes passed or waived by any
   * route resolves its alert.
   */
  @Test
  void anAttestedItemResolvesTheAlertOfItsFailedCheck() {
    String model = uniqueModel();
    kafka.publish(check(model, "fraud", CheckStatus.FAILED));
    Delivery firing = awaitDelivery("/hooks/fraud", model, "firing");

    kafka.publish(
        Event.of(
            EventType.ITEM_UPDATED,
            URI.create("/preflight/checklist-service"),
            model,
            "1.0.0",
            "corr-" + model,
            new ItemUpdated(
                model,
                "1.0.0",
                "fraud",
                Phase.AFTER_TRAINING,
                "creator-logged",
                ItemState.PASSED,
                ItemState.FAILED,
                Optional.of(
                    new Evidence(
                        "approver",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "Ada is reachable via the fraud team channel",
                        List.of(),
                        Optional.of("https://wiki.acme.dev/fraud/owners"))),
                "approver")));

    Delivery resolved = awaitDelivery("/hooks/fraud", model, "resolved");
    assertThat(resolved.json().get("alerts").get(0).get("fingerprint").asText())
        .isEqualTo(firing.json().get("alerts").get(0).get("fingerprint").asText());
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .queryParam("modelId", model)
        .get("/api/v1/alerts")
        .then()
        .statusCode(200)
        .body("status", hasItem("resolved"))
        .body("status", everyItem(equalTo("resolved")));
  }

  @Test
  void aRedeliveredResultNotifiesOnce() {
    String model = uniqueModel();
    Event<CheckCompleted> failed = check(model, "fraud", CheckStatus.FAILED);

    kafka.publish(failed);
    kafka.publish(failed);
    kafka.publish(check(model, "fraud", CheckStatus.FAILED));

    awaitDelivery("/hooks/fraud", model, "firing");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> deliveriesOf("/hooks/fraud", model).size() == 1);
  }

  @Test
  void aReceiverThatFailsIsRetriedUntilItAccepts() {
    String model = uniqueModel();
    ReceiversResource.inbox().script("/hooks/flaky", 503, 503);

    kafka.publish(check(model, "flaky", CheckStatus.ERROR));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deliveriesOf("/hooks/flaky", model).size() == 3);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .queryParam("modelId", model)
        .get("/api/v1/notifications")
        .then()
        .body("[0].status", equalTo("sent"))
        .body("[0].attempts", equalTo(3))
        .body("[0].lastStatusCode", equalTo(200));
  }

  /**
   * The receiver accepts while PostgreSQL cannot take the outcome (a restart; here a constraint
   * refusing the write): the notifier keeps the outcome and records it when it can, and does not
   * send the notification again when its claim expires (found by the fault suite).
   */
  @Test
  void aDeliveryTheDatabaseCouldNotRecordIsNotSentAgain() throws SQLException {
    String model = uniqueModel();
    String refuse =
        "ALTER TABLE notification ADD CONSTRAINT refuse_unrecorded"
            + " CHECK (status <> 'sent' OR target NOT LIKE '%/hooks/unrecorded') NOT VALID";
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(refuse);
      try {
        kafka.publish(check(model, "unrecorded", CheckStatus.FAILED));
        awaitDelivery("/hooks/unrecorded", model, "firing");
        // Longer than a claim lasts (three delivery timeouts): an expired claim is taken again.
        await()
            .during(CLAIM.plusSeconds(2))
            .atMost(CLAIM.plusSeconds(5))
            .until(() -> deliveriesOf("/hooks/unrecorded", model).size() == 1);
      } finally {
        statement.execute("ALTER TABLE notification DROP CONSTRAINT refuse_unrecorded");
      }
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.admin())
                    .queryParam("modelId", model)
                    .get("/api/v1/notifications")
                    .then()
                    .body("status", everyItem(equalTo("sent")))
                    .body("attempts", everyItem(equalTo(1))));
    assertThat(deliveriesOf("/hooks/unrecorded", model)).hasSize(1);
  }

  @Test
  void aReceiverThatRejectsTheRequestIsNotRetried() {
    String model = uniqueModel();
    ReceiversResource.inbox().script("/hooks/strict", 400);

    kafka.publish(check(model, "strict", CheckStatus.FAILED));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.admin())
                    .queryParam("modelId", model)
                    .get("/api/v1/notifications")
                    .then()
                    .body("[0].status", equalTo("dead"))
                    .body("[0].attempts", equalTo(1))
                    .body("[0].lastStatusCode", equalTo(400)));
  }

  @Test
  void routesResolveByTeamOrByAModelsRegistration() {
    String model = uniqueModel();
    kafka.publish(
        Event.ofModel(
            EventType.MODEL_REGISTERED,
            URI.create("/preflight/checklist-service"),
            model,
            "corr",
            new ModelRegistered(
                model,
                "Fraud",
                "fraud",
                new Owner("Ada", Optional.of("ada@acme.dev")),
                Optional.empty())));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.service())
                    .queryParam("modelId", model)
                    .get("/api/v1/routes/resolve")
                    .then()
                    .statusCode(200)
                    .body("team", equalTo("fraud"))
                    .body("routes[0].receiver", equalTo("owner"))
                    .body("routes[0].integrations.type", equalTo(List.of("email", "webhook"))));
    given()
        .auth()
        .oauth2(TestTokens.service())
        .queryParam("modelId", "never-registered")
        .get("/api/v1/routes/resolve")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given().queryParam("team", "fraud").get("/api/v1/routes/resolve").then().statusCode(401);
  }

  @Test
  void anotherTeamDoesNotSeeTheAlerts() {
    String model = uniqueModel();
    kafka.publish(check(model, "fraud", CheckStatus.FAILED));
    awaitDelivery("/hooks/fraud", model, "firing");

    String fingerprint =
        given()
            .auth()
            .oauth2(TestTokens.engineer("fraud"))
            .queryParam("modelId", model)
            .get("/api/v1/alerts")
            .then()
            .body("labels.model", hasItem(model))
            .extract()
            .path("[0].fingerprint");
    String ofTheAlert = "findAll { it.fingerprints.contains('" + fingerprint + "') }";
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .queryParam("team", "fraud")
        .get("/api/v1/alert-groups")
        .then()
        .statusCode(200)
        .body(ofTheAlert + ".receiver", equalTo(List.of("owner")))
        .body(ofTheAlert + ".groupLabels.model", equalTo(List.of(model)));
    given()
        .auth()
        .oauth2(TestTokens.engineer("recsys"))
        .queryParam("modelId", model)
        .get("/api/v1/alerts")
        .then()
        .body("$", hasSize(0));
    given()
        .auth()
        .oauth2(TestTokens.engineer("recsys"))
        .get("/api/v1/alert-groups")
        .then()
        .statusCode(200)
        .body(ofTheAlert, hasSize(0));
  }

  @Test
  void aGarbageProbeResultIsDeadLetteredAndDeliveryGoesOn() {
    String key = "garbage-" + UUID.randomUUID();
    kafka.send(Topics.PROBE_RESULTS, key, "garbage".getBytes(StandardCharsets.UTF_8));
    String model = uniqueModel();
    kafka.publish(check(model, "fraud", CheckStatus.FAILED));

    awaitDelivery("/hooks/fraud", model, "firing");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                kafka.records(Topics.deadLetter(Topics.PROBE_RESULTS)).stream()
                    .anyMatch(r -> key.equals(r.key())));
  }

  private static Delivery awaitDelivery(String path, String model, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                deliveriesOf(path, model).stream()
                    .anyMatch(d -> d.json().get("status").asText().equals(status)));
    return deliveriesOf(path, model).stream()
        .filter(d -> d.json().get("status").asText().equals(status))
        .findFirst()
        .orElseThrow();
  }

  private static List<Delivery> deliveriesOf(String path, String model) {
    return ReceiversResource.inbox().deliveries(path).stream()
        .filter(d -> d.json().get("commonLabels").path("model").asText().equals(model))
        .toList();
  }

  private static void assertSigned(Delivery delivery) throws Exception {
    String header = delivery.headers().get("x-preflight-signature");
    assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
    String timestamp = header.substring(2, header.indexOf(','));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(ReceiversResource.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    String expected =
        java.util.HexFormat.of()
            .formatHex(mac.doFinal(delivery.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(header).endsWith("v1=" + expected);
  }

  private static String uniqueModel() {
    return "fraud-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Event<CheckCompleted> check(String model, String team, CheckStatus status) {
    OffsetDateTime now = OffsetDateTime.now();
    return Event.of(
        EventType.CHECK_COMPLETED,
        URI.create("/preflight/probe-service"),
        model,
        "1.0.0",
        "corr-" + model,
        new CheckCompleted(
            "run-" + UUID.randomUUID(),
            model,
            "1.0.0",
            team,
            Phase.AFTER_TRAINING,
            "creator-logged",
            status,
            JsonNodeFactory.instance.objectNode().putNull("ownerEmail"),
            JsonNodeFactory.instance.objectNode().put("ownerEmail", "a deliverable address"),
            status == CheckStatus.PASSED
                ? "owner reachable"
                : "no contact is registered for the owner",
            List.of("no contact is registered for the owner"),
            now,
            now));
  }
}
