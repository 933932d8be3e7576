package dev.preflight.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChecklistSectionsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void failuresComeFirstWithinAPhaseAndEvidenceReadsAsFacts() throws Exception {
    JsonNode checklist =
        MAPPER.readTree(
            """
            {"phase": "after-training", "phases": [
              {"phase": "after-training", "status": "failed", "score": {"points": 1.5, "maxPoints": 4},
               "items": [
                 {"itemId": "a", "state": "passed", "required": true, "automated": true},
                 {"itemId": "b", "state": "pending", "required": true, "automated": false},
                 {"itemId": "c", "state": "failed", "required": true, "automated": true,
                  "evidence": {"summary": "no contact", "measured": {"ownerName": "Ada"}},
                  "updatedAt": "2026-12-02T05:00:01.123456Z", "updatedBy": "probe-service",
                  "history": [{"from": "running", "to": "failed", "at": "2026-12-02T05:00:01Z",
                               "by": "probe-service"}]},
                 {"itemId": "d", "state": "not-applicable", "required": false, "automated": true}]},
              {"phase": "test-deployment", "status": "not-started", "score": {"points": 0, "maxPoints": 0},
               "items": []}]}
            """);

    List<ChecklistSections.Section> sections = ChecklistSections.of(checklist);

    assertThat(sections).hasSize(2);
    ChecklistSections.Section first = sections.get(0);
    assertThat(first.current()).isTrue();
    assertThat(first.title()).isEqualTo("After model training");
    assertThat(first.score()).isEqualTo("1.5 / 4");
    assertThat(first.failed()).isEqualTo(1);
    assertThat(first.items())
        .extracting(ChecklistSections.Item::itemId)
        .containsExactly("c", "b", "a", "d");
    ChecklistSections.Item failed = first.items().get(0);
    assertThat(failed.evidence())
        .containsExactly(
            new Json2.Fact("summary", "no contact"),
            new Json2.Fact("measured", "{\"ownerName\":\"Ada\"}"));
    assertThat(failed.updatedAt()).isEqualTo("2026-12-02 05:00:01 UTC");
    assertThat(failed.history()).hasSize(1);
    assertThat(sections.get(1).score()).isEqualTo("—");
  }

  @Test
  void aProblemNamesItsFieldsAndAnUnreachableServiceSaysWhich() throws Exception {
    Reply refused =
        new Reply(
            Service.CHECKLIST,
            400,
            MAPPER.readTree(
                """
                {"title": "invalid request", "status": 400,
                 "errors": [{"field": "/evidenceUrl", "message": "required property"}]}
                """),
            Optional.empty(),
            Optional.empty());
    assertThat(refused.problem().errorOf("evidenceUrl")).contains("required property");
    assertThat(refused.problem().errorOf("comment")).isEmpty();

    Reply down = Reply.unreachable(Service.NOTIFIER, "it does not answer");
    assertThat(down.unavailable()).isTrue();
    assertThat(down.problem().title()).isEqualTo("notifier-service is unavailable");
    assertThat(down.problem().message())
        .isEqualTo("notifier-service is unavailable: it does not answer");
  }
}
