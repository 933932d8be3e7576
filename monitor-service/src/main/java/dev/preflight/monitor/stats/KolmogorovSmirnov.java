package dev.preflight.monitor.stats;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * p-values of the two-sample Kolmogorov–Smirnov statistic as the field computes them (scipy's
 * {@code ks_2samp(method='auto')}): from the exact distribution of D for samples of sizes m and n
 * when {@code max(m, n) ≤ 10,000}, from the limiting Kolmogorov distribution beyond.
 *
 * <p>The exact distribution counts lattice paths (Hodges 1958, after Gnedenko–Korolyuk): the merged
 * sorted samples are a path from (0, 0) to (m, n), one step right per value of the first sample,
 * one step up per value of the second, all C(m + n, m) paths equally likely under the null
 * hypothesis; D is the largest |i/m − j/n| along the path. Here the path is walked with the
 * probabilities of its next step instead of counted (at (i, j) it goes right with probability (m −
 * i) / (m + n − i − j)), so every number stays in [0, 1] and no binomial coefficient overflows
 * (Commons Math's {@code exactP} answers NaN from about m = n = 600 on). The cost is one pass over
 * the band of the lattice the boundary leaves, O(m · n · D).
 *
 * <p>Like scipy's, the exact p-value assumes no ties: with ties (discrete features) the attainable
 * values of D are fewer and the p-value is conservative (too large), never anti-conservative.
 */
public final class KolmogorovSmirnov {

  /** Above this sample size the limiting distribution is used, as scipy does. */
  public static final int EXACT_MAX = 10_000;

  private KolmogorovSmirnov() {}

  /** A p-value and the distribution it came from. */
  public record PValue(double value, boolean exact) {

    /** {@code exact} or {@code asymptotic}, as the observation names it. */
    public String method() {
      return exact ? "exact" : "asymptotic";
    }
  }

  /** P(D ≥ d) for samples of sizes m and n, exact or asymptotic as {@link #EXACT_MAX} decides. */
  public static double pValue(double d, long m, long n) {
    return test(d, m, n).value();
  }

  /** P(D ≥ d) for samples of sizes m and n, with the distribution it was computed from. */
  public static PValue test(double d, long m, long n) {
    if (m == 0 || n == 0 || d <= 0) {
      return new PValue(1, false);
    }
    double limiting =
        new KolmogorovSmirnovTest()
            .approximateP(
                d, (int) Math.min(m, Integer.MAX_VALUE), (int) Math.min(n, Integer.MAX_VALUE));
    // Far in the tail no threshold (even Benjamini–Hochberg-adjusted over a thousand features)
    // tells the two apart, and the exact walk costs most there (a wide band): the limit answers.
    if (Math.max(m, n) <= EXACT_MAX && limiting > NEGLIGIBLE) {
      return new PValue(exactP(d, (int) m, (int) n), true);
    }
    return new PValue(limiting, false);
  }

  /** A limiting p-value below which the exact one is not computed. */
  static final double NEGLIGIBLE = 1e-9;

  /** The exact P(D ≥ d) for samples of sizes m and n under the null hypothesis. */
  public static double exactP(double d, int m, int n) {
    if (m < 1 || n < 1) {
      throw new IllegalArgumentException("sample sizes must be positive: " + m + ", " + n);
    }
    if (d <= 0) {
      return 1;
    }
    if (d > 1) {
      return 0;
    }
    // On the lattice scaled by lcm(m, n) the boundary is integral: |i·(L/m) − j·(L/n)| ≥ h, with h
    // the smallest attainable L·D that is at least L·d.
    long lcm = lcm(m, n);
    long stepI = lcm / m;
    long stepJ = lcm / n;
    long h = (long) Math.ceil(d * lcm - 1e-9 * Math.max(1.0, d * lcm));
    if (h <= 0) {
      return 1;
    }
    // inside[j]: the probability that the path reaches (i, j) without touching the boundary.
    double[] inside = new double[n + 1];
    inside[0] = 1;
    int low = 0;
    int high = lastInside(0, stepI, stepJ, h, n);
    for (int j = 1; j <= high; j++) {
      inside[j] = inside[j - 1] * up(0, j - 1, m, n);
    }
    for (int i = 1; i <= m; i++) {
      int newLow = firstInside(i, stepI, stepJ, h);
      int newHigh = lastInside(i, stepI, stepJ, h, n);
      if (newLow > newHigh) {
        return 1;
      }
      // right steps from column i − 1 into column i, then up steps within column i
      for (int j = newLow; j <= newHigh; j++) {
        double fromLeft = j >= low && j <= high ? inside[j] * right(i - 1, j, m, n) : 0;
        double fromBelow = j > newLow ? inside[j - 1] * up(i, j - 1, m, n) : 0;
        inside[j] = fromLeft + fromBelow;
      }
      for (int j = Math.max(0, low); j < newLow; j++) {
        inside[j] = 0;
      }
      for (int j = newHigh + 1; j <= Math.min(n, high); j++) {
        inside[j] = 0;
      }
      low = newLow;
      high = newHigh;
    }
    double stayedInside = high == n ? inside[n] : 0;
    return Math.min(1, Math.max(0, 1 - stayedInside));
  }

  /** The lowest j with |i·a − j·b| < h (the boundary below the diagonal). */
  private static int firstInside(int i, long a, long b, long h) {
    // i·a − j·b < h  ⇔  j > (i·a − h) / b
    long numerator = i * a - h;
    long j = Math.floorDiv(numerator, b) + 1;
    return (int) Math.max(0, j);
  }

  /** The highest j ≤ n with |i·a − j·b| < h (the boundary above the diagonal). */
  private static int lastInside(int i, long a, long b, long h, int n) {
    // j·b − i·a < h  ⇔  j < (i·a + h) / b
    long numerator = i * a + h;
    long j = Math.floorDiv(numerator - 1, b);
    return (int) Math.min(n, j);
  }

  /** The probability that a random path at (i, j) steps right next. */
  private static double right(int i, int j, int m, int n) {
    int left = m + n - i - j;
    return left == 0 ? 0 : (double) (m - i) / left;
  }

  /** The probability that a random path at (i, j) steps up next. */
  private static double up(int i, int j, int m, int n) {
    int left = m + n - i - j;
    return left == 0 ? 0 : (double) (n - j) / left;
  }

  private static long lcm(long a, long b) {
    return a / gcd(a, b) * b;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
