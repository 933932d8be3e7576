package dev.preflight.contracts.events;

/**
 * A version went live in an environment.
 *
 * @param environment {@code test} or {@code prod}
 */
public record VersionPromoted(String modelId, String version, String team, String environment) {}
