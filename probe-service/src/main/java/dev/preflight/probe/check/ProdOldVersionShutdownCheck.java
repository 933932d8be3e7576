package dev.preflight.probe.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.probe.config.ProbeConfig;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.ProbeHttp;
import dev.preflight.probe.http.Unreachable;
import dev.preflight.probe.monitor.MonitorClient;
import dev.preflight.probe.oip.OipClient;
import dev.preflight.probe.oip.OipEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * {@code prod-old-version-shutdown}: the replaced version's endpoint no longer serves it, and
 * monitor-service receives no new inference logs for it over an observation window.
 */
@ApplicationScoped
public class ProdOldVersionShutdownCheck implements Check {

  private final OipClient oip;
  private final MonitorClient monitor;
  private final ProbeConfig config;
  private final Dependencies dependencies;

  public ProdOldVersionShutdownCheck(
      OipClient oip,
      @RestClient MonitorClient monitor,
      ProbeConfig config,
      Dependencies dependencies) {
    this.oip = oip;
    this.monitor = monitor;
    this.config = config;
    this.dependencies = dependencies;
  }

  @Override
  public String itemId() {
    return ItemIds.PROD_OLD_VERSION_SHUTDOWN;
  }

  @Override
  public String description() {
    return "The replaced version's endpoint no longer serves it, and its inference logs have"
        + " stopped.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    return run(phase, OffsetDateTime.now(ZoneOffset.UTC));
  }

  /**
   * The old endpoint must not serve the old version, and no inference log of the old version may
   * have been produced later than the cutover (the moment the production deployment was reported)
   * plus the grace for requests in flight. Logs are judged by the event time they carry, not by
   * when they reach the monitor: records produced before the switch may arrive long after it.
   */
  @Override
  public CheckResult run(PhaseEntered phase, OffsetDateTime cutover) {
    Findings findings = new Findings();
    String modelId = phase.model().modelId();
    String old = phase.manifest().previousVersion().orElse(null);
    if (old == null) {
      return findings.error("the manifest names no previous version").result("");
    }
    Duration grace = config.replay().shutdownGrace();
    Duration observation = config.replay().shutdownObservation();
    OffsetDateTime limit = cutover.plus(grace);
    findings.expected.put("oldEndpointServes", false).put("noLogsProducedAfter", limit.toString());
    if (phase.previousDeployment().isPresent()) {
      Deployment previous = phase.previousDeployment().get();
      OipEndpoint endpoint = OipEndpoint.of(previous, old);
      try {
        ProbeHttp.Answer ready = oip.modelReady(endpoint);
        findings.measured.put("oldModelReady", ready.status());
        if (ready.ok()) {
          findings.fail(old + " is still ready at " + previous.endpointUrl());
        } else {
          // not ready (503 included) is what a server that stopped serving the version answers
          findings.observe(old + " at " + previous.endpointUrl() + " answers " + ready.status());
        }
      } catch (Unreachable e) {
        findings.measured.put("oldModelReady", "no answer");
        findings.observe(old + " at " + previous.endpointUrl() + " no longer answers");
      } catch (EgressDenied e) {
        findings.error("the old endpoint may not be probed: " + e.getMessage());
      }
    } else {
      findings.observe("no deployment of " + old + " is known: only its logs are watched");
    }
    try {
      LogsSeen before = logs(modelId, old);
      // A record produced just before the limit needs the observation time to reach the monitor.
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      Duration untilLimit = Duration.between(now, limit.plus(observation));
      Thread.sleep(Math.max(observation.toMillis(), untilLimit.toMillis()));
      LogsSeen after = logs(modelId, old);
      findings.measured.put("cutover", cutover.toString());
      findings.measured.put("logsArrivedWhileWatched", after.records() - before.records());
      findings.measured.put(
          "latestLogProducedAt", after.latest() == null ? null : after.latest().toString());
      if (after.latest() != null && after.latest().isAfter(limit)) {
        findings.fail(
            "an inference log of "
                + old
                + " was produced at "
                + after.latest()
                + ", after the cutover at "
                + cutover
                + " plus "
                + grace
                + ": it still serves traffic");
      } else if (after.latest() != null) {
        findings.observe(
            "the newest inference log of "
                + old
                + " was produced at "
                + after.latest()
                + ", before the cutover plus "
                + grace
                + " ("
                + (after.records() - before.records())
                + " arrived late while watched "
                + observation
                + ")");
      } else if (after.records() > before.records()) {
        // a monitor that gives no event time: arrivals are all there is to judge by
        findings.fail(
            (after.records() - before.records())
                + " inference logs of "
                + old
                + " arrived within "
                + observation);
      } else if (after.records() > 0) {
        findings.observe(
            "none of the "
                + after.records()
                + " inference logs of "
                + old
                + " arrived while watched "
                + observation);
      } else {
        findings.observe("the monitor holds no inference log of " + old);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      findings.error("interrupted");
    } catch (RuntimeException e) {
      findings.error("monitor-service did not answer: " + e.getMessage());
    }
    return findings.result(old + " is shut down and its logs have stopped");
  }

  /** What the monitor has received of a version: how many records, the newest one's event time. */
  private record LogsSeen(long records, OffsetDateTime latest) {}

  private LogsSeen logs(String modelId, String version) {
    try {
      JsonNode status = dependencies.call(() -> monitor.version(modelId, version));
      JsonNode latest = status.path("latestRecordAt");
      return new LogsSeen(
          status.path("records").asLong(),
          latest.isTextual() ? OffsetDateTime.parse(latest.asText()) : null);
    } catch (WebApplicationException e) {
      if (e.getResponse().getStatus() == 404) {
        return new LogsSeen(0, null);
      }
      throw e;
    }
  }
}
