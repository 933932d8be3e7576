package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.Unreachable;
import dev.preflight.probe.oip.InferenceResult;
import dev.preflight.probe.oip.OipClient;
import dev.preflight.probe.oip.OipEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * {@code test-version-matches}: the test endpoint's model metadata and its inference answers report
 * the registered version.
 */
@ApplicationScoped
public class TestVersionMatchesCheck implements Check {

  private final OipClient oip;
  private final Samples samples;

  public TestVersionMatchesCheck(OipClient oip, Samples samples) {
    this.oip = oip;
    this.samples = samples;
  }

  @Override
  public String itemId() {
    return ItemIds.TEST_VERSION_MATCHES;
  }

  @Override
  public String description() {
    return "The test endpoint's model metadata and inference answers report the registered"
        + " version.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    findings.expected.put("version", phase.version());
    Optional<Deployment> deployment = phase.deployment();
    if (deployment.isEmpty()) {
      return findings.error("the phase names no deployment").result("");
    }
    Reported reported =
        reported(oip, samples, phase, OipEndpoint.of(deployment.get(), phase.version()), findings);
    if (!findings.hasErrors() && !findings.hasProblems()) {
      if (!reported.metadata().contains(phase.version())) {
        findings.fail(
            "the model metadata reports " + reported.metadata() + ", not " + phase.version());
      }
      if (!reported.inference().equals(Optional.of(phase.version()))) {
        findings.fail(
            "inference answers report version "
                + reported.inference().orElse("(none)")
                + ", not "
                + phase.version());
      }
    }
    return findings.result("metadata and inference report version " + phase.version());
  }

  /** What an endpoint says its version is: in its metadata, and in an inference answer. */
  record Reported(List<String> metadata, Optional<String> inference) {}

  static Reported reported(
      OipClient oip, Samples samples, PhaseEntered phase, OipEndpoint endpoint, Findings findings) {
    List<String> metadata = List.of();
    Optional<String> inference = Optional.empty();
    try {
      var answer = oip.metadata(endpoint);
      if (!answer.ok()) {
        findings.unusable(
            answer.status(),
            "model metadata answered " + answer.status() + " at " + endpoint.base());
      }
      metadata = oip.reportedVersions(answer);
      findings.observe("metadata at " + endpoint.base() + " reports versions " + metadata);
      InferenceResult result = oip.infer(endpoint, samples.inputs(phase.manifest(), 1));
      if (!result.ok()) {
        findings.unusable(
            result.status(), "inference answered " + result.status() + ": " + result.error());
      }
      inference = result.modelVersion();
      findings.observe("inference answered by version " + inference.orElse("(not reported)"));
    } catch (EgressDenied e) {
      findings.fail("the endpoint may not be probed: " + e.getMessage());
    } catch (Unreachable e) {
      findings.error("the endpoint does not answer: " + e.getMessage());
    } catch (Samples.Unavailable e) {
      findings.error(e.getMessage());
    }
    findings.measured.set(
        "metadataVersions",
        findings
            .measured
            .arrayNode()
            .addAll(metadata.stream().map(v -> findings.measured.textNode(v)).toList()));
    inference.ifPresentOrElse(
        v -> findings.measured.put("inferenceVersion", v),
        () -> findings.measured.putNull("inferenceVersion"));
    return new Reported(metadata, inference);
  }
}
