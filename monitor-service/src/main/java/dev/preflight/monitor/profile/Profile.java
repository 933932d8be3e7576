package dev.preflight.monitor.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.preflight.contracts.model.VersionManifest.MetricTarget;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * A version's reference profile: what production traffic is compared with.
 *
 * @param source {@code dataset} (built from the reference dataset named at registration) or {@code
 *     posted} (precomputed, PUT by a pipeline or admin)
 * @param rows rows of the reference
 * @param features feature name → its reference distribution, in the manifest's order
 * @param prediction the reference distribution of the predictions, when the reference had them (a
 *     {@code prediction} column, else the label column)
 * @param trainingMetrics metric → value at training and tolerance, for the accuracy detector
 * @param thresholds overrides of the default thresholds for this version
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record Profile(
    String modelId,
    String version,
    String team,
    String source,
    OffsetDateTime createdAt,
    long rows,
    Map<String, FeatureProfile> features,
    Optional<FeatureProfile> prediction,
    Map<String, MetricTarget> trainingMetrics,
    Thresholds thresholds) {

  public Profile {
    features = features == null ? Map.of() : features;
    prediction = prediction == null ? Optional.empty() : prediction;
    trainingMetrics = trainingMetrics == null ? Map.of() : trainingMetrics;
    thresholds = thresholds == null ? Thresholds.NONE : thresholds;
  }
}
