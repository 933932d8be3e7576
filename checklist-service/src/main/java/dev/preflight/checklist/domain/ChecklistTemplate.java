package dev.preflight.checklist.domain;

import dev.preflight.contracts.model.Phase;
import java.util.List;
import java.util.Optional;

/** A versioned list of checklist items; a checklist keeps the template version it came from. */
public record ChecklistTemplate(String id, int version, String title, List<TemplateItem> items) {

  public ChecklistTemplate {
    items = List.copyOf(items);
  }

  public List<TemplateItem> itemsOf(Phase phase) {
    return items.stream().filter(item -> item.phase() == phase).toList();
  }

  public Optional<TemplateItem> item(String id) {
    return items.stream().filter(item -> item.id().equals(id)).findFirst();
  }
}
