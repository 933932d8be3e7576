package dev.preflight.probe.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import dev.preflight.contracts.EventSchemas;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.Unreachable;
import dev.preflight.probe.oip.InferenceResult;
import dev.preflight.probe.oip.OipClient;
import dev.preflight.probe.oip.OipEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * {@code prod-returns-results}: a smoke inference against production answers with one output per
 * input row, and every output validates against the declared output schema.
 */
@ApplicationScoped
public class ProdReturnsResultsCheck implements Check {

  private static final int SMOKE_ROWS = 5;

  private final OipClient oip;
  private final Samples samples;
  private final ObjectMapper mapper;

  public ProdReturnsResultsCheck(OipClient oip, Samples samples, ObjectMapper mapper) {
    this.oip = oip;
    this.samples = samples;
    this.mapper = mapper;
  }

  @Override
  public String itemId() {
    return ItemIds.PROD_RETURNS_RESULTS;
  }

  @Override
  public String description() {
    return "A smoke inference against production returns outputs for every row, each valid against"
        + " the declared output schema.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    if (phase.deployment().isEmpty()) {
      return findings.error("the phase names no deployment").result("");
    }
    OipEndpoint endpoint = OipEndpoint.of(phase.deployment().get(), phase.version());
    findings.expected.put("status", 200).put("outputsPerRow", 1);
    phase.manifest().outputSchema().ifPresent(s -> findings.expected.set("outputSchema", s));
    try {
      List<Map<String, Object>> rows = samples.inputs(phase.manifest(), SMOKE_ROWS);
      InferenceResult result = oip.infer(endpoint, rows);
      findings.measured.put("status", result.status());
      findings.measured.put("latencyMs", result.elapsed().toMillis());
      if (!result.ok()) {
        return findings
            .fail("the smoke inference answered " + result.status() + ": " + result.error())
            .result("");
      }
      findings.measured.put("rows", rows.size()).put("outputRows", result.rows().size());
      if (result.rows().isEmpty() || result.rows().stream().anyMatch(Map::isEmpty)) {
        findings.fail("the answer holds no outputs for some rows");
      }
      findings.measured.set("sample", mapper.valueToTree(result.rows().get(0)));
      if (phase.manifest().outputSchema().isPresent()) {
        Schema schema = EventSchemas.compile(phase.manifest().outputSchema().get());
        for (int i = 0; i < result.rows().size(); i++) {
          JsonNode output = mapper.valueToTree(result.rows().get(i));
          List<String> violations = EventSchemas.validate(schema, output);
          if (!violations.isEmpty()) {
            findings.fail(
                "output of row "
                    + i
                    + " breaks the output schema: "
                    + String.join("; ", violations));
            break;
          }
        }
      } else {
        findings.observe("no output schema declared: outputs are only checked for presence");
      }
      findings.observe(
          rows.size()
              + " rows answered in "
              + result.elapsed().toMillis()
              + " ms by version "
              + result.modelVersion().orElse("-"));
    } catch (EgressDenied e) {
      findings.fail("the endpoint may not be probed: " + e.getMessage());
    } catch (Unreachable e) {
      findings.error("production does not answer: " + e.getMessage());
    } catch (Samples.Unavailable e) {
      findings.error(e.getMessage());
    }
    return findings.result("production answers with outputs that match the output schema");
  }
}
