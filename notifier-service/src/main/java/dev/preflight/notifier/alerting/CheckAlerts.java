package dev.preflight.notifier.alerting;

import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.ItemUpdated;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The alert of a checklist check that failed or could not verify. */
public final class CheckAlerts {

  public static final String ALERT_NAME = "PreflightCheckFailed";

  private CheckAlerts() {}

  /**
   * The labels of the alert a check result raises: a failed check is critical, one that could not
   * verify is a warning.
   */
  public static SortedMap<String, String> labels(CheckCompleted check) {
    SortedMap<String, String> labels = identity(check);
    labels.put("severity", check.status() == CheckStatus.FAILED ? "critical" : "warning");
    return labels;
  }

  /** The labels every alert of this check shares, whatever its severity. */
  public static SortedMap<String, String> identity(CheckCompleted check) {
    SortedMap<String, String> labels =
        item(check.modelId(), check.version(), check.team(), check.itemId());
    labels.put("phase", check.phase().id());
    labels.put("environment", environment(check.phase()));
    return labels;
  }

  /** The labels naming the check of one item of a version, which every alert of it carries. */
  private static SortedMap<String, String> item(
      String modelId, String version, String team, String itemId) {
    SortedMap<String, String> labels = new TreeMap<>();
    labels.put("alertname", ALERT_NAME);
    labels.put("model", modelId);
    labels.put("version", version);
    labels.put("team", team);
    labels.put("kind", "check");
    labels.put("check", itemId);
    return labels;
  }

  /** Where the checked version runs in this phase. */
  static String environment(Phase phase) {
    return switch (phase) {
      case TEST_DEPLOYMENT -> "test";
      case PROD_DEPLOYMENT, IN_PRODUCTION -> "prod";
      default -> "none";
    };
  }

  /** The update a check result makes: fires when failed or unverifiable, resolves when passed. */
  public static AlertUpdate update(
      String eventId, CheckCompleted check, Map<String, String> links, Optional<String> runbook) {
    if (check.status() == CheckStatus.PASSED) {
      SortedMap<String, String> annotations = new TreeMap<>();
      annotations.put("resolution", check.summary());
      return new AlertUpdate(
          eventId,
          identity(check),
          identity(check),
          annotations,
          AlertStatus.RESOLVED,
          check.completedAt(),
          check.team(),
          check.modelId(),
          Optional.of(check.version()));
    }
    Alert alert = firing(check, links, check.completedAt());
    SortedMap<String, String> annotations = new TreeMap<>(alert.annotations());
    runbook.ifPresent(r -> annotations.put("runbook", r));
    return new AlertUpdate(
        eventId,
        alert.labels(),
        identity(check),
        annotations,
        AlertStatus.FIRING,
        check.completedAt(),
        check.team(),
        check.modelId(),
        Optional.of(check.version()));
  }

  /**
   * The update an item that became {@code passed} or {@code waived} by any route makes (an
   * approver's attestation or waiver, not only a passing re-run): its check's alert resolves. Empty
   * for any other change.
   */
  public static Optional<AlertUpdate> settled(String eventId, ItemUpdated item, OffsetDateTime at) {
    if (item.state() != ItemState.PASSED && item.state() != ItemState.WAIVED) {
      return Optional.empty();
    }
    SortedMap<String, String> identity =
        item(item.modelId(), item.version(), item.team(), item.itemId());
    SortedMap<String, String> annotations = new TreeMap<>();
    annotations.put(
        "resolution",
        item.itemId()
            + " is "
            + item.state().id()
            + " by "
            + item.actor()
            + item.evidence().map(e -> ": " + e.summary()).orElse(""));
    return Optional.of(
        new AlertUpdate(
            eventId,
            identity,
            identity,
            annotations,
            AlertStatus.RESOLVED,
            at,
            item.team(),
            item.modelId(),
            Optional.of(item.version())));
  }

  public static Alert firing(CheckCompleted check, Map<String, String> links, OffsetDateTime now) {
    SortedMap<String, String> annotations = new TreeMap<>();
    String verb = check.status() == CheckStatus.FAILED ? "failed" : "could not be verified";
    annotations.put(
        "summary", check.itemId() + " " + verb + " for " + check.modelId() + " " + check.version());
    annotations.put(
        "description",
        check.summary()
            + (check.observations().isEmpty()
                ? ""
                : "\n- " + String.join("\n- ", check.observations())));
    annotations.put("status", check.status().id());
    annotations.put("measured", String.valueOf(check.measured()));
    annotations.put("expected", String.valueOf(check.expected()));
    annotations.putAll(links);
    annotations.put("probeRun", check.runId());
    return new Alert(labels(check), annotations, AlertStatus.FIRING, now, Optional.empty());
  }
}
