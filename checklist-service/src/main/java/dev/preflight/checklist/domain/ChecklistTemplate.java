package dev.preflight.checklist.domain;

import dev.preflight.contracts.model.Phase;
import java.util.List;
import java.util.Optional;

/**
 * A versioned list of checklist items and the gate mode of its checklists. Versions are immutable:
 * a checklist keeps the template version it was created from.
 *
 * @param derivedFrom the template version this one was derived from
 */
public record ChecklistTemplate(
    String id,
    int version,
    String title,
    GateMode gateMode,
    List<TemplateItem> items,
    Optional<TemplateRef> derivedFrom) {

  public ChecklistTemplate {
    items = List.copyOf(items);
  }

  public TemplateRef ref() {
    return new TemplateRef(id, version);
  }

  public List<TemplateItem> itemsOf(Phase phase) {
    return items.stream().filter(item -> item.phase() == phase).toList();
  }

  public Optional<TemplateItem> item(String id) {
    return items.stream().filter(item -> item.id().equals(id)).findFirst();
  }
}
