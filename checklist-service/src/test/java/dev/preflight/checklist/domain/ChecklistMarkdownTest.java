package dev.preflight.checklist.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.checklist.domain.ChecklistDocument.Entry;
import dev.preflight.checklist.domain.ChecklistDocument.Proof;
import dev.preflight.checklist.domain.ChecklistDocument.Section;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Markdown export against a golden file. To change the layout on purpose, run with {@code
 * -Dpreflight.golden.update=true} and review the diff of the golden file.
 */
class ChecklistMarkdownTest {

  private static final String GOLDEN = "/golden/checklist.md";
  private static final OffsetDateTime AT =
      OffsetDateTime.of(2026, 11, 28, 9, 30, 0, 0, ZoneOffset.UTC);

  @Test
  void theFilledChecklistIsRenderedLikeTheSeedWithEvidence() throws IOException {
    String rendered = ChecklistMarkdown.render(document());

    if (Boolean.getBoolean("preflight.golden.update")) {
      Files.writeString(Path.of("src/test/resources" + GOLDEN), rendered, StandardCharsets.UTF_8);
    }
    assertThat(rendered).isEqualTo(golden());
  }

  private static ChecklistDocument document() {
    Map<String, Entry> entries =
        Map.of(
            ItemIds.ASSETS_STORED,
            entry(
                ItemIds.ASSETS_STORED,
                ItemState.PASSED,
                false,
                proof(
                    "probe-service",
                    "3 of 3 assets reachable, digests match",
                    "{\"reachable\":3}",
                    "{\"reachable\":3}",
                    null)),
            ItemIds.CREATOR_LOGGED,
            entry(
                ItemIds.CREATOR_LOGGED,
                ItemState.FAILED,
                false,
                proof(
                    "probe-service",
                    "no contact is registered for the owner",
                    "{\"ownerEmail\":null}",
                    "{\"ownerEmail\":\"a deliverable address\"}",
                    null)),
            ItemIds.PRODUCTION_FORMAT,
            entry(
                ItemIds.PRODUCTION_FORMAT,
                ItemState.WAIVED,
                true,
                proof(
                    "avery", "shipped as a notebook until the Q1 platform move", null, null, null)),
            ItemIds.PARTICULARS_STORED,
            entry(
                ItemIds.PARTICULARS_STORED,
                ItemState.PASSED,
                true,
                proof(
                    "avery",
                    "data sheet reviewed with the data owners",
                    null,
                    null,
                    "https://wiki.acme.dev/fraud/data-sheet")),
            ItemIds.TEST_LATENCY_OK,
            entry(
                ItemIds.TEST_LATENCY_OK,
                ItemState.PENDING,
                false,
                proof(
                    "probe-service",
                    "could not verify: test endpoint timed out",
                    null,
                    null,
                    null)));
    List<Section> sections =
        Arrays.stream(Phase.values())
            .filter(Phase::holdsItems)
            .map(
                phase -> {
                  List<Entry> phaseEntries =
                      DefaultTemplate.TEMPLATE.itemsOf(phase).stream()
                          .map(item -> entries.getOrDefault(item.id(), pending(item)))
                          .toList();
                  return new Section(
                      phase,
                      ReadinessScore.of(
                          phaseEntries.stream()
                              .map(e -> new ReadinessScore.Item(e.state(), e.attested()))
                              .toList()),
                      phaseEntries);
                })
            .toList();
    return new ChecklistDocument(
        DefaultTemplate.TEMPLATE.title(),
        "Fraud detector",
        "fraud-detector",
        "1.0.0",
        DefaultTemplate.TEMPLATE.ref(),
        Phase.TEST_DEPLOYMENT,
        AT,
        sections);
  }

  private static Entry pending(TemplateItem item) {
    return new Entry(
        item.text(),
        item.newVersionsOnly() ? ItemState.NOT_APPLICABLE : ItemState.PENDING,
        item.newVersionsOnly(),
        false,
        Optional.empty());
  }

  private static Entry entry(String itemId, ItemState state, boolean attested, Proof proof) {
    TemplateItem item = DefaultTemplate.TEMPLATE.item(itemId).orElseThrow();
    return new Entry(item.text(), state, item.newVersionsOnly(), attested, Optional.of(proof));
  }

  private static Proof proof(
      String by, String summary, String measured, String expected, String link) {
    return new Proof(
        by,
        AT.minusHours(1),
        summary,
        Optional.ofNullable(measured),
        Optional.ofNullable(expected),
        Optional.ofNullable(link));
  }

  private static String golden() throws IOException {
    try (InputStream in = ChecklistMarkdownTest.class.getResourceAsStream(GOLDEN)) {
      return in == null
          ? "(no golden file)"
          : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
