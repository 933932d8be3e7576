package dev.preflight.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fraud model: logistic regression over three numeric features ({@code amount}, {@code
 * distance_km}, {@code hour}) and one categorical feature ({@code country}), its weights in {@code
 * weights.json}. Unknown countries weigh nothing; a missing numeric feature counts as 0.
 */
public final class SampleModel {

  /** The input features in the order the model's metadata lists them. */
  public static final List<String> NUMERIC = List.of("amount", "distance_km", "hour");

  public static final String CATEGORICAL = "country";

  private final double intercept;
  private final Map<String, Double> numeric = new LinkedHashMap<>();
  private final Map<String, Double> countries = new LinkedHashMap<>();
  private final double threshold;
  private final String negative;
  private final String positive;

  private SampleModel(JsonNode weights) {
    intercept = weights.path("intercept").asDouble();
    for (String feature : NUMERIC) {
      numeric.put(feature, weights.path("numeric").path(feature).asDouble());
    }
    Iterator<Map.Entry<String, JsonNode>> fields =
        weights.path("categorical").path(CATEGORICAL).fields();
    fields.forEachRemaining(e -> countries.put(e.getKey(), e.getValue().asDouble()));
    threshold = weights.path("threshold").asDouble(0.5);
    negative = weights.path("labels").path(0).asText("legit");
    positive = weights.path("labels").path(1).asText("fraud");
  }

  /** The model of {@code weights.json} on the classpath. */
  public static SampleModel load() {
    return new SampleModel(SampleFiles.json("weights.json"));
  }

  public static SampleModel of(InputStream weights) {
    try {
      return new SampleModel(new ObjectMapper().readTree(weights));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One prediction: the fraud probability and the label it implies. */
  public record Prediction(double score, String label) {}

  public Prediction predict(Map<String, ?> features) {
    double z = intercept;
    for (Map.Entry<String, Double> weight : numeric.entrySet()) {
      Object value = features.get(weight.getKey());
      if (value instanceof Number number) {
        z += weight.getValue() * number.doubleValue();
      }
    }
    Object country = features.get(CATEGORICAL);
    if (country != null) {
      z += countries.getOrDefault(country.toString(), 0.0);
    }
    double score = 1.0 / (1.0 + Math.exp(-z));
    return new Prediction(score, score >= threshold ? positive : negative);
  }

  /** The countries the model knows, for generating data. */
  public List<String> countries() {
    return new ArrayList<>(countries.keySet());
  }
}
