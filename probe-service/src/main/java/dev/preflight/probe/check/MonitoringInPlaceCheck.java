package dev.preflight.probe.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.probe.monitor.MonitorClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * {@code monitoring-in-place}: monitor-service holds a reference profile (the reference
 * distribution and thresholds) for this version.
 */
@ApplicationScoped
public class MonitoringInPlaceCheck implements Check {

  private final MonitorClient monitor;
  private final Dependencies dependencies;

  /** How long a profile the manifest declares may take to appear. */
  private final java.time.Duration patience;

  public MonitoringInPlaceCheck(
      @RestClient MonitorClient monitor,
      Dependencies dependencies,
      @org.eclipse.microprofile.config.inject.ConfigProperty(
              name = "probe.monitor.profile-patience",
              defaultValue = "PT30S")
          java.time.Duration patience) {
    this.monitor = monitor;
    this.dependencies = dependencies;
    this.patience = patience;
  }

  @Override
  public String itemId() {
    return ItemIds.MONITORING_IN_PLACE;
  }

  @Override
  public String description() {
    return "monitor-service holds a reference profile (distribution and thresholds) for the"
        + " version.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    findings.expected.put("profile", "held by monitor-service");
    try {
      JsonNode profile = profile(phase);
      findings.measured.put("features", profile.path("features").size());
      findings.measured.put("thresholds", profile.has("thresholds"));
      if (profile.path("features").isEmpty()) {
        findings.fail("the monitor's profile of " + phase.version() + " describes no feature");
      } else {
        findings.observe("the monitor profiles " + profile.path("features").size() + " features");
      }
    } catch (WebApplicationException e) {
      if (e.getResponse().getStatus() == 404) {
        findings.measured.put("profile", false);
        findings.fail("monitor-service holds no profile for " + phase.version());
      } else {
        findings.error("monitor-service answered " + e.getResponse().getStatus());
      }
    } catch (RuntimeException e) {
      findings.error("monitor-service did not answer: " + e.getMessage());
    }
    return findings.result("monitor-service holds the reference profile of " + phase.version());
  }

  /**
   * The monitor builds a profile from the manifest's reference as the version registers, while the
   * probes already run: when the manifest names a reference, a 404 is waited out for a while.
   */
  private JsonNode profile(PhaseEntered phase) {
    boolean declared =
        phase.manifest().referenceDataset().isPresent()
            || phase.manifest().referenceProfile().isPresent();
    long deadline = System.nanoTime() + (declared ? patience.toNanos() : 0);
    while (true) {
      try {
        return dependencies.call(() -> monitor.profile(phase.model().modelId(), phase.version()));
      } catch (WebApplicationException e) {
        if (e.getResponse().getStatus() != 404 || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the monitor's profile", e);
      }
    }
  }
}
