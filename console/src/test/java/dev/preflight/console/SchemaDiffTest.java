package dev.preflight.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDiffTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void fieldsAddedRemovedAndChangedComeFirstWithTheirTypesInBothVersions() throws Exception {
    List<SchemaDiff.Field> diff =
        SchemaDiff.of(
            JSON.readTree(
                """
                {"inputSchema": {"type": "object", "required": ["amount"], "properties": {
                   "amount": {"type": "number"}, "hour": {"type": "integer"},
                   "country": {"type": "string"}}},
                 "outputSchema": {"properties": {"label": {"enum": ["ok", "fraud"]}}}}
                """),
            JSON.readTree(
                """
                {"inputSchema": {"type": "object", "properties": {
                   "amount": {"type": "number"}, "hour": {"type": ["integer", "null"]},
                   "device": {"type": "object", "properties": {"os": {"type": "string"}}}}},
                 "outputSchema": {"properties": {"label": {"enum": ["ok", "fraud"]}}}}
                """));

    assertThat(diff)
        .extracting(
            f ->
                f.schema()
                    + " "
                    + f.path()
                    + ": "
                    + f.before()
                    + " → "
                    + f.now()
                    + " ("
                    + f.change()
                    + ")")
        .containsExactly(
            "input amount: number, required → number (changed)",
            "input hour: integer → integer | null (changed)",
            "input device:  → object (added)",
            "input device.os:  → string (added)",
            "input country: string →  (removed)",
            "output label: enum [\"ok\",\"fraud\"] → enum [\"ok\",\"fraud\"] (same)");
  }

  @Test
  void withoutAPreviousVersionEveryFieldIsAdded() throws Exception {
    assertThat(
            SchemaDiff.of(
                JSON.createObjectNode(),
                JSON.readTree(
                    "{\"inputSchema\": {\"properties\": {\"a\": {\"type\": \"number\"}}}}")))
        .extracting(SchemaDiff.Field::change)
        .containsExactly("added");
  }
}
