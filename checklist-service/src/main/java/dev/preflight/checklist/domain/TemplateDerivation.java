package dev.preflight.checklist.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How an admin derives a template from another: items added, removed or changed, the title and the
 * gate mode. Applying it yields a new template version and leaves the base untouched.
 *
 * @param id the new template's id; a new version of it if it exists
 * @param basedOn the base template version; empty for the latest version of {@code id}
 */
public record TemplateDerivation(
    String id,
    Optional<TemplateRef> basedOn,
    Optional<String> title,
    Optional<GateMode> gateMode,
    List<TemplateItem> add,
    List<String> remove,
    List<ItemChange> modify) {

  private static final Pattern ITEM_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /**
   * A change to one inherited item; absent fields stay as they were.
   *
   * @param manualOnly true turns off the automated check of the item
   */
  public record ItemChange(
      String itemId,
      Optional<String> text,
      Optional<Boolean> required,
      Optional<Boolean> manualOnly,
      Optional<Map<String, Object>> parameters) {}

  /** The derived template, or the reasons it cannot be derived. */
  public ChecklistTemplate applyTo(ChecklistTemplate base, int newVersion) {
    List<String> problems = new ArrayList<>();
    Map<String, TemplateItem> items = new HashMap<>();
    Map<String, Integer> order = new HashMap<>();
    int position = 0;
    for (TemplateItem item : base.items()) {
      items.put(item.id(), item);
      order.put(item.id(), position++);
    }
    Set<String> removed = new LinkedHashSet<>(remove);
    for (String itemId : removed) {
      if (items.remove(itemId) == null) {
        problems.add("remove: the base has no item '" + itemId + "'");
      }
    }
    for (ItemChange change : modify) {
      TemplateItem item = items.get(change.itemId());
      if (item == null) {
        problems.add(
            "modify: the base has no item '"
                + change.itemId()
                + "'"
                + (removed.contains(change.itemId()) ? " left" : ""));
        continue;
      }
      items.put(
          item.id(),
          new TemplateItem(
              item.id(),
              item.phase(),
              change.text().orElse(item.text()),
              item.newVersionsOnly(),
              change.manualOnly().orElse(item.manualOnly()),
              change.required().orElse(item.required()),
              change.parameters().orElse(item.parameters())));
    }
    for (TemplateItem item : add) {
      if (!ITEM_ID.matcher(item.id()).matches()) {
        problems.add(
            "add: '" + item.id() + "' is not an item id (lower-case letters, digits and '-')");
      } else if (items.containsKey(item.id())) {
        problems.add("add: the template has an item '" + item.id() + "' already");
      } else if (!item.phase().holdsItems()) {
        problems.add("add: items cannot belong to the " + item.phase() + " phase");
      } else {
        items.put(item.id(), item);
        order.put(item.id(), position++);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidTemplateException(problems);
    }
    List<TemplateItem> ordered =
        items.values().stream()
            .sorted(
                Comparator.<TemplateItem>comparingInt(item -> item.phase().ordinal())
                    .thenComparingInt(item -> order.get(item.id())))
            .toList();
    return new ChecklistTemplate(
        id,
        newVersion,
        title.orElse(base.title()),
        gateMode.orElse(base.gateMode()),
        ordered,
        Optional.of(base.ref()));
  }

  /** The derivation contradicts its base. */
  public static class InvalidTemplateException extends RuntimeException {
    private final List<String> problems;

    public InvalidTemplateException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }
}
