package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Labels;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.probe.config.ProbeConfig;
import dev.preflight.probe.data.Metrics;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.Unreachable;
import dev.preflight.probe.oip.InferenceResult;
import dev.preflight.probe.oip.OipClient;
import dev.preflight.probe.oip.OipEndpoint;
import dev.preflight.support.data.Datasets;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code test-metrics-match}: the labelled validation set is replayed through the test endpoint in
 * batches; each declared training metric is computed on the answers and must lie within its
 * tolerance of the training value.
 */
@ApplicationScoped
public class TestMetricsMatchCheck implements Check {

  private static final List<String> PREDICTION_OUTPUTS =
      List.of("label", "prediction", "predict", "class", "output", "output0", "value");
  private static final List<String> SCORE_OUTPUTS =
      List.of("score", "probability", "proba", "predict_proba");

  private final OipClient oip;
  private final Samples samples;
  private final ProbeConfig config;

  public TestMetricsMatchCheck(OipClient oip, Samples samples, ProbeConfig config) {
    this.oip = oip;
    this.samples = samples;
    this.config = config;
  }

  @Override
  public String itemId() {
    return ItemIds.TEST_METRICS_MATCH;
  }

  @Override
  public String description() {
    return "The labelled validation set replayed through the test endpoint reproduces every"
        + " declared training metric within its tolerance.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    VersionManifest manifest = phase.manifest();
    if (phase.deployment().isEmpty()) {
      return findings.error("the phase names no deployment").result("");
    }
    if (manifest.validationDataset().isEmpty()
        || manifest.validationDataset().get().labelField().isEmpty()) {
      return findings.fail("the manifest declares no labelled validation dataset").result("");
    }
    if (manifest.trainingMetrics().isEmpty()) {
      return findings.fail("the manifest declares no training metrics").result("");
    }
    manifest
        .trainingMetrics()
        .forEach(
            (name, target) ->
                findings
                    .expected
                    .putObject(name)
                    .put("value", target.value())
                    .put("tolerance", target.tolerance()));
    VersionManifest.Dataset dataset = manifest.validationDataset().get();
    String labelField = dataset.labelField().get();
    OipEndpoint endpoint = OipEndpoint.of(phase.deployment().get(), phase.version());
    List<Metrics.Labelled> labelled = new ArrayList<>();
    List<double[]> regression = new ArrayList<>();
    try {
      List<Map<String, Object>> rows = samples.rows(manifest, dataset, config.replay().maxRows());
      int batch = config.replay().batchSize();
      for (int start = 0; start < rows.size(); start += batch) {
        List<Map<String, Object>> slice = rows.subList(start, Math.min(rows.size(), start + batch));
        List<Map<String, Object>> inputs =
            slice.stream().map(r -> Datasets.features(r, manifest.features(), labelField)).toList();
        InferenceResult result = oip.infer(endpoint, inputs);
        if (!result.ok()) {
          return findings
              .error(
                  "inference answered "
                      + result.status()
                      + " on rows "
                      + start
                      + "–"
                      + (start + slice.size() - 1)
                      + ": "
                      + result.error())
              .result("");
        }
        for (int i = 0; i < slice.size(); i++) {
          Map<String, Object> output = result.rows().get(i);
          Object truth = slice.get(i).get(labelField);
          Object predicted = pick(output, PREDICTION_OUTPUTS).orElse(null);
          Optional<Double> score =
              pick(output, SCORE_OUTPUTS)
                  .filter(Number.class::isInstance)
                  .map(n -> ((Number) n).doubleValue());
          labelled.add(new Metrics.Labelled(truth, predicted, score));
          if (predicted instanceof Number p && truth != null) {
            try {
              regression.add(new double[] {Double.parseDouble(truth.toString()), p.doubleValue()});
            } catch (NumberFormatException e) {
              // a class label, not a value
            }
          }
        }
      }
      findings.observe(
          rows.size()
              + " labelled rows replayed through "
              + endpoint.base()
              + " in batches of "
              + batch);
    } catch (EgressDenied e) {
      return findings.fail("the endpoint may not be probed: " + e.getMessage()).result("");
    } catch (Unreachable e) {
      return findings.error("the test endpoint does not answer: " + e.getMessage()).result("");
    } catch (Samples.Unavailable e) {
      return findings.error(e.getMessage()).result("");
    }
    List<String> declared = new ArrayList<>(manifest.trainingMetrics().keySet());
    Map<String, Double> measured = new java.util.LinkedHashMap<>();
    List<String> classification =
        declared.stream().filter(Metrics.CLASSIFICATION::contains).toList();
    if (!classification.isEmpty()) {
      String positive = positiveLabel(phase, labelled);
      findings.observe("positive class: " + positive);
      measured.putAll(Metrics.classification(labelled, positive, classification));
    }
    List<String> regressionNames = declared.stream().filter(Metrics.REGRESSION::contains).toList();
    if (!regressionNames.isEmpty()) {
      measured.putAll(Metrics.regression(regression, regressionNames));
    }
    for (String name : declared) {
      VersionManifest.MetricTarget target = manifest.trainingMetrics().get(name);
      Double value = measured.get(name);
      if (value == null) {
        findings.error("metric '" + name + "' cannot be computed from the answers");
        continue;
      }
      findings.measured.put(name, Math.round(value * 10000) / 10000.0);
      String line =
          String.format(
              Locale.ROOT,
              "%s: %.4f, trained %.4f ± %.4f",
              name,
              value,
              target.value(),
              target.tolerance());
      if (Math.abs(value - target.value()) > target.tolerance() + 1e-9) {
        findings.fail(line);
      } else {
        findings.observe(line);
      }
    }
    return findings.result(
        "every declared metric is within its tolerance on " + labelled.size() + " validation rows");
  }

  /**
   * The positive class, canonical ({@link Labels#positive}): the item's {@code positiveLabel}
   * parameter, else 1 where that class occurs, else the label of the highest-scored prediction.
   */
  private static String positiveLabel(PhaseEntered phase, List<Metrics.Labelled> rows) {
    Optional<Object> declared = Optional.empty();
    for (PhaseEntered.PhaseItem item : phase.items()) {
      if (item.itemId().equals(ItemIds.TEST_METRICS_MATCH)
          && item.parameters().get("positiveLabel") != null) {
        declared = Optional.of(item.parameters().get("positiveLabel"));
      }
    }
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (Metrics.Labelled row : rows) {
      Labels.canonical(row.truth()).ifPresent(seen::add);
      Labels.canonical(row.predicted()).ifPresent(seen::add);
    }
    Optional<String> highestScored =
        rows.stream()
            .filter(r -> r.score().isPresent() && Labels.canonical(r.predicted()).isPresent())
            .max(java.util.Comparator.comparingDouble(r -> r.score().get()))
            .flatMap(r -> Labels.canonical(r.predicted()));
    return Labels.positive(declared, seen, highestScored);
  }

  private static Optional<Object> pick(Map<String, Object> output, List<String> names) {
    for (String name : names) {
      if (output.containsKey(name)) {
        return Optional.ofNullable(output.get(name));
      }
    }
    return Optional.empty();
  }
}
