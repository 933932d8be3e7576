package dev.preflight.contracts.events;

import java.util.Optional;

/**
 * A pipeline reports that a version was taken out of service: the body of {@code POST
 * …/retirement}. Model and version are the event's {@code modelid} and {@code modelversion}.
 */
public record PipelineRetirementReported(Optional<String> reason) {}
