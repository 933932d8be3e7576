package dev.preflight.checklist.domain;

import dev.preflight.contracts.model.Phase;
import java.util.Map;

/**
 * One item of a checklist template.
 *
 * @param id stable id, e.g. {@code creator-logged}
 * @param newVersionsOnly applies only when the version replaces a previous one
 * @param manualOnly no machine verifies it: only an approver's attestation passes it
 * @param required it must be passed or waived for its phase to complete
 * @param parameters settings of the item's check, e.g. a tolerance or a concurrency
 */
public record TemplateItem(
    String id,
    Phase phase,
    String text,
    boolean newVersionsOnly,
    boolean manualOnly,
    boolean required,
    Map<String, Object> parameters) {

  public TemplateItem {
    parameters = Map.copyOf(parameters);
  }

  /** Whether the probes verify it. */
  public boolean automated() {
    return !manualOnly;
  }
}
