package dev.preflight.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The faults a sample model server can be switched into, each aimed at a checklist item: added
 * latency ({@code test-latency-ok}), a share of failing requests (errors), a wrong reported version
 * ({@code test-version-matches}), authentication off ({@code prod-auth-required}), the model not
 * ready ({@code test-uploaded}), and wrong answers ({@code test-metrics-match}). Changed at run
 * time through {@code PUT /admin/faults}.
 */
public final class Faults {

  private volatile long latencyMs;
  private volatile double errorRate;
  private volatile String reportedVersion;
  private volatile boolean authRequired;
  private volatile boolean modelReady = true;
  private volatile boolean invertPredictions;

  public long latencyMs() {
    return latencyMs;
  }

  public double errorRate() {
    return errorRate;
  }

  public Optional<String> reportedVersion() {
    return Optional.ofNullable(reportedVersion);
  }

  public boolean authRequired() {
    return authRequired;
  }

  public boolean modelReady() {
    return modelReady;
  }

  public boolean invertPredictions() {
    return invertPredictions;
  }

  public Faults latencyMs(long value) {
    latencyMs = Math.max(0, value);
    return this;
  }

  public Faults errorRate(double value) {
    errorRate = Math.max(0, Math.min(1, value));
    return this;
  }

  public Faults reportedVersion(String value) {
    reportedVersion = value == null || value.isBlank() ? null : value;
    return this;
  }

  public Faults authRequired(boolean value) {
    authRequired = value;
    return this;
  }

  public Faults modelReady(boolean value) {
    modelReady = value;
    return this;
  }

  public Faults invertPredictions(boolean value) {
    invertPredictions = value;
    return this;
  }

  /** Applies the fields present in a JSON object; others keep their values. */
  public void apply(JsonNode changes) {
    if (changes.has("latencyMs")) {
      latencyMs(changes.path("latencyMs").asLong());
    }
    if (changes.has("errorRate")) {
      errorRate(changes.path("errorRate").asDouble());
    }
    if (changes.has("reportedVersion")) {
      reportedVersion(changes.path("reportedVersion").asText(null));
    }
    if (changes.has("authRequired")) {
      authRequired(changes.path("authRequired").asBoolean());
    }
    if (changes.has("modelReady")) {
      modelReady(changes.path("modelReady").asBoolean());
    }
    if (changes.has("invertPredictions")) {
      invertPredictions(changes.path("invertPredictions").asBoolean());
    }
  }

  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("latencyMs", latencyMs);
    json.put("errorRate", errorRate);
    if (reportedVersion == null) {
      json.putNull("reportedVersion");
    } else {
      json.put("reportedVersion", reportedVersion);
    }
    json.put("authRequired", authRequired);
    json.put("modelReady", modelReady);
    json.put("invertPredictions", invertPredictions);
    return json;
  }
}
