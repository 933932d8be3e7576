package dev.preflight.notifier.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.Json;
import dev.preflight.notifier.routing.Integration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WebhookPayloadTest {

  private static final OffsetDateTime START =
      OffsetDateTime.of(2026, 11, 28, 9, 0, 0, 0, ZoneOffset.UTC);
  private static final String RECEIVER = "team-fraud-webhook";

  @Test
  void aFiringAlertIsWrittenInAlertmanagersVersion4Format() {
    Alert alert = alert("creator-logged", AlertStatus.FIRING, Optional.empty());

    JsonNode json =
        Json.mapper()
            .valueToTree(
                WebhookPayload.of(
                    RECEIVER,
                    "{}:{model=\"fraud\", team=\"fraud\"}",
                    new TreeMap<>(Map.of("model", "fraud", "team", "fraud")),
                    List.of(alert),
                    0,
                    new Links("http://notifier", "http://checklist", Optional.empty())));

    assertThat(json.get("version").asText()).isEqualTo("4");
    assertThat(json.get("status").asText()).isEqualTo("firing");
    assertThat(json.get("receiver").asText()).isEqualTo("team-fraud-webhook");
    assertThat(json.get("groupKey").asText()).isEqualTo("{}:{model=\"fraud\", team=\"fraud\"}");
    assertThat(json.get("truncatedAlerts").asInt()).isZero();
    assertThat(json.get("externalURL").asText()).isEqualTo("http://notifier");
    JsonNode first = json.get("alerts").get(0);
    assertThat(first.get("fingerprint").asText()).isEqualTo(alert.fingerprint());
    assertThat(first.get("startsAt").asText()).isEqualTo("2026-11-28T09:00:00Z");
    assertThat(first.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(first.get("generatorURL").asText()).isEqualTo("http://checklist/fraud");
    assertThat(first.get("labels").get("check").asText()).isEqualTo("creator-logged");
  }

  @Test
  void commonLabelsAreThoseAllAlertsShareAndTheGroupIsResolvedOnlyWhenAllAre() {
    Alert resolved =
        alert("creator-logged", AlertStatus.RESOLVED, Optional.of(START.plusMinutes(5)));
    Alert firing = alert("assets-stored", AlertStatus.FIRING, Optional.empty());

    WebhookPayload payload =
        WebhookPayload.of(
            RECEIVER,
            "{}:{model=\"fraud\"}",
            new TreeMap<>(Map.of("model", "fraud")),
            List.of(resolved, firing),
            1,
            new Links("x", "http://checklist", Optional.empty()));

    assertThat(payload.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(payload.commonLabels()).containsEntry("model", "fraud").doesNotContainKey("check");
    assertThat(payload.alerts().get(0).endsAt()).isEqualTo("2026-11-28T09:05:00Z");
    assertThat(payload.alerts()).hasSize(1);
    assertThat(payload.truncatedAlerts()).isEqualTo(1);
  }

  @Test
  void withAConsoleEveryReceiverLinksPeopleToTheConsolesPagesOfTheAlertAndItsVersion() {
    Links links = new Links("http://notifier", "http://checklist", Optional.of("https://console/"));
    TreeMap<String, String> annotations = new TreeMap<>(Map.of("summary", "creator-logged failed"));
    annotations.putAll(links.annotations("fraud", "1.4.0"));
    Alert alert =
        new Alert(
            new TreeMap<>(Map.of("alertname", "PreflightCheckFailed", "model", "fraud")),
            annotations,
            AlertStatus.FIRING,
            START,
            Optional.empty());
    String alertPage = "https://console/alerts/" + alert.fingerprint();
    TreeMap<String, String> group = new TreeMap<>(Map.of("model", "fraud"));

    assertThat(annotations)
        .containsEntry("checklist", "http://checklist/api/v1/models/fraud/versions/1.4.0/checklist")
        .containsEntry("console", "https://console/models/fraud/versions/1.4.0");
    assertThat(WebhookPayload.of(RECEIVER, "k", group, List.of(alert), 0, links).alerts())
        .first()
        .satisfies(a -> assertThat(a.generatorUrl()).isEqualTo(alertPage));
    JsonNode slack =
        NotificationBodies.group(
            new Integration.Slack(
                "https://hooks.slack/x", Optional.empty(), Optional.empty(), true),
            RECEIVER,
            "k",
            group,
            List.of(alert),
            links);
    assertThat(slack.at("/attachments/0/title_link").asText()).isEqualTo(alertPage);
    assertThat(slack.at("/attachments/0/text").asText())
        .contains("checklist: https://console/models/fraud/versions/1.4.0");
    JsonNode page =
        NotificationBodies.pagerDuty(
            new Integration.PagerDuty("key", "https://events", true), alert, "trigger", links);
    assertThat(page.get("client_url").asText()).isEqualTo(alertPage);
    assertThat(page.findValuesAsText("href"))
        .containsExactly(alertPage, "https://console/models/fraud/versions/1.4.0");
    JsonNode mail =
        NotificationBodies.group(
            new Integration.Email("owner@acme.dev", true),
            RECEIVER,
            "k",
            group,
            List.of(alert),
            links);
    assertThat(mail.get("text").asText())
        .contains("Open: " + alertPage)
        .contains("Preflight: https://console/alerts");
  }

  @Test
  void theSignatureIsAnHmacOfTimestampAndBody() {
    // python3: hmac.new(b'test-secret', b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assertThat(WebhookSignature.header("test-secret", 1_700_000_000L, "{\"a\":1}".getBytes()))
        .isEqualTo(
            "t=1700000000,v1=8cb2c3355fca388e9ac2caec004f4d5d7045d74937ab5faad61dc11682247a9f");
  }

  private static Alert alert(String check, AlertStatus status, Optional<OffsetDateTime> endsAt) {
    return new Alert(
        new TreeMap<>(
            Map.of("alertname", "PreflightCheckFailed", "model", "fraud", "check", check)),
        new TreeMap<>(Map.of("summary", check + " failed", "checklist", "http://checklist/fraud")),
        status,
        START,
        endsAt);
  }
}
