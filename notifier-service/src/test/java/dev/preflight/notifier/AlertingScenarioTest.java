package dev.preflight.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.ModelRegistered;
import dev.preflight.contracts.events.SignalFiring;
import dev.preflight.contracts.events.SignalResolved;
import dev.preflight.contracts.model.Owner;
import dev.preflight.devstack.TopicClient;
import dev.preflight.devstack.WebhookInbox.Delivery;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.PostgresResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notifier as on-call engineers meet it, against a real broker, PostgreSQL, HTTP receivers and
 * an SMTP server; the routing document ({@link ReceiversResource}) has short timers: group_wait 1s,
 * group_interval 2s, repeat_interval 6s, escalation of team "paging" after 3s.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(ReceiversResource.class)
class AlertingScenarioTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
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
  void alertsOfAVersionAreGroupedChangesAreNotifiedAndUnchangedGroupsRepeatOnlyAfterTheInterval() {
    String model = unique("grouped");
    kafka.publish(firing(model, "grouping", "drift", "feature-drift", "amount", "warning"));
    kafka.publish(firing(model, "grouping", "latency", "p99-latency", null, "critical"));

    List<Delivery> first = awaitAccepted("/hooks/grouping", model, 1);
    JsonNode payload = first.get(0).json();
    assertThat(payload.get("receiver").asText()).isEqualTo("owner");
    assertThat(payload.get("alerts")).hasSize(2);
    assertThat(payload.get("groupLabels").get("version").asText()).isEqualTo("1.0.0");
    assertThat(payload.get("commonLabels").get("environment").asText()).isEqualTo("prod");
    JsonNode drift = alertNamed(payload, "FeatureDrift");
    assertThat(drift.get("labels").get("feature").asText()).isEqualTo("amount");
    assertThat(drift.get("annotations").get("value").asText()).isEqualTo("0.31");
    assertThat(drift.get("annotations").get("threshold").asText()).isEqualTo("0.1");
    assertThat(drift.get("annotations").get("checklist").asText())
        .endsWith("/api/v1/models/" + model + "/versions/1.0.0/checklist");

    // The same drift again changes nothing; a new alert joins at the next group interval.
    kafka.publish(firing(model, "grouping", "drift", "feature-drift", "amount", "warning"));
    kafka.publish(firing(model, "grouping", "errors", "error-rate", null, "critical"));
    List<Delivery> second = awaitAccepted("/hooks/grouping", model, 2);
    assertThat(second.get(1).json().get("alerts")).hasSize(3);

    // Unchanged, the group repeats after repeat_interval (6s), not at every group interval (2s).
    List<Delivery> third = awaitAccepted("/hooks/grouping", model, 3);
    assertThat(Duration.between(third.get(1).receivedAt(), third.get(2).receivedAt()))
        .isGreaterThan(Duration.ofSeconds(4));
    assertThat(third.get(2).json().get("alerts")).hasSize(3);

    // A resolution is notified with the alerts still firing.
    kafka.publish(resolved(model, "grouping", "latency", "p99-latency", null));
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                accepted("/hooks/grouping", model).stream()
                    .anyMatch(
                        d ->
                            StreamSupport.stream(d.json().get("alerts").spliterator(), false)
                                .anyMatch(a -> a.get("status").asText().equals("resolved"))));
  }

  @Test
  void aVersionThatIsDownIsNotAlsoNotifiedForItsLatency() {
    String model = unique("inhibited");
    kafka.publish(firing(model, "inhibit", "downtime", "logs-stopped", null, "critical"));
    kafka.publish(firing(model, "inhibit", "latency", "p99-latency", null, "critical"));

    JsonNode payload = awaitAccepted("/hooks/inhibit", model, 1).get(0).json();
    assertThat(payload.get("alerts")).hasSize(1);
    assertThat(payload.get("alerts").get(0).get("labels").get("kind").asText())
        .isEqualTo("downtime");

    kafka.publish(resolved(model, "inhibit", "downtime", "logs-stopped", null));
    JsonNode after = awaitAccepted("/hooks/inhibit", model, 2).get(1).json();
    assertThat(alertNamed(after, "P99Latency").get("status").asText()).isEqualTo("firing");
    assertThat(alertNamed(after, "LogsStopped").get("status").asText()).isEqualTo("resolved");
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("preflight_notifier_suppressed_total{reason=\"inhibited\""));
  }

  @Test
  void aSilencedAlertIsNotNotifiedUntilTheSilenceExpires() {
    String model = unique("silenced");
    String id =
        given()
            .auth()
            .oauth2(TestTokens.engineer("silencing"))
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "matchers",
                    List.of(
                        "model=\"" + model + "\"",
                        Map.of("name", "kind", "value", "dr.*", "isRegex", true)),
                    "endsAt",
                    OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString(),
                    "comment",
                    "retraining, drift expected"))
            .post("/api/v1/silences")
            .then()
            .statusCode(201)
            .header("Location", containsString("/api/v1/silences/"))
            .body("createdBy", equalTo("engineer-silencing"))
            .body("state", equalTo("active"))
            .body("matchers", hasItem("team=\"silencing\""))
            .extract()
            .path("id");

    kafka.publish(firing(model, "silencing", "drift", "feature-drift", "amount", "warning"));
    await()
        .pollDelay(Duration.ofSeconds(4))
        .atMost(PATIENCE)
        .until(() -> accepted("/hooks/silencing", model).isEmpty());
    given()
        .auth()
        .oauth2(TestTokens.engineer("silencing"))
        .get("/api/v1/silences/" + id + "/alerts")
        .then()
        .statusCode(200)
        .body("labels.model", equalTo(List.of(model)))
        .body("labels.kind", equalTo(List.of("drift")));
    given()
        .auth()
        .oauth2(TestTokens.engineer("recsys"))
        .get("/api/v1/silences/" + id + "/alerts")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");

    given()
        .auth()
        .oauth2(TestTokens.engineer("silencing"))
        .delete("/api/v1/silences/" + id)
        .then()
        .statusCode(200)
        .body("state", equalTo("expired"));
    awaitAccepted("/hooks/silencing", model, 1);
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("preflight_notifier_suppressed_total{reason=\"silenced\""));
  }

  @Test
  void silencesAreValidatedAndScopedToTheCallersTeams() {
    given()
        .auth()
        .oauth2(TestTokens.engineer("silencing"))
        .contentType(ContentType.JSON)
        .body(Map.of("matchers", List.of("model=~\"(\""), "endsAt", "2020-01-01T00:00:00Z"))
        .post("/api/v1/silences")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("matchers[0]"));
    given()
        .auth()
        .oauth2(TestTokens.engineer("silencing"))
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "matchers",
                List.of("team=\"fraud\""),
                "endsAt",
                OffsetDateTime.now().plusHours(1).toString(),
                "comment",
                "not mine"))
        .post("/api/v1/silences")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(TestTokens.pipeline("silencing"))
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/api/v1/silences")
        .then()
        .statusCode(403);
    given().get("/api/v1/silences").then().statusCode(401);
    // an admin's silence whose matchers all match an absent label would mute every alert of every
    // team; Alertmanager refuses it, and so does the notifier
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "matchers",
                List.of("a!=\"b\"", "model=~\".*\""),
                "endsAt",
                OffsetDateTime.now().plusHours(1).toString(),
                "comment",
                "mutes everything"))
        .post("/api/v1/silences")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.message", hasItem(containsString("must not match the empty string")));
    // found by RestFuzzIT: a body of the wrong shape was an empty 400, a %00 filter a 500
    given()
        .auth()
        .oauth2(TestTokens.engineer("silencing"))
        .contentType(ContentType.JSON)
        .body("[1, \"two\"]")
        .post("/api/v1/silences")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(TestTokens.engineer("silencing"))
        .urlEncodingEnabled(false)
        .get("/api/v1/alerts?modelId=%00")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void pagerDutyIsTriggeredAcknowledgedAndResolvedAndAnAcknowledgedAlertDoesNotEscalate() {
    String acked = unique("acked");
    String ignored = unique("ignored");
    kafka.publish(firing(acked, "paging", "errors", "error-rate", null, "critical"));
    kafka.publish(firing(ignored, "paging", "errors", "error-rate", null, "critical"));

    JsonNode trigger = awaitPagerDuty(acked, "trigger");
    assertThat(trigger.get("routing_key").asText()).isEqualTo("key-paging");
    assertThat(trigger.get("payload").get("severity").asText()).isEqualTo("critical");
    assertThat(trigger.get("payload").get("source").asText())
        .isEqualTo("preflight/" + acked + "/1.0.0");
    String fingerprint = trigger.get("dedup_key").asText();
    assertThat(fingerprint).matches("[0-9a-f]{16}");
    Delivery primary = awaitAccepted("/hooks/paging-primary", acked, 1).get(0);
    assertThat(primary.headers().get("x-preflight-signature")).startsWith("t=");

    given()
        .auth()
        .oauth2(TestTokens.pipeline("paging"))
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/api/v1/alerts/" + fingerprint + "/acknowledgement")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/api/v1/alerts/" + fingerprint + "/acknowledgement")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(TestTokens.engineer("paging"))
        .contentType(ContentType.JSON)
        .body(Map.of("comment", "looking at the database"))
        .post("/api/v1/alerts/" + fingerprint + "/acknowledgement")
        .then()
        .statusCode(200)
        .body("acknowledged.by", equalTo("engineer-paging"))
        .body("acknowledged.comment", equalTo("looking at the database"));
    assertThat(awaitPagerDuty(acked, "acknowledge").get("dedup_key").asText())
        .isEqualTo(fingerprint);

    // The unacknowledged one reaches the next level after 3s; the acknowledged one never does.
    Delivery escalated = awaitAccepted("/hooks/paging-secondary", ignored, 1).get(0);
    assertThat(escalated.json().get("receiver").asText()).isEqualTo("paging-secondary");
    await()
        .pollDelay(Duration.ofSeconds(4))
        .atMost(PATIENCE)
        .until(() -> accepted("/hooks/paging-secondary", acked).isEmpty());
    given()
        .auth()
        .oauth2(TestTokens.engineer("paging"))
        .queryParam("modelId", acked)
        .get("/api/v1/acknowledgements")
        .then()
        .body("[0].fingerprint", equalTo(fingerprint));

    kafka.publish(resolved(acked, "paging", "errors", "error-rate", null));
    awaitPagerDuty(acked, "resolve");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.engineer("paging"))
                    .contentType(ContentType.JSON)
                    .body(Map.of())
                    .post("/api/v1/alerts/" + fingerprint + "/acknowledgement")
                    .then()
                    .statusCode(409));
    given()
        .auth()
        .oauth2(TestTokens.engineer("paging"))
        .get("/api/v1/alerts/" + fingerprint)
        .then()
        .statusCode(200)
        .body("history.status", equalTo(List.of("firing", "resolved")));
  }

  @Test
  void anAcknowledgedAlertIsNotRepeatedButANewAlertOfItsGroupIs() {
    String model = unique("quiet");
    kafka.publish(firing(model, "quiet", "errors", "error-rate", null, "critical"));
    awaitAccepted("/hooks/quiet", model, 1);
    String fingerprint = fingerprintOf(model).orElseThrow();
    given()
        .auth()
        .oauth2(TestTokens.engineer("quiet"))
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/api/v1/alerts/" + fingerprint + "/acknowledgement")
        .then()
        .statusCode(200);

    // Unacknowledged, it would repeat after 6s.
    await()
        .pollDelay(Duration.ofSeconds(9))
        .atMost(PATIENCE)
        .until(() -> accepted("/hooks/quiet", model).size() == 1);

    kafka.publish(firing(model, "quiet", "latency", "p99-latency", null, "critical"));
    JsonNode next = awaitAccepted("/hooks/quiet", model, 2).get(1).json();
    assertThat(next.get("alerts")).hasSize(2);
  }

  @Test
  void pagerDutyIsRetriedOnRateLimitsAndServerErrorsButNotOnARejectedEvent() {
    String retried = unique("retried");
    ReceiversResource.inbox().script("/pd/retrying", 429, 503);
    kafka.publish(firing(retried, "retrying", "errors", "error-rate", null, "critical"));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.admin())
                    .queryParam("modelId", retried)
                    .queryParam("receiver", "owner")
                    .get("/api/v1/notifications")
                    .then()
                    .body(
                        "findAll { it.receiverType == 'pagerduty' }.status",
                        equalTo(List.of("sent")))
                    .body(
                        "findAll { it.receiverType == 'pagerduty' }.attempts",
                        equalTo(List.of(3))));
    assertThat(
            ReceiversResource.inbox().deliveries("/pd/retrying").stream()
                .filter(d -> d.body().contains(retried) && d.accepted())
                .count())
        .isEqualTo(1);

    String rejected = unique("rejected");
    ReceiversResource.inbox().script("/pd/retrying", 400);
    kafka.publish(firing(rejected, "retrying", "errors", "error-rate", null, "critical"));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.admin())
                    .queryParam("modelId", rejected)
                    .get("/api/v1/notifications")
                    .then()
                    .body(
                        "findAll { it.receiverType == 'pagerduty' }.status",
                        equalTo(List.of("dead")))
                    .body(
                        "findAll { it.receiverType == 'pagerduty' }.attempts", equalTo(List.of(1)))
                    .body(
                        "findAll { it.receiverType == 'pagerduty' }.lastStatusCode",
                        equalTo(List.of(400))));
  }

  @Test
  void aReceiverThatIsDownForAWhileGetsEveryNotificationExactlyOnceInOrder() {
    String model = unique("outage");
    ReceiversResource.inbox().script("/hooks/outage", 503, 503, 503, 503, 503, 503);
    kafka.publish(firing(model, "outage", "errors", "error-rate", null, "critical"));
    await()
        .atMost(PATIENCE)
        .until(() -> ReceiversResource.inbox().deliveries("/hooks/outage").size() >= 2);
    kafka.publish(resolved(model, "outage", "errors", "error-rate", null));

    List<Delivery> delivered = awaitAccepted("/hooks/outage", model, 2);
    assertThat(delivered)
        .extracting(d -> d.json().get("status").asText())
        .containsExactly("firing", "resolved");
    await()
        .pollDelay(Duration.ofSeconds(3))
        .atMost(PATIENCE)
        .until(() -> accepted("/hooks/outage", model).size() == 2);
  }

  @Test
  void slackGetsAMessageAndEmailReachesTheRouteAndTheModelsOwner() throws Exception {
    String chatModel = unique("chat");
    kafka.publish(firing(chatModel, "chat", "drift", "feature-drift", "amount", "critical"));
    Delivery slack = awaitAccepted("/slack/services/T0/B0/chat", chatModel, 1).get(0);
    JsonNode message = slack.json();
    assertThat(message.get("text").asText()).startsWith("[FIRING:1] ").contains(chatModel);
    assertThat(message.get("attachments").get(0).get("color").asText()).isEqualTo("danger");

    String mailed = unique("mailed");
    kafka.publish(firing(mailed, "mailing", "accuracy", "accuracy", null, "warning"));
    String owned = unique("owned");
    kafka.publish(
        Event.ofModel(
            EventType.MODEL_REGISTERED,
            URI.create("/preflight/checklist-service"),
            owned,
            "corr",
            new ModelRegistered(
                owned,
                "Owned",
                "owners",
                new Owner("Ada", Optional.of("ada@acme.dev")),
                Optional.empty())));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.service())
                    .queryParam("modelId", owned)
                    .get("/api/v1/routes/resolve")
                    .then()
                    .statusCode(200)
                    .body("routes[0].receiver", equalTo("owner"))
                    .body("routes[0].integrations.type", hasItem("email")));
    kafka.publish(firing(owned, "owners", "drift", "prediction-drift", null, "warning"));

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                Arrays.stream(ReceiversResource.mail().getReceivedMessages())
                        .filter(m -> subject(m).contains(mailed) || subject(m).contains(owned))
                        .count()
                    == 2);
    MimeMessage toOwner =
        Arrays.stream(ReceiversResource.mail().getReceivedMessages())
            .filter(m -> subject(m).contains(owned))
            .findFirst()
            .orElseThrow();
    assertThat(toOwner.getAllRecipients()[0].toString()).isEqualTo("ada@acme.dev");
    assertThat(subject(toOwner)).startsWith("[FIRING:1]");
    MimeMessage toRoute =
        Arrays.stream(ReceiversResource.mail().getReceivedMessages())
            .filter(m -> subject(m).contains(mailed))
            .findFirst()
            .orElseThrow();
    assertThat(toRoute.getAllRecipients()[0].toString()).isEqualTo("oncall@acme.dev");
  }

  @Test
  void theRoutingDocumentIsAnAdminsAndAnInvalidOneIsRefusedWithEveryProblem() {
    String document =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .get("/api/v1/routing")
            .then()
            .statusCode(200)
            .header("X-Routing-Revision", notNullValue())
            .body(containsString("paging-escalation"))
            .extract()
            .asString();
    given()
        .auth()
        .oauth2(TestTokens.engineer("paging"))
        .get("/api/v1/routing")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("application/yaml")
        .body("route:\n  receiver: nobody\n  group_wait: soon\n".getBytes(StandardCharsets.UTF_8))
        .put("/api/v1/routing")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("route.receiver"))
        .body("errors.field", hasItem("route.group_wait"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("application/yaml")
        .body(document.getBytes(StandardCharsets.UTF_8))
        .put("/api/v1/routing")
        .then()
        .statusCode(200);
  }

  @Test
  void aMalformedSignalIsDeadLetteredWithTheReasonAndTheNextOneIsNotified() {
    String key = "garbage-" + UUID.randomUUID();
    kafka.send(Topics.SIGNALS, key, "{not json".getBytes(StandardCharsets.UTF_8));
    String model = unique("after-garbage");
    kafka.publish(firing(model, "garbage", "drift", "feature-drift", "amount", "warning"));

    awaitAccepted("/hooks/garbage", model, 1);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                kafka.records(Topics.deadLetter(Topics.SIGNALS)).stream()
                    .anyMatch(
                        r ->
                            key.equals(r.key())
                                && r.headers().lastHeader("dead-letter-reason") != null));
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (Exception e) {
      return "";
    }
  }

  private static JsonNode alertNamed(JsonNode payload, String alertName) {
    return StreamSupport.stream(payload.get("alerts").spliterator(), false)
        .filter(a -> a.get("labels").get("alertname").asText().equals(alertName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + alertName + " in " + payload));
  }

  private static JsonNode awaitPagerDuty(String model, String action) {
    await().atMost(PATIENCE).until(() -> pagerDuty(model, action).isPresent());
    return pagerDuty(model, action).orElseThrow();
  }

  private static Optional<JsonNode> pagerDuty(String model, String action) {
    return ReceiversResource.inbox().deliveries("/pagerduty/v2/enqueue").stream()
        .filter(Delivery::accepted)
        .map(Delivery::json)
        .filter(e -> e.get("event_action").asText().equals(action))
        .filter(
            e ->
                fingerprintOf(model)
                    .map(fp -> fp.equals(e.get("dedup_key").asText()))
                    .orElse(false))
        .findFirst();
  }

  /** The fingerprint of the model's firing alert, as the notifier's REST shows it. */
  private static Optional<String> fingerprintOf(String model) {
    List<String> fingerprints =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .queryParam("modelId", model)
            .get("/api/v1/alerts")
            .then()
            .extract()
            .path("fingerprint");
    return fingerprints.stream().findFirst();
  }

  private static List<Delivery> awaitAccepted(String path, String model, int count) {
    await().atMost(PATIENCE).until(() -> accepted(path, model).size() >= count);
    return accepted(path, model);
  }

  /** Accepted deliveries that concern the model, oldest first. */
  private static List<Delivery> accepted(String path, String model) {
    return ReceiversResource.inbox().deliveries(path).stream()
        .filter(Delivery::accepted)
        .filter(d -> d.body().contains("\"" + model + "\"") || d.body().contains(model + " "))
        .toList();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Event<SignalFiring> firing(
      String model, String team, String kind, String check, String feature, String severity) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return Event.of(
        EventType.SIGNAL_FIRING,
        URI.create("/preflight/monitor-service"),
        model,
        "1.0.0",
        "corr-" + model,
        new SignalFiring(
            UUID.randomUUID().toString(),
            model,
            "1.0.0",
            team,
            kind,
            check,
            Optional.ofNullable(feature),
            Optional.of("wasserstein"),
            severity,
            0.31,
            0.1,
            now.minusMinutes(1),
            now,
            1200,
            check + " of " + model + " 1.0.0 breached"));
  }

  private static Event<SignalResolved> resolved(
      String model, String team, String kind, String check, String feature) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return Event.of(
        EventType.SIGNAL_RESOLVED,
        URI.create("/preflight/monitor-service"),
        model,
        "1.0.0",
        "corr-" + model,
        new SignalResolved(
            UUID.randomUUID().toString(),
            model,
            "1.0.0",
            team,
            kind,
            check,
            Optional.ofNullable(feature),
            Optional.of("wasserstein"),
            0.02,
            0.1,
            now.minusMinutes(1),
            now,
            1200,
            check + " of " + model + " 1.0.0 is healthy again"));
  }
}
