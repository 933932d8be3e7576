package dev.preflight.contracts.events;

import dev.preflight.contracts.model.Phase;

/** Every required item of a phase is passed or waived. */
public record PhaseCompleted(String modelId, String version, String team, Phase phase) {}
