package dev.preflight.monitor.detect;

import dev.preflight.monitor.detect.Detectors.Context;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.window.WindowAggregate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Latency percentiles against the SLOs, throughput, error rate, and downtime of a live version. */
public final class OperationalDetector implements Detector {

  @Override
  public String family() {
    return "operational";
  }

  @Override
  public int order() {
    return 30;
  }

  @Override
  public void evaluate(WindowAggregate window, Context context, List<Observation> out) {
    operational(window, context, out);
  }

  // ---------------------------------------------------------------------------------------------
  // Latency, throughput, errors, downtime
  // ---------------------------------------------------------------------------------------------

  private static void operational(WindowAggregate window, Context context, List<Observation> out) {
    Thresholds t = context.thresholds();
    long n = window.count();
    // Latency and error-rate thresholds are the effective ones: the SLOs where not overridden.
    Map<Integer, Double> objectives = new LinkedHashMap<>();
    objectives.put(50, t.operational().p50LatencyMs());
    objectives.put(95, t.operational().p95LatencyMs());
    objectives.put(99, t.operational().p99LatencyMs());
    objectives.forEach(
        (percentile, objective) ->
            latency(out, window, "p" + percentile + "-latency", percentile, objective, t));

    double seconds = (context.windowEnd() - context.windowStart()) / 1000.0;
    double throughput = n / seconds;
    boolean live = context.info().map(VersionInfo::live).orElse(false);
    if (t.operational().minThroughput() != null && live) {
      boolean breach = throughput < t.operational().minThroughput();
      out.add(
          Observation.judged(
              "throughput",
              "throughput",
              null,
              "records per second",
              breach,
              throughput,
              t.operational().minThroughput(),
              n,
              "warning",
              "throughput "
                  + Detectors.format(throughput)
                  + " records/s"
                  + (breach ? " below " : ", minimum ")
                  + Detectors.format(t.operational().minThroughput()),
              Map.of()));
    } else {
      out.add(
          Observation.reported(
              "throughput",
              "throughput",
              null,
              "records per second",
              throughput,
              n,
              "info",
              "throughput " + Detectors.format(throughput) + " records/s",
              Map.of()));
    }

    double errorThreshold = t.operational().errorRate();
    if (n < t.samples().minSample()) {
      out.add(
          Observation.insufficient(
              "errors",
              "error-rate",
              null,
              "status >= 500",
              n,
              t.samples().minSample(),
              "critical"));
    } else {
      double rate = (double) window.errors() / n;
      boolean breach = rate > errorThreshold;
      out.add(
          Observation.judged(
              "errors",
              "error-rate",
              null,
              "status >= 500",
              breach,
              rate,
              errorThreshold,
              n,
              "critical",
              window.errors()
                  + " of "
                  + n
                  + " requests failed ("
                  + Detectors.format(rate * 100)
                  + " %, threshold "
                  + Detectors.format(errorThreshold * 100)
                  + " %)",
              Map.of("errors", window.errors())));
    }

    if (live && context.hadTraffic()) {
      boolean breach = n == 0;
      out.add(
          Observation.judged(
              "downtime",
              "inference-logs-stopped",
              null,
              "records per window",
              breach,
              (double) n,
              0.0,
              n,
              "critical",
              breach
                  ? "no inference logs in the window from a live version that had traffic"
                  : n + " inference records in the window",
              Map.of()));
    }
  }

  private static void latency(
      List<Observation> out,
      WindowAggregate window,
      String check,
      double percentile,
      Double slo,
      Thresholds t) {
    long n = window.count();
    if (n == 0) {
      if (slo != null) {
        out.add(
            Observation.insufficient(
                "latency", check, null, "hdr-histogram", 0, t.samples().minSample(), "warning"));
      }
      return;
    }
    double value = window.latencyMicros().getValueAtPercentile(percentile) / 1000.0;
    if (slo == null) {
      out.add(
          Observation.reported(
              "latency",
              check,
              null,
              "hdr-histogram",
              value,
              n,
              "info",
              check + " " + Detectors.format(value) + " ms (no objective declared)",
              Map.of()));
    } else if (n < t.samples().minSample()) {
      out.add(
          Observation.insufficient(
              "latency", check, null, "hdr-histogram", n, t.samples().minSample(), "warning"));
    } else {
      boolean breach = value > slo;
      out.add(
          Observation.judged(
              "latency",
              check,
              null,
              "hdr-histogram",
              breach,
              value,
              slo,
              n,
              "warning",
              check
                  + " "
                  + Detectors.format(value)
                  + " ms"
                  + (breach ? " above the objective " : ", objective ")
                  + Detectors.format(slo)
                  + " ms",
              Map.of()));
    }
  }
}
