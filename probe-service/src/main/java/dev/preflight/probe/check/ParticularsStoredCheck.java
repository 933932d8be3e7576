package dev.preflight.probe.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.EventSchemas;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.ProbeHttp;
import dev.preflight.probe.http.Unreachable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/**
 * {@code particulars-stored}: the training data is reachable; the feature list is non-empty and
 * agrees with the input schema (every feature is a property of a compatible type); the input and
 * output schemas are valid JSON Schema.
 */
@ApplicationScoped
public class ParticularsStoredCheck implements Check {

  private static final Map<String, Set<String>> TYPES =
      Map.of(
          "numeric", Set.of("number", "integer"),
          "categorical", Set.of("string", "integer"),
          "boolean", Set.of("boolean"),
          "text", Set.of("string"));

  private final ProbeHttp http;

  public ParticularsStoredCheck(ProbeHttp http) {
    this.http = http;
  }

  @Override
  public String itemId() {
    return ItemIds.PARTICULARS_STORED;
  }

  @Override
  public String description() {
    return "Training data reachable; features declared and consistent with the input schema; input"
        + " and output schemas are valid JSON Schema.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    VersionManifest manifest = phase.manifest();
    findings
        .expected
        .put("trainingData", "reachable")
        .put("features", "non-empty, in the input schema")
        .put("schemas", "valid JSON Schema 2020-12");
    if (manifest.trainingData().isEmpty()) {
      findings.fail("the manifest does not say where the training data is");
    } else {
      var uri = manifest.trainingData().get().uri();
      try {
        ProbeHttp.Answer answer = http.peek(uri, "artifacts");
        findings.measured.put("trainingDataStatus", answer.status());
        if (answer.status() >= 400) {
          findings.unusable(
              answer.status(), "the training data at " + uri + " answered " + answer.status());
        } else {
          findings.observe("training data at " + uri + " answers " + answer.status());
        }
      } catch (EgressDenied e) {
        findings.fail("the training data may not be fetched: " + e.getMessage());
      } catch (Unreachable e) {
        findings.error("the training data at " + uri + " is unreachable: " + e.getMessage());
      }
    }
    findings.measured.put("features", manifest.features().size());
    if (manifest.features().isEmpty()) {
      findings.fail("no features are declared");
    }
    manifest
        .inputSchema()
        .ifPresentOrElse(
            schema -> schema("input", schema, findings),
            () -> findings.fail("no input schema is declared"));
    manifest
        .outputSchema()
        .ifPresentOrElse(
            schema -> schema("output", schema, findings),
            () -> findings.fail("no output schema is declared"));
    if (manifest.inputSchema().isPresent()) {
      JsonNode properties = manifest.inputSchema().get().path("properties");
      for (VersionManifest.Feature feature : manifest.features()) {
        JsonNode property = properties.get(feature.name());
        if (property == null) {
          findings.fail("feature '" + feature.name() + "' is not in the input schema");
          continue;
        }
        JsonNode type = property.get("type");
        if (type != null) {
          Set<String> allowed = TYPES.getOrDefault(feature.type(), Set.of());
          boolean fits = false;
          for (JsonNode t :
              type.isArray()
                  ? type
                  : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                      .arrayNode()
                      .add(type)) {
            fits |= allowed.contains(t.asText());
          }
          if (!fits) {
            findings.fail(
                "feature '"
                    + feature.name()
                    + "' is "
                    + feature.type()
                    + " but its schema type is "
                    + type);
          }
        }
      }
    }
    return findings.result(
        manifest.features().size() + " features recorded, schemas valid, training data reachable");
  }

  private static void schema(String which, JsonNode schema, Findings findings) {
    var violations = EventSchemas.metaSchemaViolations(schema);
    if (!violations.isEmpty()) {
      findings.fail("the " + which + " schema is not valid JSON Schema: " + violations.get(0));
    } else {
      findings.observe("the " + which + " schema is valid JSON Schema 2020-12");
    }
  }
}
