package dev.preflight.monitor.window;

import dev.preflight.monitor.profile.FeatureProfile;
import dev.preflight.monitor.profile.Profile;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What aggregating a record needs from a version's profile: each feature's type, the reference's
 * PSI bin edges and range bounds, and its known categories.
 */
public final class Reference {

  /** No profile yet: features are typed by their values, nothing is binned. */
  public static final Reference NONE = new Reference(Map.of(), null, 1_048_576L);

  final Map<String, Feature> features;
  final Feature prediction;
  final long maxPayloadBytes;

  private Reference(Map<String, Feature> features, Feature prediction, long maxPayloadBytes) {
    this.features = features;
    this.prediction = prediction;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  public static Reference of(Profile profile, long maxPayloadBytes) {
    Map<String, Feature> features = new HashMap<>();
    profile.features().forEach((name, feature) -> features.put(name, Feature.of(feature)));
    return new Reference(
        features, profile.prediction().map(Feature::of).orElse(null), maxPayloadBytes);
  }

  public static Reference none(long maxPayloadBytes) {
    return new Reference(Map.of(), null, maxPayloadBytes);
  }

  /** One feature's reference, compiled for per-record use. */
  static final class Feature {
    final boolean numeric;
    final double[] edges;
    final double lower;
    final double upper;

    /** The reference's categories by name → their index in {@link #categoryNames}. */
    final Map<String, Integer> categoryIndex;

    final String[] categoryNames;

    private Feature(
        boolean numeric, double[] edges, double lower, double upper, Set<String> categories) {
      this.numeric = numeric;
      this.edges = edges;
      this.lower = lower;
      this.upper = upper;
      this.categoryNames = categories.stream().sorted().toArray(String[]::new);
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < categoryNames.length; i++) {
        index.put(categoryNames[i], i);
      }
      this.categoryIndex = index;
    }

    static Feature of(FeatureProfile profile) {
      if (profile.numeric()) {
        return new Feature(
            true,
            profile.binEdges() == null
                ? new double[0]
                : profile.binEdges().stream().mapToDouble(Double::doubleValue).toArray(),
            profile.lowerBound() == null ? Double.NEGATIVE_INFINITY : profile.lowerBound(),
            profile.upperBound() == null ? Double.POSITIVE_INFINITY : profile.upperBound(),
            Set.of());
      }
      return new Feature(
          false,
          null,
          0,
          0,
          profile.frequencies() == null ? Set.of() : Set.copyOf(profile.frequencies().keySet()));
    }
  }
}
