package dev.preflight.contracts.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a pipeline declares about a model version when it registers it; the checks verify the
 * version against this.
 *
 * @param version the version label, unique per model
 * @param description what changed
 * @param previousVersion the version this one replaces; absent for a model's first version
 * @param artifacts weights, processing code and dependency lists, each with its digest
 * @param packaging the production format the version ships in
 * @param trainingData where the training data lives
 * @param features the model's input features
 * @param inputSchema JSON Schema of one inference input
 * @param outputSchema JSON Schema of one inference output
 * @param trainingMetrics metric name → value at the end of training and its tolerance
 * @param validationDataset the labelled set replayed against the test deployment
 * @param referenceDataset the data the monitor builds its reference profile from
 * @param referenceProfile a precomputed reference profile, instead of a reference dataset
 * @param infrastructure what the version runs on in test and in production
 * @param slos the latency and error objectives
 */
public record VersionManifest(
    String version,
    Optional<String> description,
    Optional<String> previousVersion,
    List<Artifact> artifacts,
    Optional<Packaging> packaging,
    Optional<TrainingData> trainingData,
    List<Feature> features,
    Optional<JsonNode> inputSchema,
    Optional<JsonNode> outputSchema,
    Map<String, MetricTarget> trainingMetrics,
    Optional<Dataset> validationDataset,
    Optional<Dataset> referenceDataset,
    Optional<JsonNode> referenceProfile,
    Optional<Infrastructure> infrastructure,
    Optional<Slos> slos) {

  /** The same manifest naming another previous version. */
  public VersionManifest withPreviousVersion(String previous) {
    return new VersionManifest(
        version,
        description,
        Optional.of(previous),
        artifacts,
        packaging,
        trainingData,
        features,
        inputSchema,
        outputSchema,
        trainingMetrics,
        validationDataset,
        referenceDataset,
        referenceProfile,
        infrastructure,
        slos);
  }

  /** A manifest that declares the version and nothing else. */
  public static VersionManifest of(String version) {
    return new VersionManifest(
        version,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * One stored asset of the version.
   *
   * @param kind {@code weights}, {@code code} or {@code dependencies}
   * @param sha256 64 hex characters
   */
  public record Artifact(String kind, URI uri, String sha256) {}

  /**
   * The production format.
   *
   * @param format {@code oci-image}, {@code zip} or {@code script}
   * @param reference image reference or URI
   * @param digest {@code sha256:<hex>} for images, the SHA-256 hex for files
   */
  public record Packaging(String format, String reference, Optional<String> digest) {}

  public record TrainingData(URI uri, Optional<String> description) {}

  /**
   * One input feature.
   *
   * @param type {@code numeric}, {@code categorical}, {@code boolean} or {@code text}
   */
  public record Feature(String name, String type) {}

  /** A metric's value at the end of training, and how far a replay may stray from it. */
  public record MetricTarget(double value, double tolerance) {}

  /**
   * A dataset.
   *
   * @param format {@code csv} or {@code jsonl}
   * @param labelField the column holding the ground truth, for labelled sets
   */
  public record Dataset(URI uri, String format, Optional<String> labelField) {}

  /** What the version runs on in each environment. */
  public record Infrastructure(Optional<Resources> test, Optional<Resources> prod) {}

  /**
   * Service-level objectives.
   *
   * @param maxErrorRate the share of failed requests allowed, 0..1
   * @param concurrency the concurrency at which latency is measured
   */
  public record Slos(
      Optional<Double> p50LatencyMs,
      Optional<Double> p95LatencyMs,
      Optional<Double> p99LatencyMs,
      Optional<Double> maxErrorRate,
      Optional<Integer> concurrency) {}
}
