package dev.preflight.monitor.stats;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * A one-dimensional empirical distribution as a step function: distinct values in ascending order
 * and the share of the mass at or below each. Built exactly from values, or from a KLL sketch's
 * retained items and their weights (then within the sketch's rank error of the data).
 */
public final class Distribution {

  private final double[] values;
  private final double[] cumulative;
  private final long n;

  private Distribution(double[] values, double[] cumulative, long n) {
    this.values = values;
    this.cumulative = cumulative;
    this.n = n;
  }

  /** The exact empirical distribution of the values. */
  public static Distribution of(double[] data) {
    double[] sorted = data.clone();
    Arrays.sort(sorted);
    long[] weights = new long[sorted.length];
    Arrays.fill(weights, 1);
    return fromSorted(sorted, cumulativeOf(weights), sorted.length);
  }

  /** The distribution a sketch summarises. */
  public static Distribution of(KllDoublesSketch sketch) {
    if (sketch.isEmpty()) {
      return new Distribution(new double[0], new double[0], 0);
    }
    DoublesSortedView view = sketch.getSortedView();
    return fromSorted(view.getQuantiles(), view.getCumulativeWeights(), view.getN());
  }

  private static long[] cumulativeOf(long[] weights) {
    long[] cumulative = new long[weights.length];
    long total = 0;
    for (int i = 0; i < weights.length; i++) {
      total += weights[i];
      cumulative[i] = total;
    }
    return cumulative;
  }

  /** Collapses equal values, so the step function has one step per distinct value. */
  private static Distribution fromSorted(double[] sorted, long[] cumulativeWeights, long n) {
    double[] values = new double[sorted.length];
    double[] cumulative = new double[sorted.length];
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (distinct > 0 && values[distinct - 1] == sorted[i]) {
        cumulative[distinct - 1] = (double) cumulativeWeights[i] / n;
      } else {
        values[distinct] = sorted[i];
        cumulative[distinct] = (double) cumulativeWeights[i] / n;
        distinct++;
      }
    }
    return new Distribution(
        Arrays.copyOf(values, distinct), Arrays.copyOf(cumulative, distinct), n);
  }

  public long n() {
    return n;
  }

  public boolean isEmpty() {
    return n == 0;
  }

  /** F(x): the share of the mass at or below x. */
  public double cdf(double x) {
    int i = Arrays.binarySearch(values, x);
    if (i >= 0) {
      return cumulative[i];
    }
    int below = -i - 2;
    return below < 0 ? 0 : cumulative[below];
  }

  /**
   * The two-sample Kolmogorov–Smirnov statistic: the largest vertical distance between the two step
   * functions, found at their jump points.
   */
  public static double kolmogorovSmirnov(Distribution a, Distribution b) {
    double d = 0;
    int i = 0;
    int j = 0;
    double fa = 0;
    double fb = 0;
    while (i < a.values.length || j < b.values.length) {
      double x =
          j >= b.values.length || (i < a.values.length && a.values[i] <= b.values[j])
              ? a.values[i]
              : b.values[j];
      while (i < a.values.length && a.values[i] == x) {
        fa = a.cumulative[i++];
      }
      while (j < b.values.length && b.values[j] == x) {
        fb = b.cumulative[j++];
      }
      d = Math.max(d, Math.abs(fa - fb));
    }
    return d;
  }

  /**
   * The 1-Wasserstein (earth mover's) distance: the area between the two step functions, {@code
   * ∫|F_a(x) − F_b(x)| dx}.
   */
  public static double wasserstein(Distribution a, Distribution b) {
    double area = 0;
    int i = 0;
    int j = 0;
    double fa = 0;
    double fb = 0;
    double previous = Double.NaN;
    while (i < a.values.length || j < b.values.length) {
      double x =
          j >= b.values.length || (i < a.values.length && a.values[i] <= b.values[j])
              ? a.values[i]
              : b.values[j];
      if (!Double.isNaN(previous)) {
        area += Math.abs(fa - fb) * (x - previous);
      }
      while (i < a.values.length && a.values[i] == x) {
        fa = a.cumulative[i++];
      }
      while (j < b.values.length && b.values[j] == x) {
        fb = b.cumulative[j++];
      }
      previous = x;
    }
    return area;
  }
}
