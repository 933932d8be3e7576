package dev.preflight.contracts.inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * One production inference in Preflight's native log format ({@code preflight.inference-logs.v1}).
 *
 * @param features feature name → number, string, boolean or null
 * @param prediction a number, a string, or {@code {label, score}}
 * @param status the HTTP status the model server answered with
 * @param auth {@code ok}, {@code denied} or {@code invalid}
 */
public record InferenceRecord(
    String modelId,
    String modelVersion,
    String requestId,
    OffsetDateTime timestamp,
    Map<String, Object> features,
    Optional<JsonNode> prediction,
    double latencyMs,
    int status,
    Optional<String> clientId,
    Optional<String> auth,
    Optional<Long> payloadBytes,
    Map<String, String> segment) {}
