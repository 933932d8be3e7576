package dev.preflight.contracts.events;

import dev.preflight.contracts.model.VersionManifest;

/** A pipeline submits a version manifest (the body of {@code POST …/versions}). */
public record PipelineVersionSubmitted(String modelId, VersionManifest manifest) {}
