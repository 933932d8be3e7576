package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.ProbeHttp;
import dev.preflight.probe.http.Unreachable;
import dev.preflight.probe.oip.OipClient;
import dev.preflight.probe.oip.OipEndpoint;
import java.util.List;

/**
 * {@code test-uploaded} / {@code prod-uploaded}: the deployment's endpoint answers server-live,
 * server-ready and model-ready for the registered version (Open Inference Protocol V2).
 */
abstract class EndpointUploadedCheck implements Check {

  private final OipClient oip;

  EndpointUploadedCheck(OipClient oip) {
    this.oip = oip;
  }

  @Override
  public String description() {
    return "The deployment's endpoint answers server-live, server-ready and model-ready for the"
        + " registered version (OIP V2 health and model-ready APIs).";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    Deployment deployment = phase.deployment().orElse(null);
    if (deployment == null) {
      return findings.error("the phase names no deployment").result("");
    }
    OipEndpoint endpoint = OipEndpoint.of(deployment, phase.version());
    findings.measured.put("endpoint", deployment.endpointUrl().toString());
    findings.expected.put("live", 200).put("ready", 200).put("modelReady", 200);
    try {
      for (var probe :
          List.<Probe>of(
              new Probe("live", () -> oip.live(endpoint)),
              new Probe("ready", () -> oip.ready(endpoint)),
              new Probe("modelReady", () -> oip.modelReady(endpoint)))) {
        ProbeHttp.Answer answer = probe.call().get();
        findings.measured.put(probe.name(), answer.status());
        if (answer.ok()) {
          findings.observe(
              probe.name() + ": " + answer.status() + " in " + answer.elapsed().toMillis() + " ms");
        } else {
          findings.fail(
              probe.name() + " answered " + answer.status() + " at " + deployment.endpointUrl());
        }
      }
    } catch (EgressDenied e) {
      findings.fail("the endpoint may not be probed: " + e.getMessage());
    } catch (Unreachable e) {
      findings.error("the endpoint does not answer: " + e.getMessage());
    }
    return findings.result(
        deployment.modelName()
            + " "
            + phase.version()
            + " is live and ready at "
            + deployment.endpointUrl());
  }

  private record Probe(String name, Call call) {}

  @FunctionalInterface
  private interface Call {
    ProbeHttp.Answer get() throws EgressDenied, Unreachable;
  }
}
