package dev.preflight.notifier.alerting;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An alert in Alertmanager's model: labels identify it (their hash is the fingerprint), annotations
 * describe it.
 */
public record Alert(
    SortedMap<String, String> labels,
    SortedMap<String, String> annotations,
    AlertStatus status,
    OffsetDateTime startsAt,
    Optional<OffsetDateTime> endsAt) {

  public Alert {
    labels = new TreeMap<>(labels);
    annotations = new TreeMap<>(annotations);
  }

  public String fingerprint() {
    return Fingerprint.of(labels);
  }
}
