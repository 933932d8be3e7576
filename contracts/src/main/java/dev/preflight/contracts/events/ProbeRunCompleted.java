package dev.preflight.contracts.events;

import dev.preflight.contracts.model.Phase;

/** The probe finished a run: how many checks passed, failed or could not verify. */
public record ProbeRunCompleted(
    String runId,
    String modelId,
    String version,
    Phase phase,
    int passed,
    int failed,
    int errors) {}
