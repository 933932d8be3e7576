package dev.preflight.probe.check;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.model.CheckStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * What a check gathers while it runs: what it measured and expected, what it observed, what it
 * found wrong (the item fails) and what it could not verify (the check reports an error).
 */
final class Findings {

  final ObjectNode measured = JsonNodeFactory.instance.objectNode();
  final ObjectNode expected = JsonNodeFactory.instance.objectNode();
  private final List<String> observations = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  Findings observe(String observation) {
    observations.add(observation);
    return this;
  }

  /** The item is verified wrong. */
  Findings fail(String problem) {
    problems.add(problem);
    observations.add("✗ " + problem);
    return this;
  }

  /** Something the check needs could not be reached or read. */
  Findings error(String error) {
    errors.add(error);
    observations.add("? " + error);
    return this;
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** What was found wrong and what could not be verified, without a verdict's wording. */
  String reasons() {
    List<String> all = new ArrayList<>(problems);
    all.addAll(errors);
    return String.join("; ", all);
  }

  /**
   * Records an answer that was not the one asked for: a server error or a rate limit (5xx, 429)
   * says nothing about what the check verifies, so it is an error to re-run; any other refusal (404
   * of a model the endpoint does not serve, 400 of inputs it does not accept) is wrong.
   */
  Findings unusable(int status, String what) {
    return status >= 500 || status == 429 ? error(what) : fail(what);
  }

  /** Failed when anything was verified wrong; else error when something could not be verified. */
  CheckResult result(String passedSummary) {
    if (!problems.isEmpty()) {
      return new CheckResult(
          CheckStatus.FAILED, measured, expected, String.join("; ", problems), observations);
    }
    if (!errors.isEmpty()) {
      return new CheckResult(
          CheckStatus.ERROR,
          measured,
          expected,
          "could not verify: " + String.join("; ", errors),
          observations);
    }
    return new CheckResult(CheckStatus.PASSED, measured, expected, passedSummary, observations);
  }
}
