package dev.preflight.contracts.model;

import java.util.Optional;

/**
 * The compute a model runs on.
 *
 * @param cpu cores, e.g. {@code "2"} or {@code "500m"}
 * @param memory e.g. {@code "4Gi"}
 * @param gpu e.g. {@code "1x nvidia-t4"}; absent when none
 */
public record Resources(String cpu, String memory, Optional<String> gpu) {}
