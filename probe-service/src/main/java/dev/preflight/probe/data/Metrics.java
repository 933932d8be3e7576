package dev.preflight.probe.data;

import dev.preflight.contracts.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics a version declares at the end of training, computed on replayed predictions.
 * Classification: accuracy, precision, recall, F1 (of the positive class) and ROC AUC (from
 * scores); regression: RMSE, MAE and R².
 */
public final class Metrics {

  public static final List<String> CLASSIFICATION =
      List.of("accuracy", "precision", "recall", "f1", "roc_auc");
  public static final List<String> REGRESSION = List.of("rmse", "mae", "r2");

  private Metrics() {}

  /** One labelled prediction. */
  public record Labelled(Object truth, Object predicted, Optional<Double> score) {}

  /**
   * The classification metrics among {@code names}. Truth and prediction are the same class when
   * their canonical labels agree ({@link Labels}: 1, 1.0, "1" and true are one class).
   *
   * @param positive the positive class, canonical
   */
  public static Map<String, Double> classification(
      List<Labelled> rows, String positive, List<String> names) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long agreeing = 0;
    for (Labelled row : rows) {
      if (Labels.same(row.truth(), row.predicted())) {
        agreeing++;
      }
      boolean truth = same(row.truth(), positive);
      boolean predicted = same(row.predicted(), positive);
      if (predicted && truth) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (truth) {
        fn++;
      }
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
    for (String name : names) {
      switch (name) {
        // the share of rows whose prediction is their class: with more than two classes, a wrong
        // class that is not the positive one is still wrong
        case "accuracy" -> metrics.put(name, rows.isEmpty() ? 0 : agreeing / (double) rows.size());
        case "precision" -> metrics.put(name, precision);
        case "recall" -> metrics.put(name, recall);
        case "f1" ->
            metrics.put(
                name, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        case "roc_auc" -> rocAuc(rows, positive).ifPresent(auc -> metrics.put(name, auc));
        default -> {
          // not a classification metric
        }
      }
    }
    return metrics;
  }

  /** The regression metrics among {@code names}. */
  public static Map<String, Double> regression(
      List<double[]> truthAndPrediction, List<String> names) {
    int n = truthAndPrediction.size();
    double squared = 0;
    double absolute = 0;
    double mean = 0;
    for (double[] pair : truthAndPrediction) {
      squared += (pair[0] - pair[1]) * (pair[0] - pair[1]);
      absolute += Math.abs(pair[0] - pair[1]);
      mean += pair[0];
    }
    mean = n == 0 ? 0 : mean / n;
    double total = 0;
    for (double[] pair : truthAndPrediction) {
      total += (pair[0] - mean) * (pair[0] - mean);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (String name : names) {
      switch (name) {
        case "rmse" -> metrics.put(name, n == 0 ? 0 : Math.sqrt(squared / n));
        case "mae" -> metrics.put(name, n == 0 ? 0 : absolute / n);
        case "r2" -> metrics.put(name, total == 0 ? 0 : 1 - squared / total);
        default -> {
          // not a regression metric
        }
      }
    }
    return metrics;
  }

  /**
   * Area under the ROC curve: the probability that a random positive scores above a random
   * negative, ties counted half (Mann–Whitney U with average ranks).
   */
  static Optional<Double> rocAuc(List<Labelled> rows, String positive) {
    List<Labelled> scored = new ArrayList<>();
    for (Labelled row : rows) {
      if (row.score().isPresent()) {
        scored.add(row);
      }
    }
    if (scored.isEmpty()) {
      return Optional.empty();
    }
    scored.sort(Comparator.comparingDouble(r -> r.score().get()));
    double positiveRanks = 0;
    long positives = 0;
    int i = 0;
    while (i < scored.size()) {
      int j = i;
      while (j + 1 < scored.size()
          && scored.get(j + 1).score().get().equals(scored.get(i).score().get())) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (same(scored.get(k).truth(), positive)) {
          positiveRanks += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = scored.size() - positives;
    if (positives == 0 || negatives == 0) {
      return Optional.empty();
    }
    return Optional.of(
        (positiveRanks - positives * (positives + 1) / 2.0) / (positives * (double) negatives));
  }

  /** Whether the label is the positive class (canonical, {@link Labels}). */
  static boolean same(Object value, String positive) {
    return Labels.canonical(value).filter(positive::equals).isPresent();
  }
}
