package dev.preflight.monitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The exact two-sample KS p-value against oracles written independently of it: every arrangement of
 * two small samples enumerated, Commons Math's exact distribution where it is finite, a published
 * value, and the limiting distribution for large samples.
 */
class KolmogorovSmirnovTest {

  /**
   * All C(m + n, m) orders of the merged samples, each equally likely under the null hypothesis:
   * the share whose D reaches d.
   */
  private static double enumerated(double d, int m, int n) {
    int total = 0;
    int reaching = 0;
    for (int mask = 0; mask < 1 << (m + n); mask++) {
      if (Integer.bitCount(mask) != m) {
        continue;
      }
      total++;
      int i = 0;
      int j = 0;
      long largest = 0;
      for (int step = 0; step < m + n; step++) {
        if ((mask & (1 << step)) != 0) {
          i++;
        } else {
          j++;
        }
        largest = Math.max(largest, Math.abs((long) i * n - (long) j * m));
      }
      // D = largest / (m·n); compare as integers: largest ≥ d·m·n
      if (largest >= Math.round(d * m * n)) {
        reaching++;
      }
    }
    return (double) reaching / total;
  }

  @Test
  void matchesEveryArrangementEnumeratedForSmallSamples() {
    for (int m = 1; m <= 8; m++) {
      for (int n = 1; n <= 8; n++) {
        for (int k = 1; k <= m * n; k++) {
          double d = (double) k / (m * n);
          assertThat(KolmogorovSmirnov.exactP(d, m, n))
              .as("m=%d n=%d d=%d/%d", m, n, k, m * n)
              .isCloseTo(enumerated(d, m, n), within(1e-12));
        }
      }
    }
  }

  @Test
  void matchesCommonsMathsExactDistributionWhereItIsFinite() {
    org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest commons =
        new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();
    int[][] sizes = {{10, 10}, {12, 30}, {50, 50}, {40, 75}, {100, 60}};
    for (int[] size : sizes) {
      int m = size[0];
      int n = size[1];
      for (double d = 0.02; d < 0.6; d += 0.01) {
        // D only takes multiples of 1/lcm(m, n): compare at the attainable value at or above d
        double oracle = commons.exactP(d, m, n, false);
        if (Double.isFinite(oracle)) {
          assertThat(KolmogorovSmirnov.exactP(d, m, n))
              .as("m=%d n=%d d=%.2f", m, n, d)
              .isCloseTo(oracle, within(1e-9));
        }
      }
    }
  }

  @Test
  void givesThePublishedValue() {
    // scipy.stats.ks_2samp with two samples of 10 and D = 0.5 (method 'exact'): 0.16782134274394334
    assertThat(KolmogorovSmirnov.exactP(0.5, 10, 10)).isCloseTo(0.16782134274394334, within(1e-12));
  }

  /**
   * Found by a user: borderline decisions flipped between the limiting distribution (p 0.067) and
   * the exact one (0.050) at window sizes. For large samples the two agree closely, and the exact
   * one stays finite where Commons Math's answers NaN.
   */
  @Test
  void approachesTheLimitingDistributionForLargeSamplesAndStaysFinite() {
    org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest commons =
        new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();
    int[][] sizes = {{600, 1000}, {1200, 5000}, {10_000, 10_000}};
    for (int[] size : sizes) {
      for (double d : new double[] {0.02, 0.04, 0.06, 0.08}) {
        double exact = KolmogorovSmirnov.exactP(d, size[0], size[1]);
        double limiting = commons.approximateP(d, size[0], size[1]);
        assertThat(exact).as("%s d=%.2f", java.util.Arrays.toString(size), d).isBetween(0.0, 1.0);
        assertThat(exact).isCloseTo(limiting, within(0.02));
      }
    }
    // the p-value falls as D grows
    double previous = 1;
    for (double d = 0.01; d < 0.2; d += 0.01) {
      double p = KolmogorovSmirnov.exactP(d, 600, 1000);
      assertThat(p).isLessThanOrEqualTo(previous);
      previous = p;
    }
  }

  @Test
  void usesTheExactDistributionUpToTenThousandAndTheLimitingOneBeyond() {
    assertThat(KolmogorovSmirnov.pValue(0.05, 600, 10_000))
        .isEqualTo(KolmogorovSmirnov.exactP(0.05, 600, 10_000));
    assertThat(KolmogorovSmirnov.pValue(0.05, 600, 10_001))
        .isEqualTo(
            new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest()
                .approximateP(0.05, 600, 10_001));
    assertThat(KolmogorovSmirnov.pValue(0.3, 0, 100)).isEqualTo(1.0);
    // far in the tail the limit answers: no threshold tells the two apart there
    assertThat(KolmogorovSmirnov.pValue(0.5, 600, 1000))
        .isEqualTo(
            new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest()
                .approximateP(0.5, 600, 1000))
        .isLessThan(KolmogorovSmirnov.NEGLIGIBLE);
  }
}
