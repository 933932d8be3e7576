package dev.preflight.monitor.detect;

import dev.preflight.contracts.model.Labels;
import dev.preflight.contracts.model.VersionManifest.MetricTarget;
import dev.preflight.monitor.detect.Detectors.Context;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.window.WindowAggregate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accuracy: the realised metrics of the predictions joined with their labels against the training
 * metrics and their tolerance.
 */
public final class AccuracyDetector implements Detector {

  /** Metrics where lower is better. */
  private static final Set<String> ERROR_METRICS = Set.of("rmse", "mae");

  @Override
  public String family() {
    return "accuracy";
  }

  @Override
  public int order() {
    return 20;
  }

  @Override
  public void evaluate(WindowAggregate window, Context context, List<Observation> out) {
    accuracy(window, context, out);
  }

  // ---------------------------------------------------------------------------------------------
  // Accuracy
  // ---------------------------------------------------------------------------------------------

  private static void accuracy(WindowAggregate window, Context context, List<Observation> out) {
    Map<String, MetricTarget> targets =
        Detectors.trainingMetrics(context.profile(), context.info());
    Thresholds t = context.thresholds();
    long labelled = window.outcomes().values().stream().mapToLong(Long::longValue).sum();
    if (targets.isEmpty()) {
      return;
    }
    Map<String, Double> realised = realised(window, t.accuracy().positiveLabel());
    for (Map.Entry<String, MetricTarget> target : targets.entrySet()) {
      String metric = target.getKey().toLowerCase(Locale.ROOT);
      if (!realised.containsKey(metric)) {
        continue;
      }
      double tolerance =
          target.getValue().tolerance() > 0
              ? target.getValue().tolerance()
              : t.accuracy().tolerance();
      boolean lowerIsBetter = ERROR_METRICS.contains(metric);
      double threshold =
          lowerIsBetter
              ? target.getValue().value() + tolerance
              : target.getValue().value() - tolerance;
      if (labelled < t.samples().minSample()) {
        out.add(
            Observation.insufficient(
                "accuracy",
                metric,
                null,
                "labels joined on request id",
                labelled,
                t.samples().minSample(),
                "warning"));
        continue;
      }
      double value = realised.get(metric);
      boolean breach = lowerIsBetter ? value > threshold : value < threshold;
      out.add(
          Observation.judged(
              "accuracy",
              metric,
              null,
              "labels joined on request id",
              breach,
              value,
              threshold,
              labelled,
              "warning",
              metric
                  + " "
                  + Detectors.format(value)
                  + " on "
                  + labelled
                  + " labelled predictions, training "
                  + Detectors.format(target.getValue().value())
                  + " ± "
                  + Detectors.format(tolerance),
              Map.of("training", target.getValue().value())));
    }
  }

  /**
   * Accuracy, precision, recall, F1 (of the positive class), RMSE and MAE of the joined outcomes.
   */
  static Map<String, Double> realised(WindowAggregate window, String positiveLabel) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    long total = 0;
    long correct = 0;
    Set<String> labels = new java.util.HashSet<>();
    for (Map.Entry<String, Long> e : window.outcomes().entrySet()) {
      String[] pair = e.getKey().split("\u001f", -1);
      labels.add(pair[0]);
      total += e.getValue();
      if (pair[0].equals(pair[1])) {
        correct += e.getValue();
      }
    }
    if (total > 0) {
      metrics.put("accuracy", (double) correct / total);
      String positive =
          Labels.positive(Optional.ofNullable(positiveLabel), labels, Optional.empty());
      long tp = 0;
      long fp = 0;
      long fn = 0;
      for (Map.Entry<String, Long> e : window.outcomes().entrySet()) {
        String[] pair = e.getKey().split("\u001f", -1);
        boolean truth = pair[0].equals(positive);
        boolean predicted = pair[1].equals(positive);
        if (truth && predicted) {
          tp += e.getValue();
        } else if (predicted) {
          fp += e.getValue();
        } else if (truth) {
          fn += e.getValue();
        }
      }
      double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
      double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
      metrics.put("precision", precision);
      metrics.put("recall", recall);
      metrics.put(
          "f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }
    if (window.regressionCount() > 0) {
      metrics.put("mae", window.absoluteError() / window.regressionCount());
      metrics.put("rmse", Math.sqrt(window.squaredError() / window.regressionCount()));
    }
    return metrics;
  }
}
