package dev.preflight.monitor.detect;

import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.stats.Distribution;
import dev.preflight.monitor.window.WindowAggregate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Each profiled feature's drift (and the predictions') over the windows of the horizon, every
 * window judged on its own by the drift detector — what a person charts to see when drift began.
 * The signals themselves are judged over the drift span, which may join windows; this history does
 * not change them.
 */
public final class DriftHistory {

  private DriftHistory() {}

  /**
   * One window's drift of one feature.
   *
   * @param status ok, breach, or insufficient-data (fewer values than the minimum drift sample)
   * @param value the method's statistic (a distance, or a p-value adjusted over the window)
   * @param threshold what the value is judged against
   */
  public record Point(
      OffsetDateTime start,
      OffsetDateTime end,
      String status,
      Double value,
      Double threshold,
      long sampleSize) {}

  /**
   * A feature's points, oldest window first; {@code check} is feature-drift or prediction-drift.
   */
  public record Series(String feature, String check, String method, List<Point> points) {}

  public static List<Series> of(
      SortedMap<Long, WindowAggregate> windows,
      long windowMs,
      Profile profile,
      Optional<VersionInfo> info,
      Thresholds thresholds) {
    DriftDetector drift = new DriftDetector();
    Map<String, Distribution> references = new HashMap<>();
    Map<String, String> methods = new LinkedHashMap<>();
    Map<String, String> checks = new HashMap<>();
    Map<String, List<Point>> points = new HashMap<>();
    windows.forEach(
        (start, window) -> {
          List<Observation> observations = new ArrayList<>();
          drift.evaluate(
              window,
              new Detectors.Context(
                  start,
                  start + windowMs,
                  Optional.of(profile),
                  info,
                  thresholds,
                  true,
                  Map.of(),
                  name -> references.computeIfAbsent(name, n -> Detectors.referenceOf(profile, n))),
              observations);
          for (Observation o : observations) {
            if (o.feature() == null) {
              continue; // the share of drifting features, not a feature
            }
            if (!methods.containsKey(o.feature()) || o.status() != Observation.INSUFFICIENT) {
              methods.put(o.feature(), o.method());
            }
            checks.put(o.feature(), o.check());
            points
                .computeIfAbsent(o.feature(), f -> new ArrayList<>())
                .add(
                    new Point(
                        time(start),
                        time(start + windowMs),
                        o.status().id(),
                        o.value(),
                        o.threshold(),
                        o.sampleSize()));
          }
        });
    List<Series> series = new ArrayList<>();
    methods.forEach(
        (feature, method) ->
            series.add(
                new Series(
                    feature, checks.get(feature), method, List.copyOf(points.get(feature)))));
    return series;
  }

  private static OffsetDateTime time(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }
}
