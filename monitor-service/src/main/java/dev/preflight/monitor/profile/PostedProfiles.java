package dev.preflight.monitor.profile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.contracts.Json;
import dev.preflight.contracts.model.VersionManifest.MetricTarget;
import dev.preflight.monitor.detect.DriftMethod;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a precomputed profile (PUT, or {@code referenceProfile} in a manifest). Per feature either
 * the reference values themselves (numeric: {@code values}; categorical: {@code frequencies}), from
 * which everything is computed exactly, or the full form {@code GET} returns (so a profile
 * round-trips).
 */
public final class PostedProfiles {

  private static final ObjectMapper STRICT =
      Json.mapper().copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private PostedProfiles() {}

  /** The profile, or the list of what is wrong with the document. */
  public record Result(Optional<Profile> profile, List<String> errors) {}

  public static Result read(
      JsonNode body,
      String modelId,
      String version,
      String team,
      Map<String, MetricTarget> declaredMetrics) {
    List<String> errors = new ArrayList<>();
    if (body == null || !body.isObject()) {
      return new Result(Optional.empty(), List.of("the profile must be a JSON object"));
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!List.of(
              "features",
              "prediction",
              "trainingMetrics",
              "thresholds",
              "modelId",
              "version",
              "team",
              "source",
              "createdAt",
              "rows")
          .contains(name)) {
        errors.add("unknown field '" + name + "'");
      }
    }
    Map<String, FeatureProfile> features = new LinkedHashMap<>();
    JsonNode featureNodes = body.path("features");
    if (!featureNodes.isObject() || featureNodes.isEmpty()) {
      errors.add("features: an object with at least one feature is required");
    } else {
      featureNodes
          .fields()
          .forEachRemaining(
              e ->
                  feature("features." + e.getKey(), e.getValue(), errors)
                      .ifPresent(f -> features.put(e.getKey(), f)));
    }
    Optional<FeatureProfile> prediction =
        body.hasNonNull("prediction")
            ? feature("prediction", body.get("prediction"), errors)
            : Optional.empty();
    Map<String, MetricTarget> metrics = declaredMetrics;
    if (body.hasNonNull("trainingMetrics")) {
      try {
        metrics =
            STRICT.convertValue(
                body.get("trainingMetrics"),
                STRICT
                    .getTypeFactory()
                    .constructMapType(LinkedHashMap.class, String.class, MetricTarget.class));
      } catch (IllegalArgumentException e) {
        errors.add("trainingMetrics: each metric needs a numeric value and tolerance");
      }
    }
    Thresholds thresholds = Thresholds.NONE;
    if (body.hasNonNull("thresholds")) {
      try {
        thresholds = STRICT.treeToValue(body.get("thresholds"), Thresholds.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        errors.add("thresholds: " + e.getOriginalMessage());
      }
    }
    if (thresholds.features() != null) {
      thresholds
          .features()
          .forEach(
              (name, own) -> {
                if (own != null && own.method() != null) {
                  Optional<Boolean> numeric =
                      Optional.ofNullable(features.get(name)).map(FeatureProfile::numeric);
                  DriftMethod.problem(own.method(), numeric)
                      .ifPresent(
                          problem ->
                              errors.add("thresholds.features." + name + ".method: " + problem));
                }
              });
    }
    if (!errors.isEmpty()) {
      return new Result(Optional.empty(), errors);
    }
    long rows = features.values().stream().mapToLong(f -> f.count() + f.nulls()).max().orElse(0);
    return new Result(
        Optional.of(
            new Profile(
                modelId,
                version,
                team,
                "posted",
                OffsetDateTime.now(ZoneOffset.UTC),
                rows,
                features,
                prediction,
                metrics,
                thresholds)),
        List.of());
  }

  private static Optional<FeatureProfile> feature(String path, JsonNode node, List<String> errors) {
    String type = node.path("type").asText("");
    if (type.equals(FeatureProfile.NUMERIC)) {
      if (node.has("values")) {
        JsonNode values = node.get("values");
        if (!values.isArray() || values.isEmpty()) {
          errors.add(path + ".values: a non-empty array of numbers");
          return Optional.empty();
        }
        double[] data = new double[values.size()];
        long nulls = 0;
        int n = 0;
        for (JsonNode v : values) {
          if (v.isNull()) {
            nulls++;
          } else if (v.isNumber()) {
            data[n++] = v.doubleValue();
          } else {
            errors.add(path + ".values: " + v + " is not a number");
            return Optional.empty();
          }
        }
        return Optional.of(ProfileBuilder.numeric(java.util.Arrays.copyOf(data, n), nulls));
      }
      try {
        FeatureProfile profile = STRICT.treeToValue(node, FeatureProfile.class);
        List<String> missing = new ArrayList<>();
        if (profile.sketch() == null) missing.add("sketch");
        if (profile.std() == null) missing.add("std");
        if (profile.binEdges() == null) missing.add("binEdges");
        if (profile.binShares() == null) missing.add("binShares");
        if (profile.lowerBound() == null) missing.add("lowerBound");
        if (profile.upperBound() == null) missing.add("upperBound");
        if (!missing.isEmpty()) {
          errors.add(
              path
                  + ": give 'values', or the full numeric profile (missing "
                  + String.join(", ", missing)
                  + ")");
          return Optional.empty();
        }
        if (profile.binShares().size() != profile.binEdges().size() + 1) {
          errors.add(path + ": binShares needs one more entry than binEdges");
          return Optional.empty();
        }
        profile.kll();
        return Optional.of(profile);
      } catch (IOException | RuntimeException e) {
        errors.add(path + ": not a numeric profile (" + e.getMessage() + ")");
        return Optional.empty();
      }
    }
    if (type.equals(FeatureProfile.CATEGORICAL)) {
      JsonNode frequencies = node.path("frequencies");
      if (!frequencies.isObject() || frequencies.isEmpty()) {
        errors.add(path + ".frequencies: an object of category → count is required");
        return Optional.empty();
      }
      Map<String, Long> counts = new java.util.TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = frequencies.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().canConvertToLong() || e.getValue().longValue() < 0) {
          errors.add(path + ".frequencies." + e.getKey() + ": a count >= 0");
          return Optional.empty();
        }
        counts.put(e.getKey(), e.getValue().longValue());
      }
      long count = counts.values().stream().mapToLong(Long::longValue).sum();
      return Optional.of(FeatureProfile.categorical(count, node.path("nulls").asLong(0), counts));
    }
    errors.add(path + ".type: numeric or categorical");
    return Optional.empty();
  }
}
