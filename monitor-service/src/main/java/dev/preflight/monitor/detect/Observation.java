package dev.preflight.monitor.detect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;

/**
 * What one detector measured in one window. Built by the factories: {@link #judged} (against a
 * threshold), {@link #reported} (measured only), {@link #insufficient} (too few samples).
 *
 * @param kind the signal kind: drift, accuracy, latency, throughput, errors, downtime or security
 * @param check the detector, e.g. {@code feature-drift}, {@code p99-latency}
 * @param feature the feature, or {@code client:<id>} for per-client detectors
 * @param method how the value was computed
 * @param threshold null when none applies
 * @param details further figures, e.g. PSI next to a Wasserstein distance
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Observation(
    String kind,
    String check,
    String feature,
    String method,
    Status status,
    Double value,
    Double threshold,
    long sampleSize,
    String severity,
    String summary,
    Map<String, Object> details) {

  /** How a window stands against a detector's threshold. */
  public enum Status {
    OK("ok"),
    BREACH("breach"),
    INSUFFICIENT("insufficient-data"),
    /** No threshold applies: measured only. */
    REPORTED("reported");

    private final String id;

    Status(String id) {
      this.id = id;
    }

    @JsonValue
    public String id() {
      return id;
    }

    @JsonCreator
    public static Status of(String id) {
      return Arrays.stream(values())
          .filter(s -> s.id.equals(id))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no observation status " + id));
    }
  }

  public static final Status OK = Status.OK;
  public static final Status BREACH = Status.BREACH;
  public static final Status INSUFFICIENT = Status.INSUFFICIENT;
  public static final Status REPORTED = Status.REPORTED;

  public Observation {
    details = details == null ? Map.of() : details;
  }

  /** A value judged against its threshold: a breach or ok. */
  public static Observation judged(
      String kind,
      String check,
      String feature,
      String method,
      boolean breach,
      double value,
      double threshold,
      long sampleSize,
      String severity,
      String summary,
      Map<String, Object> details) {
    return new Observation(
        kind,
        check,
        feature,
        method,
        breach ? BREACH : OK,
        value,
        threshold,
        sampleSize,
        severity,
        summary,
        details);
  }

  /** A value measured where no threshold applies. */
  public static Observation reported(
      String kind,
      String check,
      String feature,
      String method,
      Double value,
      long sampleSize,
      String severity,
      String summary,
      Map<String, Object> details) {
    return new Observation(
        kind,
        check,
        feature,
        method,
        REPORTED,
        value,
        null,
        sampleSize,
        severity,
        summary,
        details);
  }

  /** Fewer samples in the window than the detector needs. */
  public static Observation insufficient(
      String kind,
      String check,
      String feature,
      String method,
      long sampleSize,
      long minimum,
      String severity) {
    return new Observation(
        kind,
        check,
        feature,
        method,
        INSUFFICIENT,
        null,
        null,
        sampleSize,
        severity,
        check
            + (feature == null ? "" : " of " + feature)
            + ": "
            + sampleSize
            + " samples in the window, "
            + minimum
            + " needed",
        Map.of());
  }

  /** The same observation with other details. */
  public Observation withDetails(Map<String, Object> details) {
    return new Observation(
        kind,
        check,
        feature,
        method,
        status,
        value,
        threshold,
        sampleSize,
        severity,
        summary,
        details);
  }

  /** The same measurement judged anew: a p-value after its adjustment, say. */
  public Observation judgedAs(
      boolean breach, double value, double threshold, String summary, Map<String, Object> details) {
    return judged(
        kind,
        check,
        feature,
        method,
        breach,
        value,
        threshold,
        sampleSize,
        severity,
        summary,
        details);
  }

  /** The detector state this observation belongs to: check, and feature where there is one. */
  @JsonIgnore
  public String key() {
    return feature == null ? check : check + "/" + feature;
  }

  @JsonIgnore
  public boolean breach() {
    return status == BREACH;
  }

  /** Insufficient so far, in a drift span that goes on collecting windows. */
  @JsonIgnore
  public boolean collecting() {
    return status == INSUFFICIENT
        && details.get("span") instanceof Map<?, ?> span
        && Boolean.TRUE.equals(span.get("collecting"));
  }
}
