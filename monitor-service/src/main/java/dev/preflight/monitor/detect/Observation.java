package dev.preflight.monitor.detect;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What one detector measured in one window.
 *
 * @param kind the signal kind: drift, accuracy, latency, throughput, errors, downtime or security
 * @param check the detector, e.g. {@code feature-drift}, {@code p99-latency}
 * @param feature the feature, or {@code client:<id>} for per-client detectors
 * @param method how the value was computed
 * @param status {@code ok}, {@code breach}, {@code insufficient-data}, or {@code reported} (no
 *     threshold applies: measured only)
 * @param threshold null when none applies
 * @param details further figures, e.g. PSI next to a Wasserstein distance
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Observation(
    String kind,
    String check,
    String feature,
    String method,
    String status,
    Double value,
    Double threshold,
    long sampleSize,
    String severity,
    String summary,
    Map<String, Object> details) {

  public static final String OK = "ok";
  public static final String BREACH = "breach";
  public static final String INSUFFICIENT = "insufficient-data";
  public static final String REPORTED = "reported";

  /** The detector state this observation belongs to: check, and feature where there is one. */
  @JsonIgnore
  public String key() {
    return feature == null ? check : check + "/" + feature;
  }

  @JsonIgnore
  public boolean breach() {
    return BREACH.equals(status);
  }

  /** Insufficient so far, in a drift span that goes on collecting windows. */
  @JsonIgnore
  public boolean collecting() {
    return INSUFFICIENT.equals(status)
        && details != null
        && details.get("span") instanceof Map<?, ?> span
        && Boolean.TRUE.equals(span.get("collecting"));
  }
}
