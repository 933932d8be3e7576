package dev.preflight.monitor.detect;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The drift methods a feature's thresholds may name: for numeric features the normalised
 * Wasserstein distance or two-sample Kolmogorov–Smirnov, for categorical ones Jensen–Shannon
 * distance or chi-square. A distance breaches above its threshold, a p-value (after
 * Benjamini–Hochberg) below it.
 */
public enum DriftMethod {
  WASSERSTEIN("wasserstein", true, false),
  KS("ks", true, true),
  JENSEN_SHANNON("jensen-shannon", false, false),
  CHI_SQUARE("chi-square", false, true);

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
