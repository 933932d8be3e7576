package dev.preflight.monitor.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.preflight.monitor.stats.Distribution;
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
 * @param steps numeric: the reference's step function as evaluated — every distinct value with its
 *     count when there are at most {@link dev.preflight.monitor.window.NumericValues#MAX_DISTINCT}
 *     (discrete features, small references: exact), else as many equal-count steps (within 1/{@code
 *     MAX_DISTINCT} of the data's CDF everywhere, deterministically)
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
    Map<String, Long> frequencies,
    ValueCounts steps) {

  /**
   * Read back through the shared mapper, absent collections arrive empty: the fields that belong to
   * the other type are put back to absent, so a numeric feature shows no {@code frequencies}.
   */
  public FeatureProfile {
    if (NUMERIC.equals(type)) {
      frequencies = frequencies == null || frequencies.isEmpty() ? null : frequencies;
    } else {
      binEdges = binEdges == null || binEdges.isEmpty() ? null : binEdges;
      binShares = binShares == null || binShares.isEmpty() ? null : binShares;
      quantiles = quantiles == null || quantiles.isEmpty() ? null : quantiles;
    }
  }

  /**
   * Values in ascending order and how many of the data each stands for: distinct values and their
   * counts when {@code exact}; else the smallest and largest values exactly and, between {@code
   * errorFrom} and {@code errorTo}, equal-count steps of the sorted data, each at its median.
   */
  public record ValueCounts(
      double[] values, long[] counts, boolean exact, Double errorFrom, Double errorTo) {

    public ValueCounts {
      if (values == null || counts == null || values.length != counts.length) {
        throw new IllegalArgumentException("values and counts need the same length");
      }
      for (int i = 0; i < values.length; i++) {
        if (!Double.isFinite(values[i]) || (i > 0 && values[i] <= values[i - 1])) {
          throw new IllegalArgumentException("values must be finite and strictly ascending");
        }
        if (counts[i] < 1) {
          throw new IllegalArgumentException("counts must be at least 1");
        }
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ValueCounts other
          && java.util.Arrays.equals(values, other.values)
          && java.util.Arrays.equals(counts, other.counts)
          && exact == other.exact
          && java.util.Objects.equals(errorFrom, other.errorFrom)
          && java.util.Objects.equals(errorTo, other.errorTo);
    }

    @Override
    public int hashCode() {
      return 31 * java.util.Arrays.hashCode(values) + java.util.Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
      return "ValueCounts[" + values.length + (exact ? " distinct]" : " steps]");
    }
  }

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
        frequencies,
        null);
  }

  public boolean numeric() {
    return NUMERIC.equals(type);
  }

  /** The reference sketch of a numeric feature. */
  public KllDoublesSketch kll() {
    return KllDoublesSketch.heapify(Memory.wrap(Base64.getDecoder().decode(sketch)));
  }

  /**
   * The reference's distribution: from its value counts (exact) or steps, else — a posted profile
   * with a sketch only — from its sketch.
   */
  public Distribution distribution() {
    if (steps == null) {
      return Distribution.of(kll());
    }
    if (steps.exact()) {
      return Distribution.ofCounts(steps.values(), steps.counts(), 0);
    }
    long n = 0;
    long widest = 0;
    for (long c : steps.counts()) {
      n += c;
      widest = Math.max(widest, c);
    }
    double[] values = steps.values();
    return Distribution.ofCounts(
        values,
        steps.counts(),
        n == 0 ? 0 : (double) widest / n,
        steps.errorFrom() == null ? values[0] : steps.errorFrom(),
        steps.errorTo() == null ? values[values.length - 1] : steps.errorTo());
  }

  /** Category → share of the reference. */
  public Map<String, Double> shares() {
    long total = frequencies.values().stream().mapToLong(Long::longValue).sum();
    java.util.Map<String, Double> shares = new java.util.HashMap<>();
    frequencies.forEach((k, v) -> shares.put(k, total == 0 ? 0 : (double) v / total));
    return shares;
  }
}
