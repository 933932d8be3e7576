package dev.preflight.contracts.events;

import java.util.Optional;

/** A pipeline reports that a version was taken out of service. */
public record PipelineRetirementReported(String modelId, String version, Optional<String> reason) {}
