package dev.preflight.monitor.profile;

import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.monitor.window.NumericValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;

/** Builds reference distributions from the rows of a reference dataset, exactly where it can. */
public final class ProfileBuilder {

  /** KLL accuracy parameter: normalised rank error about 1.3 % (single query, 99 % confidence). */
  public static final int SKETCH_K = 200;

  private static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
  private static final double[] SUMMARY = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

  private ProfileBuilder() {}

  /**
   * The features' reference distributions: the declared features (text ones are not profiled), or
   * every column but the label and prediction when none are declared.
   */
  public static Map<String, FeatureProfile> features(
      List<Map<String, Object>> rows,
      List<VersionManifest.Feature> declared,
      Optional<String> labelField) {
    Map<String, FeatureProfile> features = new LinkedHashMap<>();
    if (declared.isEmpty()) {
      List<String> columns = rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).keySet());
      for (String column : columns) {
        if (labelField.filter(column::equals).isPresent() || column.equals("prediction")) {
          continue;
        }
        boolean numeric =
            rows.stream().map(r -> r.get(column)).allMatch(v -> v == null || number(v).isPresent());
        features.put(column, numeric ? numeric(rows, column) : categorical(rows, column));
      }
      return features;
    }
    for (VersionManifest.Feature feature : declared) {
      switch (feature.type()) {
        case "numeric" -> features.put(feature.name(), numeric(rows, feature.name()));
        case "categorical", "boolean" ->
            features.put(feature.name(), categorical(rows, feature.name()));
        default -> {
          // free text has no distribution to compare
        }
      }
    }
    return features;
  }

  /**
   * The reference distribution of the predictions: a {@code prediction} column if the dataset has
   * one, else the label column (what a good model predicts).
   */
  public static Optional<FeatureProfile> prediction(
      List<Map<String, Object>> rows, Optional<String> labelField) {
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> column =
        rows.get(0).containsKey("prediction")
            ? Optional.of("prediction")
            : labelField.filter(rows.get(0)::containsKey);
    return column.map(
        name -> {
          boolean numeric =
              rows.stream().map(r -> r.get(name)).allMatch(v -> v == null || v instanceof Number);
          return numeric && distinct(rows, name) > 10
              ? numeric(rows, name)
              : categorical(rows, name);
        });
  }

  private static long distinct(List<Map<String, Object>> rows, String column) {
    return rows.stream().map(r -> String.valueOf(r.get(column))).distinct().limit(11).count();
  }

  /** A numeric feature's reference: moments, deciles as PSI bins, range bounds and a sketch. */
  public static FeatureProfile numeric(List<Map<String, Object>> rows, String name) {
    double[] values = new double[rows.size()];
    int n = 0;
    long nulls = 0;
    for (Map<String, Object> row : rows) {
      Optional<Double> value = number(row.get(name));
      if (value.isPresent()) {
        values[n++] = value.get();
      } else {
        nulls++;
      }
    }
    return numeric(Arrays.copyOf(values, n), nulls);
  }

  /** A numeric reference from its values. */
  public static FeatureProfile numeric(double[] data, long nulls) {
    double[] sorted = data.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(SKETCH_K);
    double sum = 0;
    for (double v : sorted) {
      sketch.update(v);
      sum += v;
    }
    double mean = n == 0 ? 0 : sum / n;
    double squares = 0;
    for (double v : sorted) {
      squares += (v - mean) * (v - mean);
    }
    double std = n < 2 ? 0 : Math.sqrt(squares / (n - 1));
    double[] edges =
        n == 0
            ? new double[0]
            : Arrays.stream(DECILES).map(q -> quantile(sorted, q)).distinct().toArray();
    long[] counts = new long[edges.length + 1];
    for (double v : sorted) {
      counts[Bins.index(edges, v)]++;
    }
    List<Double> shares = new ArrayList<>();
    for (long c : counts) {
      shares.add(n == 0 ? 0 : (double) c / n);
    }
    Map<String, Double> summary = new LinkedHashMap<>();
    for (double q : n == 0 ? new double[0] : SUMMARY) {
      summary.put("p" + Math.round(q * 100), quantile(sorted, q));
    }
    return new FeatureProfile(
        FeatureProfile.NUMERIC,
        n,
        nulls,
        mean,
        std,
        n == 0 ? null : sorted[0],
        n == 0 ? null : sorted[n - 1],
        Arrays.stream(edges).boxed().toList(),
        shares,
        n == 0 ? null : quantile(sorted, 0.005),
        n == 0 ? null : quantile(sorted, 0.995),
        summary,
        Base64.getEncoder().encodeToString(sketch.toByteArray()),
        null,
        steps(sorted));
  }

  /**
   * The reference's step function: each distinct value with its count when there are at most {@code
   * MAX_DISTINCT}; else the {@code Tails.SIZE} smallest and largest values exactly and equal- count
   * steps between them, each at its median, so that the whole stays within {@code MAX_DISTINCT}
   * points and its CDF within one step's share of the data's. Non-finite values are left out, as
   * the windows leave them out.
   */
  private static FeatureProfile.ValueCounts steps(double[] sorted) {
    double[] finite = Arrays.stream(sorted).filter(Double::isFinite).toArray();
    if (finite.length == 0) {
      return null;
    }
    int cap = NumericValues.MAX_DISTINCT;
    Points exact = new Points(cap);
    for (double v : finite) {
      if (!exact.add(v, 1) && exact.size() > cap) {
        break;
      }
    }
    if (exact.size() <= cap) {
      return exact.toValueCounts(true, Double.NaN, Double.NaN);
    }
    int n = finite.length;
    int tail = NumericValues.TAIL;
    int middle = n - 2 * tail;
    int segments = cap - 2 * tail;
    Points steps = new Points(cap);
    for (int i = 0; i < tail; i++) {
      steps.add(finite[i], 1);
    }
    long previous = 0;
    for (int s = 1; s <= segments; s++) {
      long end = (long) Math.ceil((double) s * middle / segments);
      if (end > previous) {
        int median = (int) (tail + previous + (end - previous - 1) / 2);
        steps.add(finite[median], end - previous);
      }
      previous = end;
    }
    for (int i = n - tail; i < n; i++) {
      steps.add(finite[i], 1);
    }
    return steps.toValueCounts(false, finite[tail], finite[n - tail - 1]);
  }

  /** Ascending points with counts; an equal value adds to the last point. */
  private static final class Points {
    private final double[] values;
    private final long[] counts;
    private int size;

    Points(int cap) {
      values = new double[cap + 1];
      counts = new long[cap + 1];
    }

    /** False when the point is new (the size grew); the array holds at most cap + 1. */
    boolean add(double value, long count) {
      if (size > 0 && values[size - 1] == value) {
        counts[size - 1] += count;
        return true;
      }
      if (size == values.length) {
        size++;
        return false;
      }
      values[size] = value;
      counts[size++] = count;
      return false;
    }

    int size() {
      return size;
    }

    FeatureProfile.ValueCounts toValueCounts(boolean exact, double errorFrom, double errorTo) {
      return new FeatureProfile.ValueCounts(
          Arrays.copyOf(values, size),
          Arrays.copyOf(counts, size),
          exact,
          exact ? null : errorFrom,
          exact ? null : errorTo);
    }
  }

  /** A categorical feature's reference: the frequency of each category. */
  public static FeatureProfile categorical(List<Map<String, Object>> rows, String name) {
    Map<String, Long> frequencies = new TreeMap<>();
    long nulls = 0;
    long count = 0;
    for (Map<String, Object> row : rows) {
      Object value = row.get(name);
      if (value == null || (value instanceof String s && s.isEmpty())) {
        nulls++;
      } else {
        frequencies.merge(category(value), 1L, Long::sum);
        count++;
      }
    }
    return FeatureProfile.categorical(count, nulls, frequencies);
  }

  /** The category a value stands for: numbers without a fractional part print as integers. */
  public static String category(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(value);
  }

  /** The empirical quantile: the smallest value with at least q of the data at or below it. */
  public static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static Optional<Double> number(Object value) {
    if (value instanceof Number number) {
      return Optional.of(number.doubleValue());
    }
    if (value instanceof String s && !s.isBlank()) {
      try {
        return Optional.of(Double.parseDouble(s.trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
