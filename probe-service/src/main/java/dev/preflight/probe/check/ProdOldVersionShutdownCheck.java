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
    Findings findings = new Findings();
    String modelId = phase.model().modelId();
    String old = phase.manifest().previousVersion().orElse(null);
    if (old == null) {
      return findings.error("the manifest names no previous version").result("");
    }
    findings.expected.put("oldEndpointServes", false).put("newLogs", 0);
    if (phase.previousDeployment().isPresent()) {
      Deployment previous = phase.previousDeployment().get();
      OipEndpoint endpoint = OipEndpoint.of(previous, old);
      try {
        ProbeHttp.Answer ready = oip.modelReady(endpoint);
        findings.measured.put("oldModelReady", ready.status());
        if (ready.ok()) {
          findings.fail(old + " is still ready at " + previous.endpointUrl());
        } else {
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
      long before = records(modelId, old);
      Thread.sleep(config.replay().shutdownObservation().toMillis());
      long after = records(modelId, old);
      findings.measured.put("newLogs", after - before);
      if (after > before) {
        findings.fail(
            (after - before)
                + " inference logs of "
                + old
                + " arrived within "
                + config.replay().shutdownObservation());
      } else {
        findings.observe(
            "no inference logs of " + old + " within " + config.replay().shutdownObservation());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      findings.error("interrupted");
    } catch (RuntimeException e) {
      findings.error("monitor-service did not answer: " + e.getMessage());
    }
    return findings.result(old + " is shut down and its logs have stopped");
  }

  private long records(String modelId, String version) {
    try {
      JsonNode status = dependencies.call(() -> monitor.version(modelId, version));
      return status.path("records").asLong();
    } catch (WebApplicationException e) {
      if (e.getResponse().getStatus() == 404) {
        return 0;
      }
      throw e;
    }
  }
}
