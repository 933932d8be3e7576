package dev.preflight.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.Json;
import dev.preflight.monitor.detect.Detectors;
import dev.preflight.monitor.detect.Observation;
import dev.preflight.monitor.profile.FeatureProfile;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.ProfileBuilder;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.window.Reference;
import dev.preflight.monitor.window.WindowAggregate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.datasketches.kll.KllCompaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every drift statistic the monitor publishes, against an exact computation written here from the
 * definitions (sorted arrays, quantile functions), on the values that went through the real
 * topology: a reference profile, then one window of records sent as four partials (as from four
 * input partitions) and merged by the evaluator. Windows of 100,000 records take the same path
 * without the test driver (see {@link #throughTopology}).
 *
 * <p>Exact is asserted where the observation says {@code exact: true} (both sides hold every value:
 * up to {@code NumericValues.MAX_DISTINCT} distinct values, any volume of a discrete feature);
 * where a sketch is involved, the published value is within 1 % relative or 0.005 absolute of the
 * exact one (the bound) and within the {@code errorBound} it publishes.
 */
class DriftOracleTest {

  private static final String MODEL = "oracle";
  private static final String VERSION = "1.0.0";
  private static final List<String> TABLE = new ArrayList<>();

  private final Random random = new Random(2026_12_01L);

  @BeforeEach
  void seedCompaction() {
    KllCompaction.seed(11);
  }

  @AfterAll
  static void printTable() {
    System.out.println(
        "distribution        reference  window  method       exact?  published     exact"
            + "         error      bound");
    TABLE.forEach(System.out::println);
  }

  /** A population: how to draw one value, and a shifted variant for the windows. */
  private record Population(
      String name, ToDoubleFunction<Random> draw, DoubleUnaryOperator shift) {}

  private static final List<Population> POPULATIONS =
      List.of(
          new Population("normal", r -> 10 + 3 * r.nextGaussian(), x -> x + 0.6),
          new Population(
              "heavy-tailed", r -> Math.pow(1 - r.nextDouble(), -1 / 1.5), x -> x * 1.15),
          new Population(
              "zero-inflated",
              r -> r.nextDouble() < 0.995 ? 0 : Math.exp(3 + r.nextGaussian()),
              x -> x == 0 ? 0 : x * 1.5),
          new Population("integer", DriftOracleTest::poisson4, x -> x + (x > 3 ? 1 : 0)),
          new Population("ties", r -> Math.round(10 * r.nextGaussian()) / 10.0, x -> x + 0.2));

  private static double poisson4(Random random) {
    double limit = Math.exp(-4);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  @Test
  void everyPublishedDriftStatisticIsExactOrWithinItsBound() {
    int[] windows = {100, 1_000, 10_000, 100_000};
    for (Population population : POPULATIONS) {
      for (int size : windows) {
        if (size == 100_000
            && !population.name().equals("normal")
            && !population.name().equals("zero-inflated")) {
          continue; // the two that matter most at volume: continuous, and sparse
        }
        check(population, 5_000, size, true);
      }
      check(population, 5_000, 1_000, false);
    }
  }

  @Test
  void kolmogorovSmirnovPValuesAgreeWithTheExactDistribution() {
    for (Population population : POPULATIONS) {
      check(population, 400, 100, true);
      check(population, 400, 300, true);
    }
  }

  /** The reference profile: the same values twice, "w" by Wasserstein, "k" by KS. */
  private static Profile profile(double[] reference) {
    Map<String, FeatureProfile> features = new LinkedHashMap<>();
    features.put("w", ProfileBuilder.numeric(reference, 0));
    features.put("k", ProfileBuilder.numeric(reference, 0));
    Thresholds own =
        new Thresholds(
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of(
                "w", new Thresholds.FeatureThreshold("wasserstein", null),
                "k", new Thresholds.FeatureThreshold("ks", null)));
    return new Profile(
        MODEL,
        VERSION,
        "oracle",
        "posted",
        OffsetDateTime.now(),
        reference.length,
        features,
        Optional.empty(),
        Map.of(),
        own);
  }

  private static final Thresholds DEFAULTS = Thresholds.defaults(50, 50, 3, 2);

  /**
   * Through the real topology: the profile and the records in, the observations read from the state
   * the status API serves. A record costs the driver about 0.4 ms here (it commits its RocksDB
   * stores after each, on tmpfs), so the 100,000-record windows go through {@link #aggregated}.
   */
  private static Observation[] throughTopology(Profile profile, double[] window) {
    try (TopologyHarness monitor = new TopologyHarness(DEFAULTS)) {
      monitor.register(MODEL, VERSION);
      monitor.profile(profile);
      List<ObjectNode> records = new ArrayList<>();
      for (double v : window) {
        // In order: Map.of's order changes from JVM to JVM, and with it which feature's sketch
        // draws first from KLL's (seeded) compaction randomness.
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("w", v);
        features.put("k", v);
        records.add(TopologyHarness.record(MODEL, VERSION, features));
      }
      monitor.sendInPartials(records, 4);
      monitor.settle();
      return new Observation[] {
        monitor.latest(MODEL, VERSION, "feature-drift", "w"),
        monitor.latest(MODEL, VERSION, "feature-drift", "k")
      };
    }
  }

  /**
   * The topology's path without the driver: four partials aggregated as stage one does, each
   * serialised and merged into the stored window as stage two does, evaluated by the detectors.
   */
  private static Observation[] aggregated(Profile profile, double[] window) {
    Reference reference = Reference.of(profile, 1_048_576L);
    WindowAggregate[] partials = new WindowAggregate[4];
    for (int p = 0; p < partials.length; p++) {
      partials[p] = new WindowAggregate();
    }
    for (int i = 0; i < window.length; i++) {
      ObjectNode features =
          Json.mapper().createObjectNode().put("w", window[i]).put("k", window[i]);
      partials[i * partials.length / window.length].add(
          i, features, null, 12, 200, "checkout", "ok", 300, reference);
    }
    WindowAggregate stored = new WindowAggregate();
    for (WindowAggregate partial : partials) {
      stored = WindowAggregate.fromBytes(stored.toBytes());
      stored.merge(WindowAggregate.fromBytes(partial.toBytes()));
    }
    List<Observation> observations =
        Detectors.evaluate(
            WindowAggregate.fromBytes(stored.toBytes()),
            new Detectors.Context(
                0,
                60_000,
                Optional.of(profile),
                Optional.empty(),
                profile.thresholds().over(DEFAULTS),
                false,
                Map.of()));
    return new Observation[] {find(observations, "w"), find(observations, "k")};
  }

  private static Observation find(List<Observation> observations, String feature) {
    return observations.stream()
        .filter(o -> o.check().equals("feature-drift") && feature.equals(o.feature()))
        .findFirst()
        .orElseThrow();
  }

  /** One reference, one window of its population (shifted or not), every statistic checked. */
  private void check(Population population, int referenceSize, int windowSize, boolean shifted) {
    double[] reference = draw(population, referenceSize, false);
    double[] window = draw(population, windowSize, shifted);
    Profile profile = profile(reference);
    Observation[] observed =
        windowSize <= 10_000 ? throughTopology(profile, window) : aggregated(profile, window);
    String label = population.name() + (shifted ? "" : " (same)");
    Observation w = observed[0];
    Observation k = observed[1];
    assertThat(w.sampleSize()).isEqualTo(windowSize);

    double wasserstein = exactWasserstein(reference, window) / sampleStd(reference);
    agree(label, referenceSize, windowSize, "wasserstein", w, w.value(), wasserstein);

    double d = exactKs(reference, window);
    double publishedD = ((Number) k.details().get("statistic")).doubleValue();
    agree(label, referenceSize, windowSize, "ks D", k, publishedD, d);

    double psi = exactPsi(reference, window);
    double publishedPsi = ((Number) w.details().get("psi")).doubleValue();
    assertThat(publishedPsi).as(label + " PSI").isCloseTo(psi, within(1e-12));

    double p = ((Number) k.details().get("pValue")).doubleValue();
    String pMethod = (String) k.details().get("pValueMethod");
    if (Math.max(referenceSize, windowSize) <= 10_000
        && new KolmogorovSmirnovTest().approximateP(publishedD, referenceSize, windowSize) > 1e-9) {
      assertThat(pMethod).as(label + " p-value method").isEqualTo("exact");
    }
    if (pMethod.equals("asymptotic")) {
      assertThat(p)
          .as(label + " asymptotic KS p-value")
          .isCloseTo(
              new KolmogorovSmirnovTest().approximateP(publishedD, referenceSize, windowSize),
              within(1e-12));
    }
    // Commons Math's exact distribution (its own recursion) where it is finite: small samples.
    double commonsExact =
        (long) referenceSize * windowSize <= 400 * 300
            ? new KolmogorovSmirnovTest().exactP(d, referenceSize, windowSize, false)
            : Double.NaN;
    if (Boolean.TRUE.equals(k.details().get("exact"))
        && pMethod.equals("exact")
        && Double.isFinite(commonsExact)) {
      assertThat(p).as(label + " exact KS p-value").isCloseTo(commonsExact, within(1e-9));
      TABLE.add(row(label, referenceSize, windowSize, "ks p", k, p, commonsExact, 0));
    }
  }

  private void agree(
      String label,
      int referenceSize,
      int windowSize,
      String statistic,
      Observation o,
      double published,
      double exact) {
    boolean isExact = Boolean.TRUE.equals(o.details().get("exact"));
    double error = Math.abs(published - exact);
    double bound =
        o.details().get("errorBound") == null
            ? 0
            : ((Number) o.details().get("errorBound")).doubleValue();
    TABLE.add(row(label, referenceSize, windowSize, statistic, o, published, exact, bound));
    String what = label + " " + referenceSize + "+" + windowSize + " " + statistic;
    if (isExact) {
      assertThat(error).as(what + ": exact, so equal").isLessThan(1e-9 * Math.max(1, exact));
      return;
    }
    assertThat(error)
        .as(what + ": within 1 % or 0.005 of " + exact)
        .isLessThanOrEqualTo(Math.max(0.01 * exact, 0.005));
    assertThat(error).as(what + ": within the published bound").isLessThanOrEqualTo(bound);
  }

  private static String row(
      String label,
      int referenceSize,
      int windowSize,
      String statistic,
      Observation o,
      double published,
      double exact,
      double bound) {
    return String.format(
        Locale.ROOT,
        "%-19s %9d %7d  %-11s  %-6s  %-12.6g  %-12.6g  %-9.2e  %.2e",
        label,
        referenceSize,
        windowSize,
        statistic,
        o.details().get("exact"),
        published,
        exact,
        Math.abs(published - exact),
        bound);
  }

  private double[] draw(Population population, int n, boolean shifted) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      double x = population.draw().applyAsDouble(random);
      values[i] = shifted ? population.shift().applyAsDouble(x) : x;
    }
    return values;
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }

  // ---------------------------------------------------------------------------------------------
  // The exact statistics, from their definitions
  // ---------------------------------------------------------------------------------------------

  /** The share of the sorted sample at or below x. */
  private static double ecdf(double[] sorted, double x) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] <= x) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return (double) low / sorted.length;
  }

  /** sup |F_a − F_b|, evaluated at every value of either sample. */
  static double exactKs(double[] a, double[] b) {
    double[] sa = sorted(a);
    double[] sb = sorted(b);
    double d = 0;
    for (double[] sample : new double[][] {sa, sb}) {
      for (double x : sample) {
        d = Math.max(d, Math.abs(ecdf(sa, x) - ecdf(sb, x)));
      }
    }
    return d;
  }

  /**
   * W1 as the integral over u ∈ (0, 1) of |F_a⁻¹(u) − F_b⁻¹(u)| — the quantile form, not the CDF
   * area the monitor computes — summed over the pieces between the breakpoints i/n and j/m.
   */
  static double exactWasserstein(double[] a, double[] b) {
    double[] sa = sorted(a);
    double[] sb = sorted(b);
    int n = sa.length;
    int m = sb.length;
    int i = 0;
    int j = 0;
    double u = 0;
    double total = 0;
    while (i < n && j < m) {
      double nextA = (double) (i + 1) / n;
      double nextB = (double) (j + 1) / m;
      double next = Math.min(nextA, nextB);
      total += (next - u) * Math.abs(sa[i] - sb[j]);
      u = next;
      // Compare by integers: (i + 1)·m against (j + 1)·n decides which quantile steps here.
      long left = (long) (i + 1) * m;
      long right = (long) (j + 1) * n;
      if (left <= right) {
        i++;
      }
      if (right <= left) {
        j++;
      }
    }
    return total;
  }

  static double sampleStd(double[] values) {
    double mean = Arrays.stream(values).average().orElse(0);
    double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
    return Math.sqrt(squares / (values.length - 1));
  }

  /**
   * PSI over the reference's deciles (each the smallest value with at least that share of the
   * reference at or below it, duplicates dropped), bin i holding (edge[i−1], edge[i]], empty bins
   * counted as 1e-4.
   */
  static double exactPsi(double[] reference, double[] window) {
    double[] sorted = sorted(reference);
    double[] edges =
        Arrays.stream(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9})
            .map(q -> sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)])
            .distinct()
            .toArray();
    double[] expected = shares(edges, reference);
    double[] actual = shares(edges, window);
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], 1e-4);
      double a = Math.max(actual[i], 1e-4);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  private static double[] shares(double[] edges, double[] values) {
    long[] counts = new long[edges.length + 1];
    for (double v : values) {
      int bin = 0;
      while (bin < edges.length && v > edges[bin]) {
        bin++;
      }
      counts[bin]++;
    }
    return Arrays.stream(counts).mapToDouble(c -> (double) c / values.length).toArray();
  }

  private static double[] sorted(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted;
  }
}
