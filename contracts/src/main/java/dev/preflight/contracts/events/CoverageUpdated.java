package dev.preflight.contracts.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Which detectors the monitor has active for a version, and what it has observed of it live.
 *
 * @param profile whether a reference profile is held for the version
 * @param detectors active detectors, e.g. {@code drift}, {@code latency}, {@code errors}
 * @param observed the latest window with records the monitor evaluated while the version was live;
 *     absent before the first: detectors declared are not yet coverage observed
 */
public record CoverageUpdated(
    String modelId,
    String version,
    String team,
    boolean profile,
    List<String> detectors,
    Optional<ObservedWindow> observed) {

  /** Coverage declared, nothing observed yet (a profile was built or posted). */
  public CoverageUpdated(
      String modelId, String version, String team, boolean profile, List<String> detectors) {
    this(modelId, version, team, profile, detectors, Optional.empty());
  }

  /**
   * One evaluated window of a live version.
   *
   * @param records inference records in the window
   * @param labelled predictions in the window joined with their ground truth (0: accuracy has no
   *     data yet)
   */
  public record ObservedWindow(
      OffsetDateTime windowStart, OffsetDateTime windowEnd, long records, long labelled) {}
}
