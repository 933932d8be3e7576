package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.console.Charts.Chart;
import dev.preflight.console.Charts.Point;
import dev.preflight.console.Charts.Series;
import dev.preflight.console.Frames.Layout;
import dev.preflight.console.Reply.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the monitor sees of a version in production: every detector's latest window, the firing
 * signals and their history, and charts over the horizon of throughput, error rate, latency and
 * each feature's drift. Read from monitor-service with the user's token; refreshes itself while
 * open ({@code ?fragment=live}).
 */
@Path("/models/{modelId}/versions/{version}/monitoring")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class MonitoringPages {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance monitoring(Layout layout, MonitoringView view);

    static native TemplateInstance monitoring$live(Layout layout, MonitoringView view);
  }

  /** The page; {@code monitor} is empty when monitor-service could not answer. */
  public record MonitoringView(
      String modelId, String version, String team, Optional<Monitor> monitor) {

    /** The tag of the live region (see {@link LiveTag}). */
    public String liveTag() {
      return LiveTag.of(modelId, version, team, monitor);
    }

    public String self() {
      return "/models/" + Json2.segment(modelId) + "/versions/" + Json2.segment(version);
    }
  }

  /** What monitor-service answered for the version. */
  public record Monitor(
      Summary summary,
      List<Detector> detectors,
      List<Firing> firing,
      List<Chart> traffic,
      List<Drift> drift,
      List<Signal> signals) {}

  public record Summary(
      boolean live,
      boolean profile,
      long records,
      long lateRecords,
      String latestRecordAt,
      String latestWindow,
      long windowSeconds,
      long horizonSeconds) {

    public String horizon() {
      return horizonSeconds % 3600 == 0
          ? horizonSeconds / 3600 + " h"
          : horizonSeconds % 60 == 0 ? horizonSeconds / 60 + " min" : horizonSeconds + " s";
    }
  }

  /** One detector's observation of the latest window. */
  public record Detector(
      String kind,
      String check,
      String feature,
      String method,
      String status,
      String value,
      String threshold,
      long sampleSize,
      String summary) {}

  public record Firing(String check, String feature, String since, String summary) {}

  /** A feature's drift per window, with the method that judges it and its latest state. */
  public record Drift(String feature, String check, String method, String latest, Chart chart) {}

  public record Signal(
      String at, String status, String check, String feature, String value, String summary) {}

  @Inject ServiceCalls services;
  @Inject Frames frames;

  @GET
  public Response monitoring(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @QueryParam("fragment") String fragment,
      @HeaderParam("If-None-Match") String ifNoneMatch) {
    ServiceCalls.Session services = this.services.session();
    String at = "/" + Json2.segment(modelId) + "/" + Json2.segment(version);
    CompletableFuture<Reply> checklist =
        services.get(
            Service.CHECKLIST,
            "/api/v1/models/" + Json2.segment(modelId) + "/versions/" + Json2.segment(version));
    CompletableFuture<Reply> status = services.get(Service.MONITOR, "/api/v1/status" + at);
    CompletableFuture<Reply> windows =
        services.get(Service.MONITOR, "/api/v1/status" + at + "/windows");
    CompletableFuture<Reply> drift =
        services.get(Service.MONITOR, "/api/v1/status" + at + "/drift");
    CompletableFuture<Reply> signals =
        services.get(Service.MONITOR, "/api/v1/status" + at + "/signals");
    Reply registered = checklist.join();
    Reply s = status.join();
    // Neither service knows the version for this user: not found, as for any other page.
    if (registered.notFound() && (s.notFound() || s.unavailable())) {
      return Response.status(Response.Status.NOT_FOUND)
          .entity(
              Pages.Templates.notFound(
                  frames.layout("Not found", "models", List.of()),
                  "No version " + version + " of a model " + modelId + " that you may see."))
          .build();
    }
    List<Problem> problems = new ArrayList<>();
    if (!registered.ok() && !registered.notFound()) {
      problems.add(registered.problem());
    }
    String team = registered.ok() ? Json2.text(registered.body(), "team") : "";
    Optional<Monitor> monitor = Optional.empty();
    if (s.ok()) {
      Reply w = windows.join();
      Reply d = drift.join();
      Reply h = signals.join();
      for (Reply r : List.of(w, d, h)) {
        if (!r.ok()) {
          problems.add(r.problem());
          break;
        }
      }
      monitor = Optional.of(monitor(s.body(), w.body(), d.body(), h.body()));
      if (team.isEmpty()) {
        team = Json2.text(s.body(), "team");
      }
    } else if (!s.notFound()) {
      problems.add(s.problem());
    }
    MonitoringView view = new MonitoringView(modelId, version, team, monitor);
    String title = "Monitoring " + modelId + " " + version;
    Layout layout = frames.layout(title, "models", problems);
    return "live".equals(fragment)
        ? LiveTag.respond(
            ifNoneMatch, view.liveTag(), () -> Templates.monitoring$live(layout, view))
        : Response.ok(Templates.monitoring(layout, view)).build();
  }

  /** The view of the monitor's four answers; parts it did not give are empty. */
  static Monitor monitor(JsonNode status, JsonNode windows, JsonNode drift, JsonNode signals) {
    JsonNode latest = status.path("latestWindow");
    Summary summary =
        new Summary(
            status.path("live").asBoolean(),
            status.path("profile").asBoolean(),
            status.path("records").asLong(),
            status.path("lateRecords").asLong(),
            Json2.time(Json2.text(status, "latestRecordAt")),
            latest.isObject()
                ? Json2.time(Json2.text(latest, "start"))
                    + " → "
                    + Json2.time(Json2.text(latest, "end"))
                    + " ("
                    + latest.path("records").asLong()
                    + " records)"
                : "",
            status.path("windowSeconds").asLong(),
            status.path("horizonSeconds").asLong());

    List<Detector> detectors = new ArrayList<>();
    for (JsonNode o : status.path("detectors")) {
      detectors.add(
          new Detector(
              Json2.text(o, "kind"),
              Json2.text(o, "check"),
              Json2.text(o, "feature"),
              Json2.text(o, "method"),
              Json2.text(o, "status"),
              number(o.path("value")),
              number(o.path("threshold")),
              o.path("sampleSize").asLong(),
              Json2.text(o, "summary")));
    }
    // Breaches first, then what cannot be judged yet, then the healthy ones.
    detectors.sort(Comparator.comparingInt(d -> rank(d.status())));

    List<Firing> firing = new ArrayList<>();
    for (JsonNode f : status.path("firing")) {
      firing.add(
          new Firing(
              Json2.text(f, "check"),
              Json2.text(f, "feature"),
              Json2.time(Json2.text(f, "since")),
              Json2.text(f, "summary")));
    }

    List<Chart> traffic = traffic(status, windows);

    List<Drift> features = new ArrayList<>();
    for (JsonNode feature : drift.path("features")) {
      String name = Json2.text(feature, "feature");
      List<Point> values = new ArrayList<>();
      Double threshold = null;
      String latestStatus = "";
      for (JsonNode p : feature.path("points")) {
        values.add(new Point(instant(p, "start"), value(p.path("value"))));
        if (p.path("threshold").isNumber()) {
          threshold = p.path("threshold").asDouble();
        }
        latestStatus = Json2.text(p, "status");
      }
      String method = Json2.text(feature, "method");
      features.add(
          new Drift(
              name,
              Json2.text(feature, "check"),
              method,
              latestStatus,
              Charts.line(
                  "drift-" + features.size(),
                  "Drift of " + name + " per window (" + method + ")",
                  "",
                  List.of(new Series(method, "s1", values)),
                  Optional.ofNullable(threshold))));
    }

    List<Signal> history = new ArrayList<>();
    for (JsonNode r : signals.path("signals")) {
      history.add(
          new Signal(
              Json2.time(Json2.text(r, "at")),
              Json2.text(r, "status"),
              Json2.text(r, "check"),
              Json2.text(r, "feature"),
              number(r.path("value")),
              Json2.text(r, "summary")));
    }
    // Newest first: what just happened is what a person looks for.
    Collections.reverse(history);
    return new Monitor(summary, detectors, firing, traffic, features, history);
  }

  /** Throughput, error rate and latency over the evaluated windows of the horizon. */
  private static List<Chart> traffic(JsonNode status, JsonNode windows) {
    double seconds = Math.max(1, windows.path("windowSeconds").asLong(60));
    List<Point> throughput = new ArrayList<>();
    List<Point> errors = new ArrayList<>();
    List<Point> p50 = new ArrayList<>();
    List<Point> p95 = new ArrayList<>();
    List<Point> p99 = new ArrayList<>();
    for (JsonNode w : windows.path("windows")) {
      if (!w.path("evaluated").asBoolean()) {
        continue; // still collecting: its figures would dip
      }
      Instant start = instant(w, "start");
      long records = w.path("records").asLong();
      throughput.add(new Point(start, records / seconds));
      errors.add(
          new Point(start, records == 0 ? null : 100.0 * w.path("errors").asLong() / records));
      JsonNode latency = w.path("latency");
      p50.add(new Point(start, value(latency.path("p50Ms"))));
      p95.add(new Point(start, value(latency.path("p95Ms"))));
      p99.add(new Point(start, value(latency.path("p99Ms"))));
    }
    Optional<Double> errorThreshold =
        threshold(status, "error-rate").map(t -> t * 100); // the monitor judges a ratio
    Optional<Double> latencyThreshold = threshold(status, "p95-latency");
    return List.of(
        Charts.line(
            "throughput",
            "Throughput per window",
            "records/s",
            List.of(new Series("records/s", "s1", throughput)),
            threshold(status, "throughput")),
        Charts.line(
            "errors",
            "Error rate per window (status ≥ 500)",
            "%",
            List.of(new Series("errors", "s1", errors)),
            errorThreshold),
        Charts.line(
            "latency",
            "Latency per window",
            "ms",
            List.of(
                new Series("p50", "s1", p50),
                new Series("p95", "s2", p95),
                new Series("p99", "s3", p99)),
            latencyThreshold));
  }

  private static Optional<Double> threshold(JsonNode status, String check) {
    for (JsonNode o : status.path("detectors")) {
      if (o.path("check").asText().equals(check) && o.path("threshold").isNumber()) {
        return Optional.of(o.path("threshold").asDouble());
      }
    }
    return Optional.empty();
  }

  private static int rank(String status) {
    return switch (status) {
      case "breach" -> 0;
      case "insufficient-data" -> 1;
      default -> 2;
    };
  }

  private static Instant instant(JsonNode node, String field) {
    return OffsetDateTime.parse(node.path(field).asText()).toInstant();
  }

  private static Double value(JsonNode number) {
    return number.isNumber() ? number.asDouble() : null;
  }

  private static String number(JsonNode value) {
    return value.isNumber() ? Charts.format(value.asDouble(), "") : "—";
  }
}
