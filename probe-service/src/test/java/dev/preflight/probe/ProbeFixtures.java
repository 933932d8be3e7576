package dev.preflight.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.Json;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.ModelRef;
import dev.preflight.contracts.model.Owner;
import dev.preflight.contracts.model.Phase;
import dev.preflight.contracts.model.Resources;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.sample.SampleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manifests, deployments and phases of the sample model, as pipelines and the checklist make them.
 */
public final class ProbeFixtures {

  public static final String INPUT_SCHEMA =
      """
      {"type": "object", "required": ["amount", "country"],
       "properties": {"amount": {"type": "number", "minimum": 0},
                      "distance_km": {"type": "number", "minimum": 0},
                      "hour": {"type": "integer", "minimum": 0, "maximum": 23},
                      "country": {"type": "string", "minLength": 2, "maxLength": 2}}}
      """;

  public static final String OUTPUT_SCHEMA =
      """
      {"type": "object", "required": ["label", "score"],
       "properties": {"label": {"enum": ["legit", "fraud"]},
                      "score": {"type": "number", "minimum": 0, "maximum": 1}}}
      """;

  private ProbeFixtures() {}

  /** The manifest of version 1.1.0 of the sample model, its assets served by {@code files}. */
  public static VersionManifest manifest(String files) {
    Map<String, VersionManifest.MetricTarget> metrics = new LinkedHashMap<>();
    SampleFilesJson.metrics()
        .fields()
        .forEachRemaining(
            e ->
                metrics.put(
                    e.getKey(),
                    new VersionManifest.MetricTarget(
                        e.getValue().path("value").asDouble(),
                        e.getValue().path("tolerance").asDouble())));
    return new VersionManifest(
        "1.1.0",
        Optional.of("Retrained on November data"),
        Optional.of("1.0.0"),
        List.of(
            new VersionManifest.Artifact(
                "weights", file(files, "weights.json"), sha256("weights.json")),
            new VersionManifest.Artifact(
                "dependencies", file(files, "requirements.txt"), sha256("requirements.txt"))),
        Optional.of(
            new VersionManifest.Packaging(
                "zip", file(files, "model.zip").toString(), Optional.of(sha256("model.zip")))),
        Optional.of(
            new VersionManifest.TrainingData(file(files, "reference.csv"), Optional.empty())),
        List.of(
            new VersionManifest.Feature("amount", "numeric"),
            new VersionManifest.Feature("distance_km", "numeric"),
            new VersionManifest.Feature("hour", "numeric"),
            new VersionManifest.Feature("country", "categorical")),
        Optional.of(json(INPUT_SCHEMA)),
        Optional.of(json(OUTPUT_SCHEMA)),
        metrics,
        Optional.of(
            new VersionManifest.Dataset(
                file(files, "validation.csv"), "csv", Optional.of("label"))),
        Optional.of(
            new VersionManifest.Dataset(file(files, "reference.csv"), "csv", Optional.empty())),
        Optional.empty(),
        Optional.of(
            new VersionManifest.Infrastructure(
                Optional.of(new Resources("2", "4Gi", Optional.empty())),
                Optional.of(new Resources("2", "4Gi", Optional.empty())))),
        Optional.of(
            new VersionManifest.Slos(
                Optional.empty(),
                Optional.of(250.0),
                Optional.of(500.0),
                Optional.of(0.01),
                Optional.of(4))));
  }

  public static Deployment test(String endpoint) {
    return new Deployment(
        "test",
        URI.create(endpoint),
        "oip-v2",
        "fraud-detector",
        Optional.of(new Resources("2000m", "4096Mi", Optional.empty())),
        Optional.empty(),
        Optional.empty());
  }

  public static Deployment prod(String endpoint, String consumerUrl, double share) {
    return new Deployment(
        "prod",
        URI.create(endpoint),
        "oip-v2",
        "fraud-detector",
        Optional.of(new Resources("2", "4Gi", Optional.empty())),
        Optional.of(URI.create(consumerUrl)),
        Optional.of(share));
  }

  public static PhaseEntered phase(
      String modelId,
      Phase phase,
      VersionManifest manifest,
      List<String> items,
      Optional<Deployment> deployment,
      Optional<Deployment> previous,
      Optional<Deployment> test) {
    return new PhaseEntered(
        new ModelRef(
            modelId,
            "Fraud detector",
            "fraud",
            new Owner("Ada Lovelace", Optional.of("ada@acme.dev"))),
        manifest.version(),
        phase,
        manifest,
        items.stream().map(i -> new PhaseEntered.PhaseItem(i, i, true, true, Map.of())).toList(),
        deployment,
        previous,
        test);
  }

  static URI file(String base, String name) {
    return URI.create(base + "/files/" + name);
  }

  static String sha256(String name) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(SampleFiles.read(name).orElseThrow()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The training metrics the sample model's data generator recorded. */
  static final class SampleFilesJson {
    static JsonNode metrics() {
      return json(
          new String(
              SampleFiles.read("training-metrics.json").orElseThrow(),
              java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
