package dev.preflight.probe.check;

import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.probe.config.ProbeConfig;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.ProbeHttp;
import dev.preflight.probe.http.Unreachable;
import dev.preflight.support.data.Datasets;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Datasets a version declares, fetched through the egress rules and read into rows. */
@ApplicationScoped
public class Samples {

  private final ProbeHttp http;
  private final ProbeConfig config;

  public Samples(ProbeHttp http, ProbeConfig config) {
    this.http = http;
    this.config = config;
  }

  /** Why a dataset could not be read: unreachable (error) or unreadable (error too). */
  public static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  /** The rows of a declared dataset, at most {@code maxRows}. */
  public List<Map<String, Object>> rows(
      VersionManifest manifest, VersionManifest.Dataset dataset, int maxRows) throws Unavailable {
    ProbeHttp.Answer answer;
    try {
      answer = http.send(ProbeHttp.Call.get(dataset.uri()), "artifacts");
    } catch (EgressDenied e) {
      throw new Unavailable(
          "the dataset " + dataset.uri() + " may not be fetched: " + e.getMessage());
    } catch (Unreachable e) {
      throw new Unavailable("the dataset " + dataset.uri() + " is unreachable: " + e.getMessage());
    }
    if (!answer.ok()) {
      throw new Unavailable("the dataset " + dataset.uri() + " answered " + answer.status());
    }
    try {
      return Datasets.read(answer.body(), dataset.format(), manifest.features(), maxRows);
    } catch (IllegalArgumentException e) {
      throw new Unavailable("the dataset " + dataset.uri() + " cannot be read: " + e.getMessage());
    }
  }

  /**
   * Representative inputs: from the reference dataset, else the validation dataset (without its
   * label), else one row made up from the declared features.
   */
  public List<Map<String, Object>> inputs(VersionManifest manifest, int count) throws Unavailable {
    Optional<VersionManifest.Dataset> dataset =
        manifest.referenceDataset().or(manifest::validationDataset);
    if (dataset.isEmpty()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (VersionManifest.Feature feature : manifest.features()) {
        row.put(
            feature.name(),
            switch (feature.type()) {
              case "numeric" -> 1.0;
              case "boolean" -> Boolean.FALSE;
              default -> "a";
            });
      }
      return List.of(row);
    }
    String label = dataset.get().labelField().orElse("");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> row :
        rows(manifest, dataset.get(), Math.min(count, config.replay().maxRows()))) {
      rows.add(Datasets.features(row, manifest.features(), label));
    }
    if (rows.isEmpty()) {
      throw new Unavailable("the dataset " + dataset.get().uri() + " holds no rows");
    }
    return rows;
  }
}
