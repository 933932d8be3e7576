package dev.preflight.notifier.alerting;

import dev.preflight.contracts.events.SignalFiring;
import dev.preflight.contracts.events.SignalResolved;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The alert of a monitor signal: {@code feature-drift} of a version's feature, say. */
public final class SignalAlerts {

  private SignalAlerts() {}

  /** {@code feature-drift} → {@code FeatureDrift}, as alert names read in Alertmanager. */
  static String alertName(String check) {
    StringBuilder name = new StringBuilder();
    for (String part : check.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return name.isEmpty() ? "PreflightSignal" : name.toString();
  }

  public static SortedMap<String, String> identity(
      String modelId,
      String version,
      String team,
      String kind,
      String check,
      Optional<String> feature) {
    SortedMap<String, String> labels = new TreeMap<>();
    labels.put("alertname", alertName(check));
    labels.put("model", modelId);
    labels.put("version", version);
    labels.put("team", team);
    labels.put("environment", "prod");
    labels.put("kind", kind);
    labels.put("check", check);
    feature.ifPresent(f -> labels.put("feature", f));
    return labels;
  }

  public static AlertUpdate firing(
      String eventId, SignalFiring signal, Map<String, String> links, Optional<String> runbook) {
    SortedMap<String, String> identity =
        identity(
            signal.modelId(),
            signal.version(),
            signal.team(),
            signal.kind(),
            signal.check(),
            signal.feature());
    SortedMap<String, String> labels = new TreeMap<>(identity);
    labels.put("severity", signal.severity());
    SortedMap<String, String> annotations = new TreeMap<>();
    annotations.put("summary", signal.summary());
    annotations.put(
        "description",
        signal.check()
            + signal.feature().map(f -> " of " + f).orElse("")
            + " measured "
            + signal.measured()
            + signal.method().map(m -> " (" + m + ")").orElse("")
            + " against the threshold "
            + signal.threshold()
            + " over "
            + signal.sampleSize()
            + " records in the window "
            + signal.windowStart()
            + " – "
            + signal.windowEnd());
    annotations.put("value", String.valueOf(signal.measured()));
    annotations.put("threshold", String.valueOf(signal.threshold()));
    annotations.put("sampleSize", String.valueOf(signal.sampleSize()));
    annotations.put("windowStart", signal.windowStart().toString());
    annotations.put("windowEnd", signal.windowEnd().toString());
    signal.method().ifPresent(m -> annotations.put("method", m));
    annotations.put("signalId", signal.signalId());
    annotations.putAll(links);
    runbook.ifPresent(r -> annotations.put("runbook", r));
    return new AlertUpdate(
        eventId,
        labels,
        identity,
        annotations,
        AlertStatus.FIRING,
        signal.windowEnd(),
        signal.team(),
        signal.modelId(),
        Optional.of(signal.version()));
  }

  public static AlertUpdate resolved(String eventId, SignalResolved signal, OffsetDateTime at) {
    SortedMap<String, String> identity =
        identity(
            signal.modelId(),
            signal.version(),
            signal.team(),
            signal.kind(),
            signal.check(),
            signal.feature());
    SortedMap<String, String> annotations = new TreeMap<>();
    annotations.put("resolution", signal.summary());
    return new AlertUpdate(
        eventId,
        identity,
        identity,
        annotations,
        AlertStatus.RESOLVED,
        at,
        signal.team(),
        signal.modelId(),
        Optional.of(signal.version()));
  }
}
