package dev.preflight.monitor.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.preflight.contracts.model.VersionManifest.Slos;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Detector thresholds, one record per detector family. A version's profile holds overrides (null =
 * not overridden); {@link #effective} lays them over the defaults and fills in the SLOs — the one
 * computation behind both the evaluation and {@code GET /api/v1/profiles}. On the wire (profiles,
 * the API) the thresholds are one flat object, {@link Wire}: {@code {"wasserstein": 0.2,
 * "fireAfter": 5, "features": {"amount": {"method": "ks"}}}}.
 *
 * @param features per feature: method and threshold
 */
public record Thresholds(
    Samples samples,
    DriftLimits drift,
    AccuracyLimits accuracy,
    OperationalLimits operational,
    SecurityLimits security,
    Damping damping,
    Map<String, FeatureThreshold> features) {

  /**
   * @param minSample fewer records (or labels) in a window report {@code insufficient-data}
   * @param minDriftSample fewer values of a feature report {@code insufficient-data} for its drift
   *     (the window merges with the next ones until they reach it)
   */
  public record Samples(Long minSample, Long minDriftSample) {
    Samples over(Samples base) {
      return new Samples(
          pick(minSample, base.minSample), pick(minDriftSample, base.minDriftSample));
    }
  }

  /**
   * @param largeReference numeric features with a larger reference use Wasserstein, smaller ones KS
   * @param smallWindow categorical features in smaller windows use chi-square, else Jensen–Shannon
   * @param wasserstein normalised Wasserstein distance above which a numeric feature drifts
   * @param ksPValue adjusted KS p-value below which a numeric feature drifts
   * @param jensenShannon Jensen–Shannon distance above which a categorical feature drifts
   * @param chiSquarePValue adjusted chi-square p-value below which a categorical feature drifts
   * @param psiModerate PSI from which the shift is reported moderate
   * @param psiMajor PSI from which it is reported major
   * @param datasetDriftShare share of drifting features at which the dataset drifts
   */
  public record DriftLimits(
      Long largeReference,
      Long smallWindow,
      Double wasserstein,
      Double ksPValue,
      Double jensenShannon,
      Double chiSquarePValue,
      Double psiModerate,
      Double psiMajor,
      Double datasetDriftShare) {
    DriftLimits over(DriftLimits base) {
      return new DriftLimits(
          pick(largeReference, base.largeReference),
          pick(smallWindow, base.smallWindow),
          pick(wasserstein, base.wasserstein),
          pick(ksPValue, base.ksPValue),
          pick(jensenShannon, base.jensenShannon),
          pick(chiSquarePValue, base.chiSquarePValue),
          pick(psiModerate, base.psiModerate),
          pick(psiMajor, base.psiMajor),
          pick(datasetDriftShare, base.datasetDriftShare));
    }
  }

  /**
   * @param tolerance how far a metric may fall from training when the manifest gives no tolerance
   * @param positiveLabel the positive class for precision, recall and F1
   */
  public record AccuracyLimits(Double tolerance, String positiveLabel) {
    AccuracyLimits over(AccuracyLimits base) {
      return new AccuracyLimits(
          pick(tolerance, base.tolerance), pick(positiveLabel, base.positiveLabel));
    }
  }

  /**
   * Latency and error-rate thresholds default to the version's declared SLOs (the error rate,
   * failing those, to 5 %).
   *
   * @param downtimeWindows windows without logs, after traffic, that mean a live version is down
   */
  public record OperationalLimits(
      Double p50LatencyMs,
      Double p95LatencyMs,
      Double p99LatencyMs,
      Double errorRate,
      Double minThroughput,
      Integer downtimeWindows) {
    OperationalLimits over(OperationalLimits base) {
      return new OperationalLimits(
          pick(p50LatencyMs, base.p50LatencyMs),
          pick(p95LatencyMs, base.p95LatencyMs),
          pick(p99LatencyMs, base.p99LatencyMs),
          pick(errorRate, base.errorRate),
          pick(minThroughput, base.minThroughput),
          pick(downtimeWindows, base.downtimeWindows));
    }

    OperationalLimits withSlos(Optional<Slos> slos) {
      return new OperationalLimits(
          p50LatencyMs != null ? p50LatencyMs : slos.flatMap(Slos::p50LatencyMs).orElse(null),
          p95LatencyMs != null ? p95LatencyMs : slos.flatMap(Slos::p95LatencyMs).orElse(null),
          p99LatencyMs != null ? p99LatencyMs : slos.flatMap(Slos::p99LatencyMs).orElse(null),
          errorRate != null ? errorRate : slos.flatMap(Slos::maxErrorRate).orElse(0.05),
          minThroughput,
          downtimeWindows);
    }
  }

  /**
   * @param clientRateZ robust z-score of a client's request rate against its own history
   * @param clientHistoryWindows windows of history a client needs before its rate is judged
   * @param outOfRangeShare share of values outside [p0.5, p99.5] or of unseen categories
   */
  public record SecurityLimits(
      Double authFailureRate,
      Long authFailureBurst,
      Double clientRateZ,
      Integer clientHistoryWindows,
      Double outOfRangeShare,
      Long maxPayloadBytes,
      Double oversizedShare) {
    SecurityLimits over(SecurityLimits base) {
      return new SecurityLimits(
          pick(authFailureRate, base.authFailureRate),
          pick(authFailureBurst, base.authFailureBurst),
          pick(clientRateZ, base.clientRateZ),
          pick(clientHistoryWindows, base.clientHistoryWindows),
          pick(outOfRangeShare, base.outOfRangeShare),
          pick(maxPayloadBytes, base.maxPayloadBytes),
          pick(oversizedShare, base.oversizedShare));
    }
  }

  /**
   * @param fireAfter consecutive breaching windows before a signal fires
   * @param resolveAfter consecutive healthy windows before it resolves
   */
  public record Damping(Integer fireAfter, Integer resolveAfter) {
    Damping over(Damping base) {
      return new Damping(pick(fireAfter, base.fireAfter), pick(resolveAfter, base.resolveAfter));
    }
  }

  /** A feature's own method (a {@link dev.preflight.monitor.detect.DriftMethod}) and threshold. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FeatureThreshold(String method, Double threshold) {}

  public Thresholds {
    samples = samples == null ? new Samples(null, null) : samples;
    drift =
        drift == null
            ? new DriftLimits(null, null, null, null, null, null, null, null, null)
            : drift;
    accuracy = accuracy == null ? new AccuracyLimits(null, null) : accuracy;
    operational =
        operational == null
            ? new OperationalLimits(null, null, null, null, null, null)
            : operational;
    security =
        security == null ? new SecurityLimits(null, null, null, null, null, null, null) : security;
    damping = damping == null ? new Damping(null, null) : damping;
    features = features == null ? Map.of() : features;
  }

  /** No override. */
  public static final Thresholds NONE = new Thresholds(null, null, null, null, null, null, null);

  /**
   * The defaults, by data type and detector (DESIGN.md, "Monitoring semantics"). The p-value
   * thresholds are 0.01, not the customary 0.05: a version is judged every window, 10,080 times a
   * week, and at 0.05 three breaching windows in a row happen by chance about once a week per
   * feature (ADR 0013).
   */
  public static Thresholds defaults(
      long minSample, long minDriftSample, int fireAfter, int resolveAfter) {
    return new Thresholds(
        new Samples(minSample, minDriftSample),
        new DriftLimits(1000L, 1000L, 0.1, 0.01, 0.1, 0.01, 0.1, 0.25, 0.5),
        new AccuracyLimits(0.05, null),
        new OperationalLimits(null, null, null, null, null, fireAfter),
        new SecurityLimits(0.1, 20L, 3.5, 10, 0.05, 1_048_576L, 0.01),
        new Damping(fireAfter, resolveAfter),
        Map.of());
  }

  /** These overrides laid over a base. */
  public Thresholds over(Thresholds base) {
    Map<String, FeatureThreshold> merged = new HashMap<>(base.features);
    merged.putAll(features);
    return new Thresholds(
        samples.over(base.samples),
        drift.over(base.drift),
        accuracy.over(base.accuracy),
        operational.over(base.operational),
        security.over(base.security),
        damping.over(base.damping),
        Map.copyOf(merged));
  }

  /**
   * The thresholds a version is judged by, and what {@code GET /api/v1/profiles} shows: its
   * overrides over the defaults, then its declared SLOs where neither names a latency or error-rate
   * threshold. One function for both, so what the API shows is what is applied.
   */
  public static Thresholds effective(
      Thresholds overrides, Thresholds defaults, Optional<Slos> slos) {
    return overrides.over(defaults).withSlos(slos);
  }

  /** These thresholds with the SLOs filled in where no latency or error-rate threshold is set. */
  public Thresholds withSlos(Optional<Slos> slos) {
    return new Thresholds(
        samples, drift, accuracy, operational.withSlos(slos), security, damping, features);
  }

  private static <T> T pick(T override, T base) {
    return override != null ? override : base;
  }

  // ---------------------------------------------------------------------------------------------
  // The wire form: one flat object, as profiles and the API have always had it
  // ---------------------------------------------------------------------------------------------

  /** The flat JSON form; absent fields are not overridden. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Wire(
      Long minSample,
      Long minDriftSample,
      Long largeReference,
      Long smallWindow,
      Double wasserstein,
      Double ksPValue,
      Double jensenShannon,
      Double chiSquarePValue,
      Double psiModerate,
      Double psiMajor,
      Double datasetDriftShare,
      Double accuracyTolerance,
      String positiveLabel,
      Double p50LatencyMs,
      Double p95LatencyMs,
      Double p99LatencyMs,
      Double errorRate,
      Double minThroughput,
      Double authFailureRate,
      Long authFailureBurst,
      Double clientRateZ,
      Integer clientHistoryWindows,
      Double outOfRangeShare,
      Long maxPayloadBytes,
      Double oversizedShare,
      Integer downtimeWindows,
      Integer fireAfter,
      Integer resolveAfter,
      Map<String, FeatureThreshold> features) {}

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Thresholds fromWire(Wire w) {
    return new Thresholds(
        new Samples(w.minSample(), w.minDriftSample()),
        new DriftLimits(
            w.largeReference(),
            w.smallWindow(),
            w.wasserstein(),
            w.ksPValue(),
            w.jensenShannon(),
            w.chiSquarePValue(),
            w.psiModerate(),
            w.psiMajor(),
            w.datasetDriftShare()),
        new AccuracyLimits(w.accuracyTolerance(), w.positiveLabel()),
        new OperationalLimits(
            w.p50LatencyMs(),
            w.p95LatencyMs(),
            w.p99LatencyMs(),
            w.errorRate(),
            w.minThroughput(),
            w.downtimeWindows()),
        new SecurityLimits(
            w.authFailureRate(),
            w.authFailureBurst(),
            w.clientRateZ(),
            w.clientHistoryWindows(),
            w.outOfRangeShare(),
            w.maxPayloadBytes(),
            w.oversizedShare()),
        new Damping(w.fireAfter(), w.resolveAfter()),
        w.features());
  }

  @JsonValue
  Wire toWire() {
    return new Wire(
        samples.minSample(),
        samples.minDriftSample(),
        drift.largeReference(),
        drift.smallWindow(),
        drift.wasserstein(),
        drift.ksPValue(),
        drift.jensenShannon(),
        drift.chiSquarePValue(),
        drift.psiModerate(),
        drift.psiMajor(),
        drift.datasetDriftShare(),
        accuracy.tolerance(),
        accuracy.positiveLabel(),
        operational.p50LatencyMs(),
        operational.p95LatencyMs(),
        operational.p99LatencyMs(),
        operational.errorRate(),
        operational.minThroughput(),
        security.authFailureRate(),
        security.authFailureBurst(),
        security.clientRateZ(),
        security.clientHistoryWindows(),
        security.outOfRangeShare(),
        security.maxPayloadBytes(),
        security.oversizedShare(),
        operational.downtimeWindows(),
        damping.fireAfter(),
        damping.resolveAfter(),
        features.isEmpty() ? null : features);
  }
}
