package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.probe.oip.OipClient;
import dev.preflight.probe.oip.OipEndpoint;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code prod-version-matches-test}: production reports the same version as the test deployment
 * does, and it is the registered version.
 */
@ApplicationScoped
public class ProdVersionMatchesTestCheck implements Check {

  private final OipClient oip;
  private final Samples samples;

  public ProdVersionMatchesTestCheck(OipClient oip, Samples samples) {
    this.oip = oip;
    this.samples = samples;
  }

  @Override
  public String itemId() {
    return ItemIds.PROD_VERSION_MATCHES_TEST;
  }

  @Override
  public String description() {
    return "The production endpoint reports the same version as the test endpoint, the registered"
        + " one (model metadata and inference answers of both).";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    findings.expected.put("version", phase.version());
    if (phase.deployment().isEmpty() || phase.testDeployment().isEmpty()) {
      return findings.error("the phase names no production or no test deployment").result("");
    }
    Findings prodFindings = new Findings();
    var prod =
        TestVersionMatchesCheck.reported(
            oip,
            samples,
            phase,
            OipEndpoint.of(phase.deployment().get(), phase.version()),
            prodFindings);
    Findings testFindings = new Findings();
    var test =
        TestVersionMatchesCheck.reported(
            oip,
            samples,
            phase,
            OipEndpoint.of(phase.testDeployment().get(), phase.version()),
            testFindings);
    findings.measured.set("prod", prodFindings.measured);
    findings.measured.set("test", testFindings.measured);
    if (prodFindings.hasErrors() || prodFindings.hasProblems()) {
      findings.error("production did not say its version: " + prodFindings.reasons());
    } else if (testFindings.hasErrors() || testFindings.hasProblems()) {
      findings.error("test did not say its version: " + testFindings.reasons());
    } else {
      findings.observe(
          "production: metadata "
              + prod.metadata()
              + ", inference "
              + prod.inference().orElse("-"));
      findings.observe(
          "test: metadata " + test.metadata() + ", inference " + test.inference().orElse("-"));
      if (!prod.inference().equals(test.inference())) {
        findings.fail(
            "production answers as version "
                + prod.inference().orElse("(none)")
                + ", test as "
                + test.inference().orElse("(none)"));
      } else if (!prod.inference().equals(java.util.Optional.of(phase.version()))
          || !prod.metadata().contains(phase.version())) {
        findings.fail(
            "production reports " + prod.metadata() + ", not the registered " + phase.version());
      }
    }
    return findings.result("production and test both report version " + phase.version());
  }
}
