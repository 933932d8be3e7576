package dev.preflight.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetMatrixTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static FleetPages.Read read(String model, String checklist) throws Exception {
    JsonNode body = JSON.readTree(checklist);
    return new FleetPages.Read(
        JSON.readTree("{\"modelId\": \"" + model + "\", \"team\": \"fraud\"}"),
        JSON.readTree("{\"version\": \"1.0.0\"}"),
        new Reply(Service.CHECKLIST, 200, body, Optional.empty(), Optional.empty()));
  }

  @Test
  void modelsWithFailuresComeFirstAndEachCellLinksToItsItem() throws Exception {
    FleetPages.Matrix matrix =
        FleetPages.matrix(
            List.of(
                read(
                    "a-model",
                    """
                    {"phases": [{"phase": "after-training", "items": [
                      {"itemId": "creator-logged", "state": "passed"},
                      {"itemId": "assets-stored", "state": "passed"}]}]}
                    """),
                read(
                    "b-model",
                    """
                    {"phases": [{"phase": "after-training", "items": [
                      {"itemId": "creator-logged", "state": "failed"},
                      {"itemId": "assets-stored", "state": "waived"}]},
                     {"phase": "test-deployment", "items": [
                      {"itemId": "test-uploaded", "state": "failed"}]}]}
                    """),
                new FleetPages.Read(
                    JSON.readTree("{\"modelId\": \"c-model\"}"), MissingNode.getInstance(), null)));

    assertThat(matrix.columns())
        .extracting(FleetPages.Column::itemId)
        .containsExactly("creator-logged", "assets-stored", "test-uploaded");
    assertThat(matrix.rows())
        .extracting(FleetPages.Row::modelId)
        .containsExactly("b-model", "a-model");
    FleetPages.Row failing = matrix.rows().get(0);
    assertThat(failing.failed()).isEqualTo(2);
    assertThat(failing.cells().get(0).link())
        .isEqualTo("/models/b-model/versions/1.0.0#item-creator-logged");
    assertThat(failing.cells().get(0).mark()).isEqualTo("✗");
    // a-model's checklist has no test-deployment item: an empty cell, not a link
    FleetPages.Cell missing = matrix.rows().get(1).cells().get(2);
    assertThat(missing.present()).isFalse();
    assertThat(missing.link()).isEmpty();
  }
}
