package dev.preflight.notifier.alerting;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One event's effect on an alert: it fires with these labels, or the firing alert with these
 * identity labels (the labels but severity) resolves.
 *
 * @param identity the labels every alert of the same cause shares, whatever its severity
 */
public record AlertUpdate(
    String eventId,
    SortedMap<String, String> labels,
    SortedMap<String, String> identity,
    SortedMap<String, String> annotations,
    AlertStatus status,
    OffsetDateTime at,
    String team,
    String modelId,
    Optional<String> version) {

  public AlertUpdate {
    labels = new TreeMap<>(labels);
    identity = new TreeMap<>(identity);
    annotations = new TreeMap<>(annotations);
  }

  public String fingerprint() {
    return Fingerprint.of(labels);
  }
}
