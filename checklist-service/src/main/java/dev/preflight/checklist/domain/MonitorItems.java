package dev.preflight.checklist.domain;

import dev.preflight.contracts.model.ItemIds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which checklist items the monitor's coverage and signals speak to: the detectors that must be
 * active for an item to pass, and the item a signal of each kind fails.
 */
public final class MonitorItems {

  /** In-production item → detectors that must all be active. */
  public static final Map<String, Set<String>> REQUIRED_DETECTORS =
      Map.of(
          ItemIds.MONITOR_ACCURACY, Set.of("drift"),
          ItemIds.MONITOR_PERFORMANCE, Set.of("latency", "throughput"),
          ItemIds.MONITOR_ERRORS, Set.of("errors", "downtime"),
          ItemIds.MONITOR_SECURITY,
              Set.of("auth-failures", "request-rate", "out-of-distribution", "payload-size"));

  private static final Map<String, String> ITEM_BY_SIGNAL_KIND =
      Map.of(
          "drift", ItemIds.MONITOR_ACCURACY,
          "accuracy", ItemIds.MONITOR_ACCURACY,
          "latency", ItemIds.MONITOR_PERFORMANCE,
          "throughput", ItemIds.MONITOR_PERFORMANCE,
          "errors", ItemIds.MONITOR_ERRORS,
          "downtime", ItemIds.MONITOR_ERRORS,
          "security", ItemIds.MONITOR_SECURITY);

  private MonitorItems() {}

  /** The item a signal of this kind is about. */
  public static Optional<String> itemOfSignal(String kind) {
    return Optional.ofNullable(ITEM_BY_SIGNAL_KIND.get(kind));
  }

  /** The detectors an item still lacks, given the active ones. */
  public static List<String> missingDetectors(String itemId, Set<String> active) {
    return REQUIRED_DETECTORS.getOrDefault(itemId, Set.of()).stream()
        .filter(detector -> !active.contains(detector))
        .sorted()
        .toList();
  }
}
