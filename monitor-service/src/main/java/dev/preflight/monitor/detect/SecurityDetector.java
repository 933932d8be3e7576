package dev.preflight.monitor.detect;

import dev.preflight.monitor.detect.Detectors.Context;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.stats.Drift;
import dev.preflight.monitor.window.WindowAggregate;
import dev.preflight.monitor.window.WindowAggregate.CategoricalAggregate;
import dev.preflight.monitor.window.WindowAggregate.NumericAggregate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Security: authentication-failure rates and bursts, per-client request rates against their own
 * history, inputs outside the reference range, oversized payloads.
 */
public final class SecurityDetector implements Detector {

  @Override
  public String family() {
    return "security";
  }

  @Override
  public int order() {
    return 40;
  }

  @Override
  public void evaluate(WindowAggregate window, Context context, List<Observation> out) {
    security(window, context, out);
  }

  // ---------------------------------------------------------------------------------------------
  // Security
  // ---------------------------------------------------------------------------------------------

  private static void security(WindowAggregate window, Context context, List<Observation> out) {
    Thresholds t = context.thresholds();
    long n = window.count();
    if (n < t.samples().minSample()) {
      out.add(
          Observation.insufficient(
              "security",
              "auth-failure-rate",
              null,
              "share",
              n,
              t.samples().minSample(),
              "warning"));
    } else {
      double rate = (double) window.authFailures() / n;
      boolean breach = rate > t.security().authFailureRate();
      out.add(
          Observation.judged(
              "security",
              "auth-failure-rate",
              null,
              "share",
              breach,
              rate,
              t.security().authFailureRate(),
              n,
              "warning",
              window.authFailures()
                  + " of "
                  + n
                  + " requests failed authentication ("
                  + Detectors.format(rate * 100)
                  + " %)",
              Map.of()));
    }
    Set<String> clients = new java.util.TreeSet<>(window.clients().keySet());
    clients.addAll(context.clientHistory().keySet());
    for (String client : clients) {
      long[] counts = window.clients().getOrDefault(client, new long[2]);
      boolean burst = counts[1] >= t.security().authFailureBurst();
      if (burst || counts[0] > 0) {
        out.add(
            Observation.judged(
                "security",
                "auth-failure-burst",
                "client:" + client,
                "count",
                burst,
                (double) counts[1],
                (double) t.security().authFailureBurst(),
                counts[0],
                "critical",
                burst
                    ? "client '"
                        + client
                        + "' failed authentication "
                        + counts[1]
                        + " times in the window"
                    : "client '" + client + "': " + counts[1] + " authentication failures",
                Map.of()));
      }
      List<Integer> history = context.clientHistory().getOrDefault(client, List.of());
      if (history.size() >= t.security().clientHistoryWindows()) {
        double[] past = history.stream().mapToDouble(Integer::doubleValue).toArray();
        // Request counts are Poisson-like: a client's spread is at least its counting noise.
        double z =
            Drift.robustZ(counts[0], past, Math.max(1, 0.6745 * Math.sqrt(Drift.median(past))));
        boolean breach = z > t.security().clientRateZ();
        out.add(
            Observation.judged(
                "security",
                "client-request-rate",
                "client:" + client,
                "robust z-score",
                breach,
                z,
                t.security().clientRateZ(),
                counts[0],
                "warning",
                "client '"
                    + client
                    + "' sent "
                    + counts[0]
                    + " requests (robust z "
                    + Detectors.format(z)
                    + " against its last "
                    + past.length
                    + " windows)",
                Map.of("requests", counts[0])));
      }
    }
    if (context.profile().isPresent() && !context.profile().get().features().isEmpty()) {
      long values = 0;
      long outside = 0;
      for (Map.Entry<String, NumericAggregate> e : window.numeric().entrySet()) {
        if (!e.getKey().equals(WindowAggregate.PREDICTION)
            && context.profile().get().features().containsKey(e.getKey())) {
          values += e.getValue().values().n() + e.getValue().invalid();
          outside += e.getValue().outOfRange() + e.getValue().invalid();
        }
      }
      for (Map.Entry<String, CategoricalAggregate> e : window.categorical().entrySet()) {
        if (!e.getKey().equals(WindowAggregate.PREDICTION)
            && context.profile().get().features().containsKey(e.getKey())) {
          values += e.getValue().counts().values().stream().mapToLong(Long::longValue).sum();
          outside += e.getValue().unseen();
        }
      }
      if (n < t.samples().minSample()) {
        out.add(
            Observation.insufficient(
                "security",
                "out-of-range-share",
                null,
                "share outside [p0.5, p99.5] or unseen",
                n,
                t.samples().minSample(),
                "warning"));
      } else {
        double share = values == 0 ? 0 : (double) outside / values;
        boolean breach = share > t.security().outOfRangeShare();
        out.add(
            Observation.judged(
                "security",
                "out-of-range-share",
                null,
                "share outside [p0.5, p99.5] or unseen",
                breach,
                share,
                t.security().outOfRangeShare(),
                n,
                "warning",
                outside
                    + " of "
                    + values
                    + " input values outside the reference range or unseen ("
                    + Detectors.format(share * 100)
                    + " %)",
                Map.of()));
      }
    }
    if (window.payloads() < t.samples().minSample()) {
      out.add(
          Observation.insufficient(
              "security",
              "oversized-payloads",
              null,
              "share above " + t.security().maxPayloadBytes() + " bytes",
              window.payloads(),
              t.samples().minSample(),
              "warning"));
    } else {
      double share = (double) window.oversized() / window.payloads();
      boolean breach = share > t.security().oversizedShare();
      out.add(
          Observation.judged(
              "security",
              "oversized-payloads",
              null,
              "share above " + t.security().maxPayloadBytes() + " bytes",
              breach,
              share,
              t.security().oversizedShare(),
              window.payloads(),
              "warning",
              window.oversized()
                  + " of "
                  + window.payloads()
                  + " payloads above "
                  + t.security().maxPayloadBytes()
                  + " bytes",
              Map.of()));
    }
  }
}
