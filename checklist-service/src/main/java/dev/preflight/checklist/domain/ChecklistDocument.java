package dev.preflight.checklist.domain;

import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** A filled checklist as a document ships it: what the Markdown export renders. */
public record ChecklistDocument(
    String title,
    String modelName,
    String modelId,
    String version,
    TemplateRef template,
    Phase phase,
    OffsetDateTime exportedAt,
    List<Section> sections) {

  /** One phase of the checklist. */
  public record Section(Phase phase, ReadinessScore score, List<Entry> entries) {}

  /**
   * One item.
   *
   * @param attested a person passed or waived it
   */
  public record Entry(
      String text,
      ItemState state,
      boolean newVersionsOnly,
      boolean attested,
      Optional<Proof> proof) {}

  /**
   * What the item's state rests on.
   *
   * @param by the probe or the person
   * @param measured and expected as compact JSON, for automated results
   */
  public record Proof(
      String by,
      OffsetDateTime at,
      String summary,
      Optional<String> measured,
      Optional<String> expected,
      Optional<String> link) {}
}
