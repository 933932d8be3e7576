package dev.preflight.contracts.events;

import java.util.List;

/**
 * Which detectors the monitor has active for a version.
 *
 * @param profile whether a reference profile is held for the version
 * @param detectors active detectors, e.g. {@code drift}, {@code latency}, {@code errors}
 */
public record CoverageUpdated(
    String modelId, String version, String team, boolean profile, List<String> detectors) {}
