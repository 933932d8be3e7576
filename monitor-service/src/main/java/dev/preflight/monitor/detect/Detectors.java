package dev.preflight.monitor.detect;

import dev.preflight.contracts.model.VersionManifest.MetricTarget;
import dev.preflight.monitor.profile.FeatureProfile;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.stats.Distribution;
import dev.preflight.monitor.window.WindowAggregate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Evaluates one window of one version: every detector, each against its threshold. */
public final class Detectors {

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

    /**
     * The thresholds are the effective ones: the SLOs fill what neither override nor default set.
     */
    public Context {
      thresholds = thresholds.withSlos(info.flatMap(VersionInfo::slos));
    }

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

  /**
   * The detectors, one per family (drift, accuracy, operational, security), found on the class path
   * ({@code META-INF/services/dev.preflight.monitor.detect.Detector}) and run in their order.
   */
  static final List<Detector> DETECTORS =
      java.util.ServiceLoader.load(Detector.class, Detector.class.getClassLoader()).stream()
          .map(java.util.ServiceLoader.Provider::get)
          .sorted(java.util.Comparator.comparingInt(Detector::order))
          .toList();

  public static List<Observation> evaluate(WindowAggregate window, Context context) {
    List<Observation> observations = new ArrayList<>();
    for (Detector detector : DETECTORS) {
      detector.evaluate(window, context, observations);
    }
    return observations;
  }

  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return String.valueOf(value);
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.4g", value);
  }
}
