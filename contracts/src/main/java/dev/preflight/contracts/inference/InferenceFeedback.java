package dev.preflight.contracts.inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Ground truth for one request ({@code preflight.inference-feedback.v1}). */
public record InferenceFeedback(
    String requestId,
    Optional<String> modelId,
    Optional<String> modelVersion,
    JsonNode label,
    OffsetDateTime timestamp) {}
