package dev.preflight.monitor.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashMap;
import java.util.Map;

/**
 * Detector thresholds. A version's profile holds overrides (null = not overridden); {@link
 * #over(Thresholds)} lays them over the defaults. Latency and error-rate thresholds default to the
 * version's declared SLOs (the error rate, failing those, to 5 %).
 *
 * @param minSample fewer records (or labels) in a window report {@code insufficient-data}
 * @param minDriftSample fewer values of a feature in a window report {@code insufficient-data} for
 *     its drift: distances between small samples and the reference are mostly sampling noise
 * @param largeReference numeric features with a larger reference use Wasserstein, smaller ones KS
 * @param smallWindow categorical features in windows with fewer records use chi-square, else
 *     Jensen–Shannon
 * @param wasserstein normalised Wasserstein distance above which a numeric feature drifts
 * @param ksPValue adjusted KS p-value below which a numeric feature drifts
 * @param jensenShannon Jensen–Shannon distance above which a categorical feature drifts
 * @param chiSquarePValue adjusted chi-square p-value below which a categorical feature drifts
 * @param datasetDriftShare share of drifting features at which the dataset drifts
 * @param accuracyTolerance how far a metric may fall from training when the manifest gives no
 *     tolerance
 * @param positiveLabel the positive class for precision, recall and F1
 * @param outOfRangeShare share of values outside [p0.5, p99.5] or of unseen categories
 * @param clientRateZ robust z-score of a client's request rate against its own history
 * @param clientHistoryWindows windows of history a client needs before its rate is judged
 * @param downtimeWindows windows without logs, after traffic, that mean a live version is down
 * @param fireAfter consecutive breaching windows before a signal fires
 * @param resolveAfter consecutive healthy windows before it resolves
 * @param features per feature: method and threshold
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Thresholds(
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
    Map<String, FeatureThreshold> features) {

  /** No override. */
  public static final Thresholds NONE =
      new Thresholds(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  /**
   * The defaults, by data type and detector (DESIGN.md, "Monitoring semantics"). The p-value
   * thresholds are 0.01, not the customary 0.05: a version is judged every window, 10,080 times a
   * week, and at 0.05 three breaching windows in a row happen by chance about once a week per
   * feature (ADR 0013).
   */
  public static Thresholds defaults(
      long minSample, long minDriftSample, int fireAfter, int resolveAfter) {
    return new Thresholds(
        minSample,
        minDriftSample,
        1000L,
        1000L,
        0.1,
        0.01,
        0.1,
        0.01,
        0.1,
        0.25,
        0.5,
        0.05,
        null,
        null,
        null,
        null,
        null,
        null,
        0.1,
        20L,
        3.5,
        10,
        0.05,
        1_048_576L,
        0.01,
        fireAfter,
        fireAfter,
        resolveAfter,
        Map.of());
  }

  /**
   * A feature's own method ({@code wasserstein}, {@code ks}, {@code jensen-shannon} or {@code
   * chi-square}) and threshold.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FeatureThreshold(String method, Double threshold) {}

  /** These overrides laid over a base. */
  public Thresholds over(Thresholds base) {
    Map<String, FeatureThreshold> merged =
        new HashMap<>(base.features == null ? Map.of() : base.features);
    if (features != null) {
      merged.putAll(features);
    }
    return new Thresholds(
        pick(minSample, base.minSample),
        pick(minDriftSample, base.minDriftSample),
        pick(largeReference, base.largeReference),
        pick(smallWindow, base.smallWindow),
        pick(wasserstein, base.wasserstein),
        pick(ksPValue, base.ksPValue),
        pick(jensenShannon, base.jensenShannon),
        pick(chiSquarePValue, base.chiSquarePValue),
        pick(psiModerate, base.psiModerate),
        pick(psiMajor, base.psiMajor),
        pick(datasetDriftShare, base.datasetDriftShare),
        pick(accuracyTolerance, base.accuracyTolerance),
        pick(positiveLabel, base.positiveLabel),
        pick(p50LatencyMs, base.p50LatencyMs),
        pick(p95LatencyMs, base.p95LatencyMs),
        pick(p99LatencyMs, base.p99LatencyMs),
        pick(errorRate, base.errorRate),
        pick(minThroughput, base.minThroughput),
        pick(authFailureRate, base.authFailureRate),
        pick(authFailureBurst, base.authFailureBurst),
        pick(clientRateZ, base.clientRateZ),
        pick(clientHistoryWindows, base.clientHistoryWindows),
        pick(outOfRangeShare, base.outOfRangeShare),
        pick(maxPayloadBytes, base.maxPayloadBytes),
        pick(oversizedShare, base.oversizedShare),
        pick(downtimeWindows, base.downtimeWindows),
        pick(fireAfter, base.fireAfter),
        pick(resolveAfter, base.resolveAfter),
        Map.copyOf(merged));
  }

  private static <T> T pick(T override, T base) {
    return override != null ? override : base;
  }
}
