package dev.preflight.monitor.stats;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * A one-dimensional empirical distribution as a step function: distinct values in ascending order
 * and the share of the mass at or below each. Built exactly from values, or from a KLL sketch's
 * retained items and their weights (then within the sketch's rank error of the data, which {@link
 * #rankError()} tells).
 */
public final class Distribution {

  private final double[] values;
  private final double[] cumulative;
  private final long n;
  private final double rankError;
  private final double errorSpan;

  private Distribution(
      double[] values, double[] cumulative, long n, double rankError, double errorSpan) {
    this.values = values;
    this.cumulative = cumulative;
    this.n = n;
    this.rankError = rankError;
    this.errorSpan = errorSpan;
  }

  private static final Distribution EMPTY = new Distribution(new double[0], new double[0], 0, 0, 0);

  /** The exact empirical distribution of the values. */
  public static Distribution of(double[] data) {
    double[] sorted = data.clone();
    Arrays.sort(sorted);
    long[] weights = new long[sorted.length];
    Arrays.fill(weights, 1);
    return sorted.length == 0
        ? EMPTY
        : fromSorted(sorted, cumulativeOf(weights), sorted.length, 0, 0);
  }

  /**
   * The distribution of distinct values in ascending order, each with its count: exact when the
   * counts are the data's own ({@code rankError} 0), else a summary within {@code rankError} of it
   * between its smallest and largest value.
   */
  public static Distribution ofCounts(double[] sortedDistinct, long[] counts, double rankError) {
    return sortedDistinct.length == 0
        ? EMPTY
        : ofCounts(
            sortedDistinct,
            counts,
            rankError,
            sortedDistinct[0],
            sortedDistinct[sortedDistinct.length - 1]);
  }

  /**
   * A summary of distinct values and counts whose CDF is within {@code rankError} of the data's,
   * and only between {@code errorFrom} and {@code errorTo} (outside it exact).
   */
  public static Distribution ofCounts(
      double[] sortedDistinct, long[] counts, double rankError, double errorFrom, double errorTo) {
    long[] cumulative = cumulativeOf(counts);
    long n = cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    return ofCumulative(sortedDistinct, cumulative, n, rankError, errorFrom, errorTo);
  }

  /**
   * A summary given as ascending values and the number of data values at or below each, within
   * {@code rankError} of the data's CDF between {@code errorFrom} and {@code errorTo}.
   */
  public static Distribution ofCumulative(
      double[] sorted,
      long[] cumulativeCounts,
      long n,
      double rankError,
      double errorFrom,
      double errorTo) {
    if (n == 0 || sorted.length == 0) {
      return EMPTY;
    }
    return fromSorted(sorted, cumulativeCounts, n, rankError, Math.max(0, errorTo - errorFrom));
  }

  /** The distribution a sketch summarises. */
  public static Distribution of(KllDoublesSketch sketch) {
    if (sketch.isEmpty()) {
      return EMPTY;
    }
    DoublesSortedView view = sketch.getSortedView();
    return fromSorted(
        view.getQuantiles(),
        view.getCumulativeWeights(),
        view.getN(),
        KllSketch.getNormalizedRankError(sketch.getK(), true),
        sketch.getMaxItem() - sketch.getMinItem());
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
  private static Distribution fromSorted(
      double[] sorted, long[] cumulativeWeights, long n, double rankError, double errorSpan) {
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
        Arrays.copyOf(values, distinct),
        Arrays.copyOf(cumulative, distinct),
        n,
        rankError,
        errorSpan);
  }

  public long n() {
    return n;
  }

  public boolean isEmpty() {
    return n == 0;
  }

  /** Whether the step function is the data's own (no sketch in between). */
  public boolean exact() {
    return rankError == 0;
  }

  /**
   * How far this CDF may be from the data's at any point: 0 when exact, a sketch's normalised rank
   * error over all points (99 % confidence) otherwise.
   */
  public double rankError() {
    return rankError;
  }

  /**
   * A bound on the 1-Wasserstein distance between this step function and the data's: the CDFs
   * differ by at most the rank error, and only over the span where they may (between the smallest
   * and the largest value, or between exactly kept tails).
   */
  public double wassersteinError() {
    return rankError == 0 ? 0 : rankError * errorSpan;
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
