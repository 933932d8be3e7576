package dev.preflight.notifier.alerting;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The body of a webhook notification in Alertmanager's format, version 4, so that anything that
 * reads Alertmanager webhooks reads Preflight's.
 */
public record WebhookPayload(
    String version,
    String groupKey,
    int truncatedAlerts,
    AlertStatus status,
    String receiver,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    @JsonProperty("externalURL") String externalUrl,
    List<WebhookAlert> alerts) {

  /** Alertmanager's "no end yet" time of firing alerts. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  public record WebhookAlert(
      AlertStatus status,
      Map<String, String> labels,
      Map<String, String> annotations,
      String startsAt,
      String endsAt,
      @JsonProperty("generatorURL") String generatorUrl,
      String fingerprint) {}

  /** The notification of a group of alerts to one receiver, the first {@code maxAlerts} listed. */
  public static WebhookPayload of(
      String receiver,
      String groupKey,
      SortedMap<String, String> groupLabels,
      List<Alert> alerts,
      int maxAlerts,
      Links links) {
    AlertStatus status =
        alerts.stream().anyMatch(a -> a.status() == AlertStatus.FIRING)
            ? AlertStatus.FIRING
            : AlertStatus.RESOLVED;
    List<Alert> listed =
        maxAlerts > 0 && alerts.size() > maxAlerts ? alerts.subList(0, maxAlerts) : alerts;
    return new WebhookPayload(
        "4",
        groupKey,
        alerts.size() - listed.size(),
        status,
        receiver,
        groupLabels,
        common(alerts.stream().map(Alert::labels).toList()),
        common(alerts.stream().map(Alert::annotations).toList()),
        links.externalUrl(),
        listed.stream()
            .map(
                alert ->
                    new WebhookAlert(
                        alert.status(),
                        alert.labels(),
                        alert.annotations(),
                        time(alert.startsAt()),
                        alert.endsAt().map(WebhookPayload::time).orElse(ZERO_TIME),
                        links.alert(alert),
                        alert.fingerprint()))
            .toList());
  }

  static SortedMap<String, String> common(List<SortedMap<String, String>> maps) {
    SortedMap<String, String> common = new TreeMap<>(maps.isEmpty() ? Map.of() : maps.get(0));
    for (Map<String, String> map : maps) {
      common.entrySet().removeIf(e -> !e.getValue().equals(map.get(e.getKey())));
    }
    return common;
  }

  static String time(OffsetDateTime time) {
    return time.withOffsetSameInstant(ZoneOffset.UTC)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
