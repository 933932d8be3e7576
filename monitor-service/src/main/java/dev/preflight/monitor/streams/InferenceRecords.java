package dev.preflight.monitor.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The native inference record's shape (inference-record.schema.json), checked field by field on the
 * hot path: a full JSON Schema validation per record would cost more than everything else.
 */
final class InferenceRecords {

  private InferenceRecords() {}

  /** What is wrong with the record, or null. */
  static String problem(ObjectNode json) {
    String modelId = text(json, "modelId");
    String version = text(json, "modelVersion");
    if (modelId == null || !VersionKey.validModelId(modelId)) {
      return "modelId is required and must be a model id (got " + json.get("modelId") + ")";
    }
    if (version == null || !VersionKey.validVersion(version)) {
      return "modelVersion is required and must be a version (got "
          + json.get("modelVersion")
          + ")";
    }
    String requestId = text(json, "requestId");
    if (requestId == null || requestId.isBlank()) {
      return "requestId is required";
    }
    String timestamp = text(json, "timestamp");
    if (timestamp == null) {
      return "timestamp is required (RFC 3339)";
    }
    try {
      OffsetDateTime.parse(timestamp);
    } catch (DateTimeParseException e) {
      return "timestamp '" + timestamp + "' is not an RFC 3339 date-time";
    }
    JsonNode features = json.get("features");
    if (features == null || !features.isObject()) {
      return "features is required and must be an object";
    }
    for (JsonNode value : features) {
      if (value.isContainerNode()) {
        return "feature values must be numbers, strings, booleans or null";
      }
    }
    JsonNode latency = json.get("latencyMs");
    if (latency == null || !latency.isNumber() || latency.doubleValue() < 0) {
      return "latencyMs is required and must be a number >= 0";
    }
    JsonNode status = json.get("status");
    if (status == null
        || !status.canConvertToInt()
        || !status.isIntegralNumber()
        || status.intValue() < 100
        || status.intValue() > 599) {
      return "status is required and must be an HTTP status code";
    }
    JsonNode auth = json.get("auth");
    if (auth != null
        && !auth.isNull()
        && !(auth.asText().equals("ok")
            || auth.asText().equals("denied")
            || auth.asText().equals("invalid"))) {
      return "auth must be ok, denied or invalid (got " + auth + ")";
    }
    JsonNode prediction = json.get("prediction");
    if (prediction != null && prediction.isObject() && !prediction.has("label")) {
      return "prediction as an object needs a label";
    }
    return null;
  }

  /** The record's own time (its {@code timestamp}), in epoch milliseconds. */
  static long timestamp(JsonNode json, long fallback) {
    try {
      return OffsetDateTime.parse(json.get("timestamp").asText()).toInstant().toEpochMilli();
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || !node.isTextual() ? null : node.asText();
  }
}
