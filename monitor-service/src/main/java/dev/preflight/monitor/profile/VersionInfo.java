package dev.preflight.monitor.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.preflight.contracts.model.VersionManifest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the monitor knows of a version from the lifecycle topic.
 *
 * @param live serving production traffic: promoted to production and neither replaced nor retired
 * @param features the declared input features, in order (maps KServe tensors to names)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record VersionInfo(
    String modelId,
    String version,
    String team,
    boolean live,
    boolean retired,
    OffsetDateTime registeredAt,
    List<VersionManifest.Feature> features,
    Optional<VersionManifest.Slos> slos,
    Map<String, VersionManifest.MetricTarget> trainingMetrics,
    boolean referenceDeclared) {

  public VersionInfo {
    features = features == null ? List.of() : features;
    slos = slos == null ? Optional.empty() : slos;
    trainingMetrics = trainingMetrics == null ? Map.of() : trainingMetrics;
  }

  public VersionInfo withLive(boolean newLive) {
    return new VersionInfo(
        modelId,
        version,
        team,
        newLive,
        retired,
        registeredAt,
        features,
        slos,
        trainingMetrics,
        referenceDeclared);
  }

  public VersionInfo retire() {
    return new VersionInfo(
        modelId,
        version,
        team,
        false,
        true,
        registeredAt,
        features,
        slos,
        trainingMetrics,
        referenceDeclared);
  }
}
