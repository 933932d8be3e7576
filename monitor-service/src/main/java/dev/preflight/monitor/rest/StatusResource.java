package dev.preflight.monitor.rest;

import dev.preflight.monitor.config.MonitorConfig;
import dev.preflight.monitor.detect.DetectorState;
import dev.preflight.monitor.detect.DriftHistory;
import dev.preflight.monitor.detect.Observation;
import dev.preflight.monitor.detect.SignalRecord;
import dev.preflight.monitor.detect.VersionState;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.streams.TopologyProducer;
import dev.preflight.monitor.streams.VersionKey;
import dev.preflight.monitor.window.NumericValues;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the monitor sees of a version now: the latest window per detector, firing signals, history.
 */
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status")
@SecurityRequirement(name = "SecurityScheme")
public class StatusResource {

  private final StateQueries queries;
  private final Caller caller;
  private final MonitorConfig config;
  private final Thresholds defaults;

  public StatusResource(StateQueries queries, Caller caller, MonitorConfig config) {
    this.queries = queries;
    this.caller = caller;
    this.config = config;
    this.defaults = TopologyProducer.settings(config).defaults();
  }

  /**
   * @param live serving production traffic
   * @param profile whether a reference profile is held
   * @param records inference records received
   * @param lateRecords records that arrived after their window left the horizon (counted only)
   * @param latestRecordAt the event time of the newest record received, null before the first
   * @param latestWindow the latest evaluated window, null before the first
   * @param detectors every detector's observation in that window
   * @param firing signals firing now
   */
  public record VersionStatus(
      String modelId,
      String version,
      String team,
      boolean live,
      boolean profile,
      long windowSeconds,
      long horizonSeconds,
      long records,
      long lateRecords,
      OffsetDateTime latestRecordAt,
      Window latestWindow,
      List<Observation> detectors,
      List<Firing> firing) {}

  public record Window(OffsetDateTime start, OffsetDateTime end, long records) {}

  public record Firing(
      String signalId,
      String kind,
      String check,
      String feature,
      Double value,
      Double threshold,
      OffsetDateTime since,
      String summary) {}

  @GET
  @Path("/{modelId}/{version}")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(summary = "The latest window of every detector and the firing signals of a version")
  public Response status(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam(StateQueries.FORWARDED) String forwarded) {
    String key = VersionKey.of(modelId, version);
    VersionInfo info = queries.visible(caller, modelId, version, key);
    Optional<Response> elsewhere =
        queries.elsewhere(
            key, "/api/v1/status/" + modelId + "/" + version, authorization, forwarded);
    if (elsewhere.isPresent()) {
      return elsewhere.get();
    }
    VersionState state = queries.state(key).orElseGet(VersionState::new);
    List<Firing> firing =
        state.detectors.values().stream()
            .filter(DetectorState::firing)
            .map(
                d ->
                    new Firing(
                        d.signalId,
                        d.firedWith.kind(),
                        d.firedWith.check(),
                        d.firedWith.feature(),
                        d.firedWith.value(),
                        d.firedWith.threshold(),
                        time(d.firingSince),
                        d.firedWith.summary()))
            .toList();
    boolean profiled =
        queries
            .profileDocument(key)
            .map(
                bytes ->
                    !new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                        .contains("\"error\""))
            .orElse(false);
    return Response.ok(
            new VersionStatus(
                modelId,
                version,
                info.team(),
                info.live(),
                profiled,
                config.window().toSeconds(),
                config.horizon().toSeconds(),
                state.records,
                state.lateRecords,
                state.latestRecordTime < 0 ? null : time(state.latestRecordTime),
                state.latestWindowStart < 0
                    ? null
                    : new Window(
                        time(state.latestWindowStart),
                        time(state.latestWindowEnd),
                        state.latestWindowRecords),
                state.latest,
                firing))
        .build();
  }

  @GET
  @Path("/{modelId}/{version}/signals")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(summary = "The signals a version fired and resolved, oldest first (the last 200)")
  public Response signals(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam(StateQueries.FORWARDED) String forwarded) {
    String key = VersionKey.of(modelId, version);
    queries.visible(caller, modelId, version, key);
    Optional<Response> elsewhere =
        queries.elsewhere(
            key,
            "/api/v1/status/" + modelId + "/" + version + "/signals",
            authorization,
            forwarded);
    if (elsewhere.isPresent()) {
      return elsewhere.get();
    }
    List<SignalRecord> history = queries.history(key);
    return Response.ok(Map.of("modelId", modelId, "version", version, "signals", history)).build();
  }

  /**
   * One stored window of the horizon.
   *
   * @param evaluated whether the detectors have judged it (a later window is still collecting)
   * @param latency the latency of its requests that reported one; null when none did
   * @param numeric per numeric feature (and {@code (prediction)} when predictions are numbers)
   * @param categorical per categorical feature: records by category
   */
  public record StoredWindow(
      OffsetDateTime start,
      OffsetDateTime end,
      boolean evaluated,
      long records,
      long errors,
      long authFailures,
      Latency latency,
      Map<String, NumericSummary> numeric,
      Map<String, CategoricalSummary> categorical) {}

  /**
   * @param n finite values
   * @param exact whether every value is kept (else the window holds a sketch; sum is then null)
   * @param sum their sum while exact
   * @param nulls null values
   * @param invalid values that were not finite numbers
   */
  public record NumericSummary(
      long n, boolean exact, Double sum, Double min, Double max, long nulls, long invalid) {}

  public record CategoricalSummary(Map<String, Long> counts, long nulls) {}

  /** Request latency in a window, in milliseconds (HdrHistogram, 2 significant digits). */
  public record Latency(long count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    static Latency of(org.HdrHistogram.AbstractHistogram micros) {
      if (micros.getTotalCount() == 0) {
        return null;
      }
      return new Latency(
          micros.getTotalCount(),
          micros.getValueAtPercentile(50) / 1000.0,
          micros.getValueAtPercentile(95) / 1000.0,
          micros.getValueAtPercentile(99) / 1000.0,
          micros.getMaxValue() / 1000.0);
    }
  }

  /** Feature drift per window, for charts; see {@link DriftHistory}. */
  public record DriftView(
      String modelId, String version, long windowSeconds, List<DriftHistory.Series> features) {}

  @GET
  @Path("/{modelId}/{version}/drift")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(
      summary =
          "Each profiled feature's drift over the windows of the horizon, every window judged on"
              + " its own (value, threshold, method, sample size, state), oldest first")
  public Response drift(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam(StateQueries.FORWARDED) String forwarded) {
    String key = VersionKey.of(modelId, version);
    VersionInfo info = queries.visible(caller, modelId, version, key);
    Optional<Response> elsewhere =
        queries.elsewhere(
            key, "/api/v1/status/" + modelId + "/" + version + "/drift", authorization, forwarded);
    if (elsewhere.isPresent()) {
      return elsewhere.get();
    }
    List<DriftHistory.Series> features =
        queries
            .profile(key)
            .map(
                profile ->
                    DriftHistory.of(
                        queries.windows(key),
                        config.window().toMillis(),
                        profile,
                        Optional.of(info),
                        Thresholds.effective(profile.thresholds(), defaults, info.slos())))
            .orElse(List.of());
    return Response.ok(new DriftView(modelId, version, config.window().toSeconds(), features))
        .build();
  }

  @GET
  @Path("/{modelId}/{version}/windows")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(
      summary =
          "The windows of the horizon, oldest first: records, errors, and per feature its count,"
              + " sum, range and categories")
  public Response windows(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam(StateQueries.FORWARDED) String forwarded) {
    String key = VersionKey.of(modelId, version);
    queries.visible(caller, modelId, version, key);
    Optional<Response> elsewhere =
        queries.elsewhere(
            key,
            "/api/v1/status/" + modelId + "/" + version + "/windows",
            authorization,
            forwarded);
    if (elsewhere.isPresent()) {
      return elsewhere.get();
    }
    long next = queries.state(key).map(s -> s.nextWindow).orElse(-1L);
    long windowMs = config.window().toMillis();
    List<StoredWindow> windows = new java.util.ArrayList<>();
    queries
        .windows(key)
        .forEach(
            (start, window) -> {
              Map<String, NumericSummary> numeric = new java.util.TreeMap<>();
              window
                  .numeric()
                  .forEach(
                      (name, feature) -> {
                        NumericValues values = feature.values();
                        numeric.put(
                            name,
                            new NumericSummary(
                                values.n(),
                                values.exact(),
                                finite(values.sum()),
                                finite(values.min()),
                                finite(values.max()),
                                feature.nulls(),
                                feature.invalid()));
                      });
              Map<String, CategoricalSummary> categorical = new java.util.TreeMap<>();
              window
                  .categorical()
                  .forEach(
                      (name, feature) ->
                          categorical.put(
                              name,
                              new CategoricalSummary(
                                  new java.util.TreeMap<>(feature.counts()), feature.nulls())));
              windows.add(
                  new StoredWindow(
                      time(start),
                      time(start + windowMs),
                      next >= 0 && start < next,
                      window.count(),
                      window.errors(),
                      window.authFailures(),
                      Latency.of(window.latencyMicros()),
                      numeric,
                      categorical));
            });
    return Response.ok(
            Map.of(
                "modelId",
                modelId,
                "version",
                version,
                "windowSeconds",
                config.window().toSeconds(),
                "windows",
                windows))
        .build();
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static OffsetDateTime time(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }
}
