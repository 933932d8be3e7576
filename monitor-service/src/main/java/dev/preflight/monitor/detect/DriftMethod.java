package dev.preflight.monitor.detect;

import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.stats.Distribution;
import dev.preflight.monitor.stats.Drift;
import dev.preflight.monitor.stats.KolmogorovSmirnov;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The drift methods, each with its computation: for numeric features the normalised Wasserstein
 * distance or two-sample Kolmogorov–Smirnov, for categorical ones Jensen–Shannon distance or
 * chi-square. A distance breaches above its threshold, a p-value (after Benjamini–Hochberg) below
 * it. A new method is a constant here (and its test); a feature's thresholds name it.
 */
public enum DriftMethod {
  WASSERSTEIN("wasserstein", true, false) {
    @Override
    double measure(Sample s, Map<String, Object> details) {
      double distance = Distribution.wasserstein(s.reference(), s.window()) / s.referenceStd();
      if (!s.exact()) {
        details.put(
            "errorBound",
            (s.reference().wassersteinError() + s.window().wassersteinError()) / s.referenceStd());
      }
      return distance;
    }

    @Override
    double defaultThreshold(Thresholds.DriftLimits limits) {
      return limits.wasserstein();
    }

    @Override
    String describe(double value, Map<String, Object> details) {
      return "Wasserstein distance / reference std " + Detectors.format(value);
    }
  },

  KS("ks", true, true) {
    @Override
    double measure(Sample s, Map<String, Object> details) {
      double d = Distribution.kolmogorovSmirnov(s.reference(), s.window());
      details.put("statistic", d);
      if (!s.exact()) {
        details.put("errorBound", s.reference().rankError() + s.window().rankError());
      }
      KolmogorovSmirnov.PValue p = Drift.ksPValue(d, s.referenceCount(), s.n());
      details.put("pValueMethod", p.method());
      return p.value();
    }

    @Override
    double defaultThreshold(Thresholds.DriftLimits limits) {
      return limits.ksPValue();
    }

    @Override
    String describe(double value, Map<String, Object> details) {
      return "Kolmogorov–Smirnov D " + Detectors.format((Double) details.get("statistic"));
    }
  },

  JENSEN_SHANNON("jensen-shannon", false, false) {
    @Override
    double measure(Sample s, Map<String, Object> details) {
      return Drift.jensenShannon(s.shares(), s.counts());
    }

    @Override
    double defaultThreshold(Thresholds.DriftLimits limits) {
      return limits.jensenShannon();
    }

    @Override
    String describe(double value, Map<String, Object> details) {
      return "Jensen–Shannon distance " + Detectors.format(value);
    }
  },

  CHI_SQUARE("chi-square", false, true) {
    @Override
    double measure(Sample s, Map<String, Object> details) {
      return Drift.chiSquarePValue(s.shares(), s.counts());
    }

    @Override
    double defaultThreshold(Thresholds.DriftLimits limits) {
      return limits.chiSquarePValue();
    }

    @Override
    String describe(double value, Map<String, Object> details) {
      return "chi-square";
    }
  };

  /**
   * One feature's window against its reference. Numeric: the two step functions, the reference's
   * standard deviation (1 where it has none) and size; categorical: the reference's shares and the
   * window's counts.
   */
  public record Sample(
      Distribution reference,
      Distribution window,
      double referenceStd,
      long referenceCount,
      long n,
      Map<String, Double> shares,
      Map<String, Long> counts) {

    static Sample numeric(
        Distribution reference, Distribution window, Double std, long referenceCount, long n) {
      return new Sample(
          reference, window, std == null || std == 0 ? 1 : std, referenceCount, n, null, null);
    }

    static Sample categorical(Map<String, Double> shares, Map<String, Long> counts, long n) {
      return new Sample(null, null, 1, 0, n, shares, counts);
    }

    /** Both sides hold every value. */
    boolean exact() {
      return reference == null || reference.exact() && window.exact();
    }
  }

  /**
   * The method's value on the sample — a distance (breaches above its threshold) or a p-value
   * (below it, after Benjamini–Hochberg) — with what else it measured put in {@code details}.
   */
  abstract double measure(Sample sample, Map<String, Object> details);

  /** The threshold where the feature names none of its own. */
  abstract double defaultThreshold(Thresholds.DriftLimits limits);

  /** What was measured, for the observation's summary. */
  abstract String describe(double value, Map<String, Object> details);

  private final String id;
  private final boolean numeric;
  private final boolean pValue;

  DriftMethod(String id, boolean numeric, boolean pValue) {
    this.id = id;
    this.numeric = numeric;
    this.pValue = pValue;
  }

  /** The name in profiles, observations and signals. */
  public String id() {
    return id;
  }

  public boolean numeric() {
    return numeric;
  }

  public boolean pValue() {
    return pValue;
  }

  public static Optional<DriftMethod> of(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
  }

  /** The allowed names for a feature of this type, for an error message. */
  public static String allowed(boolean numeric) {
    return Arrays.stream(values())
        .filter(m -> m.numeric == numeric)
        .map(DriftMethod::id)
        .collect(Collectors.joining(", "));
  }

  /**
   * What is wrong with a feature's method override, or empty: an unknown name, or a method of the
   * other type (a numeric feature asked for chi-square).
   */
  public static Optional<String> problem(String id, Optional<Boolean> numericFeature) {
    Optional<DriftMethod> method = of(id);
    if (method.isEmpty()) {
      return Optional.of(
          "'"
              + id
              + "' is not a drift method: numeric features take "
              + allowed(true)
              + "; categorical ones "
              + allowed(false));
    }
    if (numericFeature.isPresent() && numericFeature.get() != method.get().numeric) {
      return Optional.of(
          "'"
              + id
              + "' is for "
              + (method.get().numeric ? "numeric" : "categorical")
              + " features; this one is "
              + (numericFeature.get()
                  ? "numeric: " + allowed(true)
                  : "categorical: " + allowed(false)));
    }
    return Optional.empty();
  }
}
