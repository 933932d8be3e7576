package dev.preflight.monitor.detect;

import dev.preflight.contracts.model.Labels;
import dev.preflight.contracts.model.VersionManifest.MetricTarget;
import dev.preflight.monitor.profile.FeatureProfile;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.stats.Distribution;
import dev.preflight.monitor.stats.Drift;
import dev.preflight.monitor.stats.KolmogorovSmirnov;
import dev.preflight.monitor.window.NumericValues;
import dev.preflight.monitor.window.WindowAggregate;
import dev.preflight.monitor.window.WindowAggregate.CategoricalAggregate;
import dev.preflight.monitor.window.WindowAggregate.NumericAggregate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Evaluates one window of one version: every detector, each against its threshold. */
public final class Detectors {

  public static final String WASSERSTEIN = DriftMethod.WASSERSTEIN.id();
  public static final String KS = DriftMethod.KS.id();
  public static final String JENSEN_SHANNON = DriftMethod.JENSEN_SHANNON.id();
  public static final String CHI_SQUARE = DriftMethod.CHI_SQUARE.id();

  /** Metrics where lower is better. */
  private static final Set<String> ERROR_METRICS = Set.of("rmse", "mae");

  private Detectors() {}

  /**
   * @param hadTraffic the version had records in an earlier window
   * @param clientHistory per client, its request counts in earlier windows (oldest first)
   * @param drift the span drift is evaluated on: the window itself, or the window merged with the
   *     windows before it that did not reach the minimum drift sample on their own
   */
  public record Context(
      long windowStart,
      long windowEnd,
      Optional<Profile> profile,
      Optional<VersionInfo> info,
      Thresholds thresholds,
      boolean hadTraffic,
      Map<String, List<Integer>> clientHistory,
      java.util.function.Function<String, Distribution> references,
      Optional<DriftSpan> drift) {

    public Context(
        long windowStart,
        long windowEnd,
        Optional<Profile> profile,
        Optional<VersionInfo> info,
        Thresholds thresholds,
        boolean hadTraffic,
        Map<String, List<Integer>> clientHistory,
        java.util.function.Function<String, Distribution> references) {
      this(
          windowStart,
          windowEnd,
          profile,
          info,
          thresholds,
          hadTraffic,
          clientHistory,
          references,
          Optional.empty());
    }

    /** Without a cache of reference distributions: each is decoded from its sketch. */
    public Context(
        long windowStart,
        long windowEnd,
        Optional<Profile> profile,
        Optional<VersionInfo> info,
        Thresholds thresholds,
        boolean hadTraffic,
        Map<String, List<Integer>> clientHistory) {
      this(
          windowStart,
          windowEnd,
          profile,
          info,
          thresholds,
          hadTraffic,
          clientHistory,
          name -> referenceOf(profile.get(), name));
    }
  }

  /**
   * The reference distribution of a numeric feature (or of the predictions): exact from its value
   * counts where the profile has them, else from its sketch.
   */
  public static Distribution referenceOf(Profile profile, String name) {
    FeatureProfile feature =
        name.equals(WindowAggregate.PREDICTION)
            ? profile.prediction().orElseThrow()
            : profile.features().get(name);
    return feature.distribution();
  }

  /** The detectors a version has active, as coverage.updated names them. */
  public static List<String> active(Optional<Profile> profile, Map<String, MetricTarget> declared) {
    List<String> detectors = new ArrayList<>();
    boolean profiled = profile.map(p -> !p.features().isEmpty()).orElse(false);
    if (profiled) {
      detectors.add("drift");
    }
    if (!declared.isEmpty() || profile.map(p -> !p.trainingMetrics().isEmpty()).orElse(false)) {
      detectors.add("accuracy");
    }
    detectors.addAll(
        List.of("latency", "throughput", "errors", "downtime", "auth-failures", "request-rate"));
    if (profiled) {
      detectors.add("out-of-distribution");
    }
    detectors.add("payload-size");
    return detectors;
  }

  /** The training metrics accuracy is judged against: the profile's, else the manifest's. */
  public static Map<String, MetricTarget> trainingMetrics(
      Optional<Profile> profile, Optional<VersionInfo> info) {
    Map<String, MetricTarget> metrics = profile.map(Profile::trainingMetrics).orElse(Map.of());
    return metrics.isEmpty() ? info.map(VersionInfo::trainingMetrics).orElse(Map.of()) : metrics;
  }

  /**
   * Windows merged for drift: from {@code from} (inclusive) to {@code to} (exclusive), {@code
   * windows} of them. A low-traffic version's windows each fall short of the minimum drift sample;
   * merged, the span reaches it. Spans do not overlap, so consecutive drift decisions stay
   * independent and fire-after keeps its meaning.
   */
  public record DriftSpan(WindowAggregate values, long from, long to, int windows) {

    /** What an observation says of the span it was evaluated on. */
    Map<String, Object> details(boolean collecting) {
      Map<String, Object> span = new LinkedHashMap<>();
      span.put("from", java.time.Instant.ofEpochMilli(from).toString());
      span.put("to", java.time.Instant.ofEpochMilli(to).toString());
      span.put("windows", windows);
      span.put("records", values.count());
      if (collecting) {
        span.put("collecting", true);
      }
      return span;
    }
  }

  public static List<Observation> evaluate(WindowAggregate window, Context context) {
    List<Observation> observations = new ArrayList<>();
    if (context.drift().isPresent()) {
      DriftSpan span = context.drift().get();
      List<Observation> drift = new ArrayList<>();
      drift(span.values(), context, drift);
      // Short of the minimum, the span goes on collecting: its insufficient-data neither breaks
      // a breaching streak nor counts as healthy (DetectorState).
      boolean collecting = span.values().count() < context.thresholds().minDriftSample();
      for (Observation o : drift) {
        Map<String, Object> details = new LinkedHashMap<>(o.details());
        details.put(
            "span", span.details(collecting && o.status().equals(Observation.INSUFFICIENT)));
        observations.add(
            new Observation(
                o.kind(),
                o.check(),
                o.feature(),
                o.method(),
                o.status(),
                o.value(),
                o.threshold(),
                o.sampleSize(),
                o.severity(),
                o.summary(),
                details));
      }
    } else {
      drift(window, context, observations);
    }
    accuracy(window, context, observations);
    operational(window, context, observations);
    security(window, context, observations);
    return observations;
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
            new Observation(
                o.kind(),
                o.check(),
                o.feature(),
                o.method(),
                breach ? Observation.BREACH : Observation.OK,
                adjusted[i],
                p.threshold(),
                o.sampleSize(),
                o.severity(),
                o.summary()
                    .formatted(
                        format(adjusted[i]), breach ? "below" : "not below", format(p.threshold())),
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
          insufficient(
              "drift",
              "dataset-drift",
              null,
              "share",
              window.count(),
              t.minDriftSample(),
              "warning"));
      return;
    }
    double share = (double) drifting / evaluated;
    boolean breach = share >= t.datasetDriftShare();
    out.add(
        new Observation(
            "drift",
            "dataset-drift",
            null,
            "share",
            breach ? Observation.BREACH : Observation.OK,
            share,
            t.datasetDriftShare(),
            window.count(),
            "warning",
            drifting
                + " of "
                + evaluated
                + " features drift (share "
                + format(share)
                + ", threshold "
                + format(t.datasetDriftShare())
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
      if (n < t.minDriftSample() || reference.count() == 0) {
        return insufficient(
            "drift",
            check,
            feature,
            numericMethod(reference, t, own),
            n,
            t.minDriftSample(),
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
      boolean exact = ref.exact() && win.exact();
      details.put("exact", exact);
      String method = numericMethod(reference, t, own);
      if (method.equals(WASSERSTEIN)) {
        double std = reference.std() == null || reference.std() == 0 ? 1 : reference.std();
        double distance = Distribution.wasserstein(ref, win) / std;
        if (!exact) {
          details.put("errorBound", (ref.wassersteinError() + win.wassersteinError()) / std);
        }
        double threshold =
            own != null && own.threshold() != null ? own.threshold() : t.wasserstein();
        boolean breach = distance > threshold;
        return new Observation(
            "drift",
            check,
            feature,
            WASSERSTEIN,
            breach ? Observation.BREACH : Observation.OK,
            distance,
            threshold,
            n,
            "warning",
            label(name)
                + ": Wasserstein distance / reference std "
                + format(distance)
                + (breach ? " above " : " within ")
                + format(threshold),
            details);
      }
      double d = Distribution.kolmogorovSmirnov(ref, win);
      double threshold = own != null && own.threshold() != null ? own.threshold() : t.ksPValue();
      details.put("statistic", d);
      if (!exact) {
        details.put("errorBound", ref.rankError() + win.rankError());
      }
      KolmogorovSmirnov.PValue p = Drift.ksPValue(d, reference.count(), n);
      details.put("pValue", p.value());
      details.put("pValueMethod", p.method());
      pending.add(new Pending(index, p.value(), threshold));
      return new Observation(
          "drift",
          check,
          feature,
          KS,
          Observation.OK,
          null,
          threshold,
          n,
          "warning",
          label(name) + ": Kolmogorov–Smirnov D " + format(d) + ", adjusted p %s %s %s",
          details);
    }
    CategoricalAggregate values = window.categorical().get(name);
    long n =
        values == null ? 0 : values.counts().values().stream().mapToLong(Long::longValue).sum();
    String method = override(own, false).orElse(n < t.smallWindow() ? CHI_SQUARE : JENSEN_SHANNON);
    if (n < t.minDriftSample() || reference.count() == 0) {
      return insufficient("drift", check, feature, method, n, t.minDriftSample(), "warning");
    }
    Map<String, Double> shares = reference.shares();
    Map<String, Object> details = new LinkedHashMap<>();
    double psi = Drift.psi(shares, values.counts());
    details.put("psi", psi);
    details.put("psiLevel", psiLevel(psi, t));
    details.put("unseen", values.unseen());
    if (method.equals(CHI_SQUARE)) {
      double threshold =
          own != null && own.threshold() != null ? own.threshold() : t.chiSquarePValue();
      pending.add(new Pending(index, Drift.chiSquarePValue(shares, values.counts()), threshold));
      return new Observation(
          "drift",
          check,
          feature,
          CHI_SQUARE,
          Observation.OK,
          null,
          threshold,
          n,
          "warning",
          label(name) + ": chi-square adjusted p %s %s %s",
          details);
    }
    double distance = Drift.jensenShannon(shares, values.counts());
    double threshold = own != null && own.threshold() != null ? own.threshold() : t.jensenShannon();
    boolean breach = distance > threshold;
    return new Observation(
        "drift",
        check,
        feature,
        JENSEN_SHANNON,
        breach ? Observation.BREACH : Observation.OK,
        distance,
        threshold,
        n,
        "warning",
        label(name)
            + ": Jensen–Shannon distance "
            + format(distance)
            + (breach ? " above " : " within ")
            + format(threshold),
        details);
  }

  private static String numericMethod(
      FeatureProfile reference, Thresholds t, Thresholds.FeatureThreshold own) {
    return override(own, true).orElse(reference.count() > t.largeReference() ? WASSERSTEIN : KS);
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
    return psi >= t.psiMajor() ? "major" : psi >= t.psiModerate() ? "moderate" : "none";
  }

  private static String label(String name) {
    return name.equals(WindowAggregate.PREDICTION) ? "predictions" : "feature '" + name + "'";
  }

  // ---------------------------------------------------------------------------------------------
  // Accuracy
  // ---------------------------------------------------------------------------------------------

  private static void accuracy(WindowAggregate window, Context context, List<Observation> out) {
    Map<String, MetricTarget> targets = trainingMetrics(context.profile(), context.info());
    Thresholds t = context.thresholds();
    long labelled = window.outcomes().values().stream().mapToLong(Long::longValue).sum();
    if (targets.isEmpty()) {
      return;
    }
    Map<String, Double> realised = realised(window, t.positiveLabel());
    for (Map.Entry<String, MetricTarget> target : targets.entrySet()) {
      String metric = target.getKey().toLowerCase(Locale.ROOT);
      if (!realised.containsKey(metric)) {
        continue;
      }
      double tolerance =
          target.getValue().tolerance() > 0 ? target.getValue().tolerance() : t.accuracyTolerance();
      boolean lowerIsBetter = ERROR_METRICS.contains(metric);
      double threshold =
          lowerIsBetter
              ? target.getValue().value() + tolerance
              : target.getValue().value() - tolerance;
      if (labelled < t.minSample()) {
        out.add(
            insufficient(
                "accuracy",
                metric,
                null,
                "labels joined on request id",
                labelled,
                t.minSample(),
                "warning"));
        continue;
      }
      double value = realised.get(metric);
      boolean breach = lowerIsBetter ? value > threshold : value < threshold;
      out.add(
          new Observation(
              "accuracy",
              metric,
              null,
              "labels joined on request id",
              breach ? Observation.BREACH : Observation.OK,
              value,
              threshold,
              labelled,
              "warning",
              metric
                  + " "
                  + format(value)
                  + " on "
                  + labelled
                  + " labelled predictions, training "
                  + format(target.getValue().value())
                  + " ± "
                  + format(tolerance),
              Map.of("training", target.getValue().value())));
    }
  }

  /**
   * Accuracy, precision, recall, F1 (of the positive class), RMSE and MAE of the joined outcomes.
   */
  static Map<String, Double> realised(WindowAggregate window, String positiveLabel) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    long total = 0;
    long correct = 0;
    Set<String> labels = new java.util.HashSet<>();
    for (Map.Entry<String, Long> e : window.outcomes().entrySet()) {
      String[] pair = e.getKey().split("\u001f", -1);
      labels.add(pair[0]);
      total += e.getValue();
      if (pair[0].equals(pair[1])) {
        correct += e.getValue();
      }
    }
    if (total > 0) {
      metrics.put("accuracy", (double) correct / total);
      String positive =
          Labels.positive(Optional.ofNullable(positiveLabel), labels, Optional.empty());
      long tp = 0;
      long fp = 0;
      long fn = 0;
      for (Map.Entry<String, Long> e : window.outcomes().entrySet()) {
        String[] pair = e.getKey().split("\u001f", -1);
        boolean truth = pair[0].equals(positive);
        boolean predicted = pair[1].equals(positive);
        if (truth && predicted) {
          tp += e.getValue();
        } else if (predicted) {
          fp += e.getValue();
        } else if (truth) {
          fn += e.getValue();
        }
      }
      double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
      double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
      metrics.put("precision", precision);
      metrics.put("recall", recall);
      metrics.put(
          "f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }
    if (window.regressionCount() > 0) {
      metrics.put("mae", window.absoluteError() / window.regressionCount());
      metrics.put("rmse", Math.sqrt(window.squaredError() / window.regressionCount()));
    }
    return metrics;
  }

  // ---------------------------------------------------------------------------------------------
  // Latency, throughput, errors, downtime
  // ---------------------------------------------------------------------------------------------

  private static void operational(WindowAggregate window, Context context, List<Observation> out) {
    Thresholds t = context.thresholds();
    long n = window.count();
    Optional<dev.preflight.contracts.model.VersionManifest.Slos> slos =
        context.info().flatMap(VersionInfo::slos);
    Map<Integer, Double> objectives = new LinkedHashMap<>();
    objectives.put(
        50,
        t.p50LatencyMs() != null
            ? t.p50LatencyMs()
            : slos.flatMap(s -> s.p50LatencyMs()).orElse(null));
    objectives.put(
        95,
        t.p95LatencyMs() != null
            ? t.p95LatencyMs()
            : slos.flatMap(s -> s.p95LatencyMs()).orElse(null));
    objectives.put(
        99,
        t.p99LatencyMs() != null
            ? t.p99LatencyMs()
            : slos.flatMap(s -> s.p99LatencyMs()).orElse(null));
    objectives.forEach(
        (percentile, objective) ->
            latency(out, window, "p" + percentile + "-latency", percentile, objective, t));

    double seconds = (context.windowEnd() - context.windowStart()) / 1000.0;
    double throughput = n / seconds;
    boolean live = context.info().map(VersionInfo::live).orElse(false);
    if (t.minThroughput() != null && live) {
      boolean breach = throughput < t.minThroughput();
      out.add(
          new Observation(
              "throughput",
              "throughput",
              null,
              "records per second",
              breach ? Observation.BREACH : Observation.OK,
              throughput,
              t.minThroughput(),
              n,
              "warning",
              "throughput "
                  + format(throughput)
                  + " records/s"
                  + (breach ? " below " : ", minimum ")
                  + format(t.minThroughput()),
              Map.of()));
    } else {
      out.add(
          new Observation(
              "throughput",
              "throughput",
              null,
              "records per second",
              Observation.REPORTED,
              throughput,
              null,
              n,
              "info",
              "throughput " + format(throughput) + " records/s",
              Map.of()));
    }

    double errorThreshold =
        t.errorRate() != null ? t.errorRate() : slos.flatMap(s -> s.maxErrorRate()).orElse(0.05);
    if (n < t.minSample()) {
      out.add(
          insufficient(
              "errors", "error-rate", null, "status >= 500", n, t.minSample(), "critical"));
    } else {
      double rate = (double) window.errors() / n;
      boolean breach = rate > errorThreshold;
      out.add(
          new Observation(
              "errors",
              "error-rate",
              null,
              "status >= 500",
              breach ? Observation.BREACH : Observation.OK,
              rate,
              errorThreshold,
              n,
              "critical",
              window.errors()
                  + " of "
                  + n
                  + " requests failed ("
                  + format(rate * 100)
                  + " %, threshold "
                  + format(errorThreshold * 100)
                  + " %)",
              Map.of("errors", window.errors())));
    }

    if (live && context.hadTraffic()) {
      boolean breach = n == 0;
      out.add(
          new Observation(
              "downtime",
              "inference-logs-stopped",
              null,
              "records per window",
              breach ? Observation.BREACH : Observation.OK,
              (double) n,
              0.0,
              n,
              "critical",
              breach
                  ? "no inference logs in the window from a live version that had traffic"
                  : n + " inference records in the window",
              Map.of()));
    }
  }

  private static void latency(
      List<Observation> out,
      WindowAggregate window,
      String check,
      double percentile,
      Double slo,
      Thresholds t) {
    long n = window.count();
    if (n == 0) {
      if (slo != null) {
        out.add(insufficient("latency", check, null, "hdr-histogram", 0, t.minSample(), "warning"));
      }
      return;
    }
    double value = window.latencyMicros().getValueAtPercentile(percentile) / 1000.0;
    if (slo == null) {
      out.add(
          new Observation(
              "latency",
              check,
              null,
              "hdr-histogram",
              Observation.REPORTED,
              value,
              null,
              n,
              "info",
              check + " " + format(value) + " ms (no objective declared)",
              Map.of()));
    } else if (n < t.minSample()) {
      out.add(insufficient("latency", check, null, "hdr-histogram", n, t.minSample(), "warning"));
    } else {
      boolean breach = value > slo;
      out.add(
          new Observation(
              "latency",
              check,
              null,
              "hdr-histogram",
              breach ? Observation.BREACH : Observation.OK,
              value,
              slo,
              n,
              "warning",
              check
                  + " "
                  + format(value)
                  + " ms"
                  + (breach ? " above the objective " : ", objective ")
                  + format(slo)
                  + " ms",
              Map.of()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Security
  // ---------------------------------------------------------------------------------------------

  private static void security(WindowAggregate window, Context context, List<Observation> out) {
    Thresholds t = context.thresholds();
    long n = window.count();
    if (n < t.minSample()) {
      out.add(
          insufficient(
              "security", "auth-failure-rate", null, "share", n, t.minSample(), "warning"));
    } else {
      double rate = (double) window.authFailures() / n;
      boolean breach = rate > t.authFailureRate();
      out.add(
          new Observation(
              "security",
              "auth-failure-rate",
              null,
              "share",
              breach ? Observation.BREACH : Observation.OK,
              rate,
              t.authFailureRate(),
              n,
              "warning",
              window.authFailures()
                  + " of "
                  + n
                  + " requests failed authentication ("
                  + format(rate * 100)
                  + " %)",
              Map.of()));
    }
    Set<String> clients = new java.util.TreeSet<>(window.clients().keySet());
    clients.addAll(context.clientHistory().keySet());
    for (String client : clients) {
      long[] counts = window.clients().getOrDefault(client, new long[2]);
      boolean burst = counts[1] >= t.authFailureBurst();
      if (burst || counts[0] > 0) {
        out.add(
            new Observation(
                "security",
                "auth-failure-burst",
                "client:" + client,
                "count",
                burst ? Observation.BREACH : Observation.OK,
                (double) counts[1],
                (double) t.authFailureBurst(),
                counts[0],
                "critical",
                burst
                    ? "client '"
                        + client
                        + "' failed authentication "
                        + counts[1]
                        + " times in the window"
                    : "client '" + client + "': " + counts[1] + " authentication failures",
                Map.of()));
      }
      List<Integer> history = context.clientHistory().getOrDefault(client, List.of());
      if (history.size() >= t.clientHistoryWindows()) {
        double[] past = history.stream().mapToDouble(Integer::doubleValue).toArray();
        // Request counts are Poisson-like: a client's spread is at least its counting noise.
        double z =
            Drift.robustZ(counts[0], past, Math.max(1, 0.6745 * Math.sqrt(Drift.median(past))));
        boolean breach = z > t.clientRateZ();
        out.add(
            new Observation(
                "security",
                "client-request-rate",
                "client:" + client,
                "robust z-score",
                breach ? Observation.BREACH : Observation.OK,
                z,
                t.clientRateZ(),
                counts[0],
                "warning",
                "client '"
                    + client
                    + "' sent "
                    + counts[0]
                    + " requests (robust z "
                    + format(z)
                    + " against its last "
                    + past.length
                    + " windows)",
                Map.of("requests", counts[0])));
      }
    }
    if (context.profile().isPresent() && !context.profile().get().features().isEmpty()) {
      long values = 0;
      long outside = 0;
      for (Map.Entry<String, NumericAggregate> e : window.numeric().entrySet()) {
        if (!e.getKey().equals(WindowAggregate.PREDICTION)
            && context.profile().get().features().containsKey(e.getKey())) {
          values += e.getValue().values().n() + e.getValue().invalid();
          outside += e.getValue().outOfRange() + e.getValue().invalid();
        }
      }
      for (Map.Entry<String, CategoricalAggregate> e : window.categorical().entrySet()) {
        if (!e.getKey().equals(WindowAggregate.PREDICTION)
            && context.profile().get().features().containsKey(e.getKey())) {
          values += e.getValue().counts().values().stream().mapToLong(Long::longValue).sum();
          outside += e.getValue().unseen();
        }
      }
      if (n < t.minSample()) {
        out.add(
            insufficient(
                "security",
                "out-of-range-share",
                null,
                "share outside [p0.5, p99.5] or unseen",
                n,
                t.minSample(),
                "warning"));
      } else {
        double share = values == 0 ? 0 : (double) outside / values;
        boolean breach = share > t.outOfRangeShare();
        out.add(
            new Observation(
                "security",
                "out-of-range-share",
                null,
                "share outside [p0.5, p99.5] or unseen",
                breach ? Observation.BREACH : Observation.OK,
                share,
                t.outOfRangeShare(),
                n,
                "warning",
                outside
                    + " of "
                    + values
                    + " input values outside the reference range or unseen ("
                    + format(share * 100)
                    + " %)",
                Map.of()));
      }
    }
    if (window.payloads() < t.minSample()) {
      out.add(
          insufficient(
              "security",
              "oversized-payloads",
              null,
              "share above " + t.maxPayloadBytes() + " bytes",
              window.payloads(),
              t.minSample(),
              "warning"));
    } else {
      double share = (double) window.oversized() / window.payloads();
      boolean breach = share > t.oversizedShare();
      out.add(
          new Observation(
              "security",
              "oversized-payloads",
              null,
              "share above " + t.maxPayloadBytes() + " bytes",
              breach ? Observation.BREACH : Observation.OK,
              share,
              t.oversizedShare(),
              window.payloads(),
              "warning",
              window.oversized()
                  + " of "
                  + window.payloads()
                  + " payloads above "
                  + t.maxPayloadBytes()
                  + " bytes",
              Map.of()));
    }
  }

  private static Observation insufficient(
      String kind,
      String check,
      String feature,
      String method,
      long n,
      long minimum,
      String severity) {
    return new Observation(
        kind,
        check,
        feature,
        method,
        Observation.INSUFFICIENT,
        null,
        null,
        n,
        severity,
        check
            + (feature == null ? "" : " of " + feature)
            + ": "
            + n
            + " samples in the window, "
            + minimum
            + " needed",
        Map.of());
  }

  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return String.valueOf(value);
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.4g", value);
  }
}
