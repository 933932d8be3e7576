package dev.preflight.monitor.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;

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
    if (timestamp(json) == INVALID) {
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

  /** Returned for a timestamp that is not an RFC 3339 date-time. */
  static final long INVALID = Long.MIN_VALUE;

  /**
   * The record's own time (its {@code timestamp}) in epoch milliseconds, parsed once per record and
   * kept on the record (under {@code _t}) for the aggregation.
   */
  static long timestamp(JsonNode json) {
    JsonNode parsed = json.get("_t");
    if (parsed != null) {
      return parsed.longValue();
    }
    String text = json.get("timestamp").asText();
    long millis = utc(text);
    if (millis == INVALID) {
      try {
        millis = OffsetDateTime.parse(text).toInstant().toEpochMilli();
      } catch (RuntimeException e) {
        millis = INVALID;
      }
    }
    ((ObjectNode) json).put("_t", millis);
    return millis;
  }

  /**
   * The common form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} without the general parser (a tenth of
   * its cost on the hot path); anything else is {@link #INVALID} here and goes to the full parser.
   */
  static long utc(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(n - 1) != 'Z'
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return INVALID;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || hour > 23
        || minute > 59
        || second > 59
        || hour < 0
        || minute < 0
        || second < 0) {
      return INVALID;
    }
    int millis = 0;
    if (n > 20) {
      if (t.charAt(19) != '.' || n == 21) {
        return INVALID;
      }
      for (int i = 20; i < n - 1; i++) {
        char c = t.charAt(i);
        if (c < '0' || c > '9') {
          return INVALID;
        }
        if (i < 23) {
          millis = millis * 10 + (c - '0');
        }
      }
      for (int i = Math.min(n - 1, 23); i < 23; i++) {
        millis *= 10;
      }
    }
    try {
      long days = java.time.LocalDate.of(year, month, day).toEpochDay();
      return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    } catch (java.time.DateTimeException e) {
      return INVALID;
    }
  }

  private static int digits(String t, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || !node.isTextual() ? null : node.asText();
  }
}
