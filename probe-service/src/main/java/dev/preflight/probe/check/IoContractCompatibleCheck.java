package dev.preflight.probe.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.probe.checklist.ChecklistClient;
import dev.preflight.probe.schema.SchemaCompatibility;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * {@code io-contract-compatible}: compared with the previous version, the new input schema accepts
 * every input the old one accepted, and the new output schema produces nothing the old consumers
 * reject. A version without a schema accepts (or produces) anything. Fails otherwise, naming every
 * incompatible field; an approver may attest that consumers changed.
 */
@ApplicationScoped
public class IoContractCompatibleCheck implements Check {

  private final ChecklistClient checklist;
  private final Dependencies dependencies;

  public IoContractCompatibleCheck(
      @RestClient ChecklistClient checklist, Dependencies dependencies) {
    this.checklist = checklist;
    this.dependencies = dependencies;
  }

  @Override
  public String itemId() {
    return ItemIds.IO_CONTRACT_COMPATIBLE;
  }

  @Override
  public String description() {
    return "The new input schema accepts every input the previous version accepted, and the new"
        + " output schema produces nothing the previous version's consumers reject.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    String previous = phase.manifest().previousVersion().orElse(null);
    if (previous == null) {
      return findings.error("the manifest names no previous version").result("");
    }
    JsonNode old;
    try {
      old =
          dependencies
              .call(() -> checklist.version(phase.model().modelId(), previous))
              .path("manifest");
    } catch (RuntimeException e) {
      return findings
          .error("checklist-service did not give version " + previous + ": " + e.getMessage())
          .result("");
    }
    JsonNode anything = JsonNodeFactory.instance.objectNode();
    JsonNode oldInput = old.has("inputSchema") ? old.get("inputSchema") : anything;
    JsonNode oldOutput = old.has("outputSchema") ? old.get("outputSchema") : anything;
    JsonNode newInput = phase.manifest().inputSchema().orElse(anything);
    JsonNode newOutput = phase.manifest().outputSchema().orElse(anything);
    List<String> input = SchemaCompatibility.inputCompatible(oldInput, newInput);
    List<String> output = SchemaCompatibility.outputCompatible(oldOutput, newOutput);
    findings
        .expected
        .put("previousVersion", previous)
        .put("inputIncompatibilities", 0)
        .put("outputIncompatibilities", 0);
    findings
        .measured
        .put("inputIncompatibilities", input.size())
        .put("outputIncompatibilities", output.size());
    input.forEach(p -> findings.fail("input " + p));
    output.forEach(p -> findings.fail("output " + p));
    findings.observe("compared with the schemas of " + previous);
    return findings.result(
        "inputs of " + previous + " are still accepted and outputs stay readable by its consumers");
  }
}
