package dev.preflight.contracts.events;

import dev.preflight.contracts.model.Phase;
import java.util.List;

/** The probe began verifying the automated items of a phase. */
public record ProbeRunStarted(
    String runId, String modelId, String version, Phase phase, List<String> itemIds) {}
