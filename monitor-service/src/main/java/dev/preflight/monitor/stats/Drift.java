package dev.preflight.monitor.stats;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/** The drift statistics, each comparing a window with the reference. */
public final class Drift {

  /** Stands in for an empty bin or category, so PSI and Jensen–Shannon stay finite. */
  public static final double EPSILON = 1e-4;

  private Drift() {}

  /**
   * The p-value of a two-sample Kolmogorov–Smirnov statistic for samples of sizes n and m: exact up
   * to 10,000 values a side, the limiting distribution beyond (see {@link KolmogorovSmirnov}).
   * Found by a user: from the limiting distribution alone, borderline windows of 600–1,200 records
   * were judged ok (p 0.067) where the exact p-value is 0.050.
   */
  public static KolmogorovSmirnov.PValue ksPValue(double d, long n, long m) {
    return KolmogorovSmirnov.test(d, n, m);
  }

  /**
   * The population stability index of a window's bin counts against the reference's bin shares:
   * {@code Σ (a − e) ln(a / e)}, empty bins counted as {@link #EPSILON}.
   */
  public static double psi(double[] referenceShares, long[] counts) {
    long total = Arrays.stream(counts).sum();
    if (total == 0) {
      return 0;
    }
    double psi = 0;
    for (int i = 0; i < counts.length; i++) {
      double e = Math.max(referenceShares[i], EPSILON);
      double a = Math.max((double) counts[i] / total, EPSILON);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /** PSI over categories: the reference's shares against the window's counts. */
  public static double psi(Map<String, Double> referenceShares, Map<String, Long> counts) {
    String[] categories = categories(referenceShares, counts);
    double[] reference = new double[categories.length];
    long[] observed = new long[categories.length];
    for (int i = 0; i < categories.length; i++) {
      reference[i] = referenceShares.getOrDefault(categories[i], 0.0);
      observed[i] = counts.getOrDefault(categories[i], 0L);
    }
    return psi(reference, observed);
  }

  /**
   * The Jensen–Shannon distance (base 2, so in [0, 1]): the square root of the Jensen–Shannon
   * divergence between the reference's shares and the window's.
   */
  public static double jensenShannon(
      Map<String, Double> referenceShares, Map<String, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return 0;
    }
    double divergence = 0;
    for (String category : categories(referenceShares, counts)) {
      double p = referenceShares.getOrDefault(category, 0.0);
      double q = (double) counts.getOrDefault(category, 0L) / total;
      double m = (p + q) / 2;
      if (p > 0) {
        divergence += 0.5 * p * log2(p / m);
      }
      if (q > 0) {
        divergence += 0.5 * q * log2(q / m);
      }
    }
    return Math.sqrt(Math.max(0, divergence));
  }

  /**
   * Pearson's chi-square goodness-of-fit p-value of the window's category counts against the
   * reference's shares; categories the reference never saw expect {@link #EPSILON}.
   */
  public static double chiSquarePValue(
      Map<String, Double> referenceShares, Map<String, Long> counts) {
    String[] categories = categories(referenceShares, counts);
    if (categories.length < 2) {
      return 1;
    }
    double[] expected = new double[categories.length];
    long[] observed = new long[categories.length];
    for (int i = 0; i < categories.length; i++) {
      expected[i] = Math.max(referenceShares.getOrDefault(categories[i], 0.0), EPSILON);
      observed[i] = counts.getOrDefault(categories[i], 0L);
    }
    if (Arrays.stream(observed).sum() == 0) {
      return 1;
    }
    return new ChiSquareTest().chiSquareTest(expected, observed);
  }

  /**
   * Benjamini–Hochberg adjusted p-values: controls the false discovery rate when several features'
   * p-values decide in the same window.
   */
  public static double[] benjaminiHochberg(double[] pValues) {
    int m = pValues.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(pValues[a], pValues[b]));
    double[] adjusted = new double[m];
    double running = 1;
    for (int rank = m; rank >= 1; rank--) {
      int index = order[rank - 1];
      running = Math.min(running, pValues[index] * m / rank);
      adjusted[index] = Math.min(1, running);
    }
    return adjusted;
  }

  /**
   * The robust z-score of a value against its history: {@code 0.6745 (x − median) / MAD}, the
   * median absolute deviation floored at {@code madFloor} so that a history that never varied still
   * judges a jump (a client that always sent 10 requests and now sends 100).
   */
  public static double robustZ(double value, double[] history, double madFloor) {
    if (history.length == 0) {
      return Double.NaN;
    }
    double median = median(history);
    double[] deviations = new double[history.length];
    for (int i = 0; i < history.length; i++) {
      deviations[i] = Math.abs(history[i] - median);
    }
    return 0.6745 * (value - median) / Math.max(madFloor, median(deviations));
  }

  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static String[] categories(Map<String, Double> reference, Map<String, Long> counts) {
    Set<String> all = new HashSet<>(reference.keySet());
    all.addAll(counts.keySet());
    String[] categories = all.toArray(String[]::new);
    Arrays.sort(categories);
    return categories;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
