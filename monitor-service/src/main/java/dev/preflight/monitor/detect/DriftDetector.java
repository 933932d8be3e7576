package dev.preflight.monitor.detect;

import dev.preflight.monitor.detect.Detectors.Context;
import dev.preflight.monitor.profile.FeatureProfile;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.stats.Distribution;
import dev.preflight.monitor.stats.Drift;
import dev.preflight.monitor.window.NumericValues;
import dev.preflight.monitor.window.WindowAggregate;
import dev.preflight.monitor.window.WindowAggregate.CategoricalAggregate;
import dev.preflight.monitor.window.WindowAggregate.NumericAggregate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drift of every profiled feature and of the predictions against the reference: normalised
 * Wasserstein or Kolmogorov–Smirnov for numeric features, Jensen–Shannon or chi-square for
 * categorical ones (see {@link DriftMethod}), PSI always, Benjamini–Hochberg over the p-values of a
 * window, and the share of drifting features.
 */
public final class DriftDetector implements Detector {

  private static final String WASSERSTEIN = DriftMethod.WASSERSTEIN.id();
  private static final String KS = DriftMethod.KS.id();
  private static final String JENSEN_SHANNON = DriftMethod.JENSEN_SHANNON.id();
  private static final String CHI_SQUARE = DriftMethod.CHI_SQUARE.id();

  @Override
  public String family() {
    return "drift";
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public void evaluate(WindowAggregate window, Context context, List<Observation> out) {
    if (context.drift().isEmpty()) {
      drift(window, context, out);
      return;
    }
    Detectors.DriftSpan span = context.drift().get();
    List<Observation> drift = new ArrayList<>();
    drift(span.values(), context, drift);
    // Short of the minimum, the span goes on collecting: its insufficient-data neither breaks a
    // breaching streak nor counts as healthy (DetectorState).
    boolean collecting = span.values().count() < context.thresholds().samples().minDriftSample();
    for (Observation o : drift) {
      Map<String, Object> details = new LinkedHashMap<>(o.details());
      details.put("span", span.details(collecting && o.status() == Observation.INSUFFICIENT));
      out.add(o.withDetails(details));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Drift
  // ---------------------------------------------------------------------------------------------

  private record Pending(int index, double pValue, double threshold) {}

  private static void drift(WindowAggregate window, Context context, List<Observation> out) {
    if (context.profile().isEmpty()) {
      return;
    }
    Profile profile = context.profile().get();
    Thresholds t = context.thresholds();
    List<Observation> drift = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    profile
        .features()
        .forEach(
            (name, reference) ->
                drift.add(
                    feature(
                        name,
                        reference,
                        window,
                        t,
                        "feature-drift",
                        pending,
                        drift.size(),
                        context.references())));
    profile
        .prediction()
        .ifPresent(
            reference ->
                drift.add(
                    feature(
                        WindowAggregate.PREDICTION,
                        reference,
                        window,
                        t,
                        "prediction-drift",
                        pending,
                        drift.size(),
                        context.references())));
    // Several p-values decide in this window: Benjamini–Hochberg keeps the false discovery rate.
    if (!pending.isEmpty()) {
      double[] adjusted =
          Drift.benjaminiHochberg(pending.stream().mapToDouble(Pending::pValue).toArray());
      for (int i = 0; i < pending.size(); i++) {
        Pending p = pending.get(i);
        Observation o = drift.get(p.index());
        Map<String, Object> details = new LinkedHashMap<>(o.details());
        details.put("pValue", p.pValue());
        details.put("adjustedBy", "benjamini-hochberg over " + pending.size() + " p-values");
        boolean breach = adjusted[i] < p.threshold();
        drift.set(
            p.index(),
            o.judgedAs(
                breach,
                adjusted[i],
                p.threshold(),
                o.summary()
                    .formatted(
                        Detectors.format(adjusted[i]),
                        breach ? "below" : "not below",
                        Detectors.format(p.threshold())),
                details));
      }
    }
    out.addAll(drift);
    List<Observation> features =
        drift.stream().filter(o -> o.check().equals("feature-drift")).toList();
    long evaluated =
        features.stream().filter(o -> !o.status().equals(Observation.INSUFFICIENT)).count();
    long drifting = features.stream().filter(Observation::breach).count();
    if (features.isEmpty()) {
      return;
    }
    if (evaluated == 0) {
      out.add(
          Observation.insufficient(
              "drift",
              "dataset-drift",
              null,
              "share",
              window.count(),
              t.samples().minDriftSample(),
              "warning"));
      return;
    }
    double share = (double) drifting / evaluated;
    boolean breach = share >= t.drift().datasetDriftShare();
    out.add(
        Observation.judged(
            "drift",
            "dataset-drift",
            null,
            "share",
            breach,
            share,
            t.drift().datasetDriftShare(),
            window.count(),
            "warning",
            drifting
                + " of "
                + evaluated
                + " features drift (share "
                + Detectors.format(share)
                + ", threshold "
                + Detectors.format(t.drift().datasetDriftShare())
                + ")",
            Map.of("drifting", drifting, "evaluated", evaluated)));
  }

  private static Observation feature(
      String name,
      FeatureProfile reference,
      WindowAggregate window,
      Thresholds t,
      String check,
      List<Pending> pending,
      int index,
      java.util.function.Function<String, Distribution> references) {
    String feature = name.equals(WindowAggregate.PREDICTION) ? null : name;
    Thresholds.FeatureThreshold own = t.features() == null ? null : t.features().get(name);
    if (reference.numeric()) {
      NumericAggregate aggregate = window.numeric().get(name);
      NumericValues values = aggregate == null ? new NumericValues() : aggregate.values();
      long n = values.n();
      if (n < t.samples().minDriftSample() || reference.count() == 0) {
        return Observation.insufficient(
            "drift",
            check,
            feature,
            numericMethod(reference, t, own),
            n,
            t.samples().minDriftSample(),
            "warning");
      }
      Map<String, Object> details = new LinkedHashMap<>();
      if (reference.binShares() != null
          && aggregate.bins().length == reference.binShares().size()) {
        double psi =
            Drift.psi(
                reference.binShares().stream().mapToDouble(Double::doubleValue).toArray(),
                aggregate.bins());
        details.put("psi", psi);
        details.put("psiLevel", psiLevel(psi, t));
      }
      Distribution ref = references.apply(name);
      Distribution win = values.distribution();
      // Exact when both sides hold every value; else each sketched side's CDF is within its rank
      // error of the data's at every point (99 % confidence): KS D is within the sum of the two,
      // the Wasserstein area within the sum of each side's error times the span of its values.
      details.put("exact", ref.exact() && win.exact());
      return measured(
          method(numericMethod(reference, t, own)),
          DriftMethod.Sample.numeric(ref, win, reference.std(), reference.count(), n),
          details,
          name,
          check,
          own,
          t,
          pending,
          index);
    }
    CategoricalAggregate values = window.categorical().get(name);
    Map<String, Long> counts = values == null ? Map.of() : values.counts(); // a copy: read once
    long n = counts.values().stream().mapToLong(Long::longValue).sum();
    String method =
        override(own, false).orElse(n < t.drift().smallWindow() ? CHI_SQUARE : JENSEN_SHANNON);
    if (n < t.samples().minDriftSample() || reference.count() == 0) {
      return Observation.insufficient(
          "drift", check, feature, method, n, t.samples().minDriftSample(), "warning");
    }
    Map<String, Double> shares = reference.shares();
    Map<String, Object> details = new LinkedHashMap<>();
    double psi = Drift.psi(shares, counts);
    details.put("psi", psi);
    details.put("psiLevel", psiLevel(psi, t));
    details.put("unseen", values.unseen());
    return measured(
        method(method),
        DriftMethod.Sample.categorical(shares, counts, n),
        details,
        name,
        check,
        own,
        t,
        pending,
        index);
  }

  private static DriftMethod method(String id) {
    return DriftMethod.of(id).orElseThrow();
  }

  /**
   * The method's value judged against the feature's threshold: a distance now, a p-value once
   * Benjamini–Hochberg has adjusted the window's p-values (see {@link #drift}).
   */
  private static Observation measured(
      DriftMethod method,
      DriftMethod.Sample sample,
      Map<String, Object> details,
      String name,
      String check,
      Thresholds.FeatureThreshold own,
      Thresholds t,
      List<Pending> pending,
      int index) {
    String feature = name.equals(WindowAggregate.PREDICTION) ? null : name;
    double value = method.measure(sample, details);
    double threshold =
        own != null && own.threshold() != null
            ? own.threshold()
            : method.defaultThreshold(t.drift());
    String what = label(name) + ": " + method.describe(value, details);
    if (method.pValue()) {
      pending.add(new Pending(index, value, threshold));
      return new Observation(
          "drift",
          check,
          feature,
          method.id(),
          Observation.OK,
          null,
          threshold,
          sample.n(),
          "warning",
          what + ", adjusted p %s %s %s",
          details);
    }
    boolean breach = value > threshold;
    return Observation.judged(
        "drift",
        check,
        feature,
        method.id(),
        breach,
        value,
        threshold,
        sample.n(),
        "warning",
        what + (breach ? " above " : " within ") + Detectors.format(threshold),
        details);
  }

  private static String numericMethod(
      FeatureProfile reference, Thresholds t, Thresholds.FeatureThreshold own) {
    return override(own, true)
        .orElse(reference.count() > t.drift().largeReference() ? WASSERSTEIN : KS);
  }

  /**
   * The feature's own method where it names one of its type. A PUT profile naming another is
   * refused (400, PostedProfiles); one stored before that check falls back to the default.
   */
  private static Optional<String> override(Thresholds.FeatureThreshold own, boolean numeric) {
    return Optional.ofNullable(own)
        .map(Thresholds.FeatureThreshold::method)
        .flatMap(DriftMethod::of)
        .filter(m -> m.numeric() == numeric)
        .map(DriftMethod::id);
  }

  private static String psiLevel(double psi, Thresholds t) {
    return psi >= t.drift().psiMajor()
        ? "major"
        : psi >= t.drift().psiModerate() ? "moderate" : "none";
  }

  private static String label(String name) {
    return name.equals(WindowAggregate.PREDICTION) ? "predictions" : "feature '" + name + "'";
  }
}
