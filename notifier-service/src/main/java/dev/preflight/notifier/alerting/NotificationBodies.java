package dev.preflight.notifier.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.notifier.routing.Integration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What each kind of receiver is sent for a group of alerts: Alertmanager's webhook payload, a Slack
 * message, PagerDuty Events v2 events (one per alert, the fingerprint as dedup key), an e-mail.
 */
public final class NotificationBodies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private NotificationBodies() {}

  /** A group's notification in the receiver's format, the alerts firing first. */
  public static ObjectNode group(
      Integration integration,
      String receiver,
      String groupKey,
      SortedMap<String, String> groupLabels,
      List<Alert> alerts,
      Links links) {
    if (integration instanceof Integration.Webhook w) {
      return JSON.valueToTree(
          WebhookPayload.of(receiver, groupKey, groupLabels, alerts, w.maxAlerts(), links));
    }
    if (integration instanceof Integration.Slack s) {
      return slack(s, groupLabels, alerts, links);
    }
    if (integration instanceof Integration.Email e) {
      return email(e, groupLabels, alerts, links);
    }
    throw new IllegalArgumentException("PagerDuty is notified per alert");
  }

  /** {@code [FIRING:2] model 1.4.0 (drift, latency)} */
  public static String title(SortedMap<String, String> groupLabels, List<Alert> alerts) {
    long firing = alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).count();
    String state = firing > 0 ? "FIRING:" + firing : "RESOLVED";
    String subject = String.join(" ", groupLabels.values());
    String kinds =
        String.join(
            ", ",
            alerts.stream()
                .map(a -> a.labels().getOrDefault("alertname", "alert"))
                .distinct()
                .toList());
    return "[" + state + "] " + (subject.isBlank() ? kinds : subject + " (" + kinds + ")");
  }

  private static ObjectNode slack(
      Integration.Slack slack,
      SortedMap<String, String> groupLabels,
      List<Alert> alerts,
      Links links) {
    ObjectNode message = JSON.createObjectNode();
    slack.channel().ifPresent(c -> message.put("channel", c));
    message.put("username", slack.username().orElse("Preflight"));
    String title = title(groupLabels, alerts);
    message.put("text", title);
    ArrayNode attachments = message.putArray("attachments");
    for (Alert alert : alerts) {
      ObjectNode attachment = attachments.addObject();
      boolean firing = alert.status() == AlertStatus.FIRING;
      attachment.put(
          "color",
          !firing
              ? "good"
              : "critical".equals(alert.labels().get("severity")) ? "danger" : "warning");
      attachment.put("title", summary(alert));
      attachment.put("title_link", links.alert(alert));
      attachment.put("text", details(alert, links));
      attachment.put("fallback", title + " " + summary(alert));
      attachment.put("footer", "fingerprint " + alert.fingerprint());
    }
    return message;
  }

  private static ObjectNode email(
      Integration.Email email,
      SortedMap<String, String> groupLabels,
      List<Alert> alerts,
      Links links) {
    ObjectNode mail = JSON.createObjectNode();
    mail.put("to", email.to());
    mail.put("subject", title(groupLabels, alerts));
    StringBuilder text = new StringBuilder();
    StringBuilder html = new StringBuilder("<html><body>");
    for (Alert alert : alerts) {
      text.append(alert.status().id().toUpperCase())
          .append(": ")
          .append(summary(alert))
          .append('\n')
          .append(details(alert, links))
          .append("\n")
          .append("Open: ")
          .append(links.alert(alert))
          .append("\n\n");
      html.append("<h3>")
          .append(escape(alert.status().id().toUpperCase() + ": " + summary(alert)))
          .append("</h3><pre>")
          .append(escape(details(alert, links)))
          .append("</pre><p><a href=\"")
          .append(escape(links.alert(alert)))
          .append("\">Open the alert</a></p>");
    }
    text.append("Preflight: ").append(links.home()).append('\n');
    html.append("<p><a href=\"")
        .append(escape(links.home()))
        .append("\">Preflight</a></p></body></html>");
    mail.put("text", text.toString());
    mail.put("html", html.toString());
    return mail;
  }

  /**
   * A PagerDuty Events v2 event: {@code trigger} for a firing alert, {@code resolve} for a resolved
   * one, {@code acknowledge} when an engineer took it on.
   */
  public static ObjectNode pagerDuty(
      Integration.PagerDuty pagerDuty, Alert alert, String action, Links links) {
    ObjectNode event = JSON.createObjectNode();
    event.put("routing_key", pagerDuty.routingKey());
    event.put("event_action", action);
    event.put("dedup_key", alert.fingerprint());
    if ("trigger".equals(action)) {
      Map<String, String> labels = alert.labels();
      ObjectNode payload = event.putObject("payload");
      payload.put("summary", abbreviate(summary(alert), 1024));
      payload.put(
          "source",
          "preflight/"
              + labels.getOrDefault("model", "-")
              + "/"
              + labels.getOrDefault("version", "-"));
      payload.put("severity", pagerDutySeverity(labels.get("severity")));
      payload.put("timestamp", WebhookPayload.time(alert.startsAt()));
      Optional.ofNullable(labels.get("model")).ifPresent(m -> payload.put("component", m));
      Optional.ofNullable(labels.get("team")).ifPresent(t -> payload.put("group", t));
      Optional.ofNullable(labels.get("kind")).ifPresent(k -> payload.put("class", k));
      ObjectNode details = payload.putObject("custom_details");
      details.set("labels", JSON.valueToTree(alert.labels()));
      details.set("annotations", JSON.valueToTree(alert.annotations()));
      ArrayNode shown = event.putArray("links");
      links
          .console()
          .ifPresent(c -> shown.addObject().put("href", links.alert(alert)).put("text", "Alert"));
      links
          .versionOf(alert)
          .ifPresent(link -> shown.addObject().put("href", link).put("text", "Checklist"));
      Optional.ofNullable(alert.annotations().get("runbook"))
          .ifPresent(link -> shown.addObject().put("href", link).put("text", "Runbook"));
      event.put("client", "Preflight");
      event.put("client_url", links.alert(alert));
    }
    return event;
  }

  /** PagerDuty knows critical, error, warning and info. */
  static String pagerDutySeverity(String severity) {
    return switch (severity == null ? "" : severity) {
      case "critical", "page" -> "critical";
      case "warning" -> "warning";
      case "info", "none" -> "info";
      default -> "error";
    };
  }

  private static String summary(Alert alert) {
    return alert
        .annotations()
        .getOrDefault("summary", alert.labels().getOrDefault("alertname", "alert"));
  }

  private static String details(Alert alert, Links links) {
    StringBuilder text = new StringBuilder();
    Optional.ofNullable(alert.annotations().get("description"))
        .ifPresent(d -> text.append(d).append('\n'));
    for (String key : List.of("measured", "value", "threshold", "expected", "runbook")) {
      Optional.ofNullable(alert.annotations().get(key))
          .ifPresent(v -> text.append(key).append(": ").append(v).append('\n'));
    }
    links.versionOf(alert).ifPresent(v -> text.append("checklist: ").append(v).append('\n'));
    text.append("labels: ").append(alert.labels());
    return text.toString();
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
