package dev.preflight.contracts.events;

import java.util.Optional;

/**
 * A version went live in an environment.
 *
 * @param environment {@code test} or {@code prod}
 * @param replaces the version that served before; the probes then expect it to be shut down
 */
public record VersionPromoted(
    String modelId, String version, String team, String environment, Optional<String> replaces) {}
