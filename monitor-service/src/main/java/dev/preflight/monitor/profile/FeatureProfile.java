package dev.preflight.monitor.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The reference distribution of one feature (or of the predictions).
 *
 * @param type {@code numeric} or {@code categorical}
 * @param count non-null values in the reference
 * @param binEdges numeric: the reference's deciles; bin i holds values in (edge[i-1], edge[i]]
 * @param binShares numeric: the reference's share in each of the {@code binEdges + 1} bins
 * @param lowerBound numeric: the reference's 0.5th percentile; below it is out of range
 * @param upperBound numeric: the reference's 99.5th percentile; above it is out of range
 * @param quantiles numeric: a readable summary (p1 … p99)
 * @param sketch numeric: the reference as a KLL quantile sketch (Apache DataSketches), base64
 * @param frequencies categorical: category → count in the reference
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureProfile(
    String type,
    long count,
    long nulls,
    Double mean,
    Double std,
    Double min,
    Double max,
    List<Double> binEdges,
    List<Double> binShares,
    Double lowerBound,
    Double upperBound,
    Map<String, Double> quantiles,
    String sketch,
    Map<String, Long> frequencies) {

  public static final String NUMERIC = "numeric";
  public static final String CATEGORICAL = "categorical";

  /** A categorical reference: its frequencies. */
  public static FeatureProfile categorical(long count, long nulls, Map<String, Long> frequencies) {
    return new FeatureProfile(
        CATEGORICAL,
        count,
        nulls,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        frequencies);
  }

  public boolean numeric() {
    return NUMERIC.equals(type);
  }

  /** The reference sketch of a numeric feature. */
  public KllDoublesSketch kll() {
    return KllDoublesSketch.heapify(Memory.wrap(Base64.getDecoder().decode(sketch)));
  }

  /** Category → share of the reference. */
  public Map<String, Double> shares() {
    long total = frequencies.values().stream().mapToLong(Long::longValue).sum();
    java.util.Map<String, Double> shares = new java.util.HashMap<>();
    frequencies.forEach((k, v) -> shares.put(k, total == 0 ? 0 : (double) v / total));
    return shares;
  }
}
