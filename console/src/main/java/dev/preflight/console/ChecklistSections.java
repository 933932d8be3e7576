package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.console.Json2.Fact;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A version's checklist as the version page lays it out: by phase as the seed checklist does,
 * failures first within a phase, each item with its evidence and history.
 */
final class ChecklistSections {

  private static final Map<String, String> PHASE_TITLES =
      Map.of(
          "after-training", "After model training",
          "test-deployment", "While the model is deployed to the test environment",
          "prod-deployment", "While the model is deployed to the prod environment",
          "in-production", "After the model is deployed to prod");

  private ChecklistSections() {}

  /**
   * A phase of the checklist: its items, how many failed, and whether it is {@code rerunnable} (the
   * version entered the phase and it has checks the probe runs). Both counted once, since the page
   * asks for each per item.
   */
  public record Section(
      String phase,
      String title,
      String status,
      String score,
      boolean current,
      List<Item> items,
      long failed,
      boolean rerunnable) {

    static Section of(
        String phase,
        String title,
        String status,
        String score,
        boolean current,
        List<Item> items) {
      return new Section(
          phase,
          title,
          status,
          score,
          current,
          items,
          items.stream().filter(i -> i.state().equals("failed")).count(),
          !status.equals("not-started") && items.stream().anyMatch(Item::automated));
    }
  }

  /** An item with what shows it. */
  public record Item(
      String itemId,
      String text,
      String state,
      boolean required,
      boolean automated,
      boolean attested,
      List<Fact> evidence,
      String updatedAt,
      String updatedBy,
      List<Change> history) {

    /** Passed, failed, …: the state as a person reads it. */
    public String stateLabel() {
      return state.replace('-', ' ');
    }

    /** How the item is verified. */
    public String how() {
      return automated ? "verified automatically" : "attested by an approver";
    }

    /** Whether an approver's word could still change it. */
    public boolean attestable() {
      return !state.equals("passed") && !state.equals("not-applicable");
    }
  }

  /** One change of an item's state. */
  public record Change(String from, String to, String at, String by, String cause) {}

  static String phaseTitle(String phase) {
    return PHASE_TITLES.getOrDefault(phase, phase);
  }

  static List<Section> of(JsonNode checklist) {
    String current = Json2.text(checklist, "phase");
    List<Section> sections = new ArrayList<>();
    for (JsonNode phase : checklist.path("phases")) {
      List<Item> items = new ArrayList<>();
      for (JsonNode item : phase.path("items")) {
        items.add(item(item));
      }
      items.sort(Comparator.comparingInt(i -> rank(i.state())));
      JsonNode score = phase.path("score");
      sections.add(
          Section.of(
              Json2.text(phase, "phase"),
              phaseTitle(Json2.text(phase, "phase")),
              Json2.text(phase, "status"),
              score(score),
              Json2.text(phase, "phase").equals(current),
              items));
    }
    return sections;
  }

  /**
   * Each entered phase's readiness score over time (per cent of its points), as the checklist
   * recorded it after every change.
   */
  static Charts.Chart readiness(JsonNode checklist) {
    List<Charts.Series> series = new ArrayList<>();
    String[] css = {"s1", "s2", "s3", "s4"};
    for (JsonNode phase : checklist.path("phases")) {
      List<Charts.Point> points = new ArrayList<>();
      for (JsonNode score : phase.path("scoreHistory")) {
        int max = score.path("maxPoints").asInt();
        points.add(
            new Charts.Point(
                OffsetDateTime.parse(score.path("at").asText()).toInstant(),
                max == 0 ? null : 100 * score.path("points").asDouble() / max));
      }
      if (!points.isEmpty()) {
        series.add(
            new Charts.Series(Json2.text(phase, "phase"), css[series.size() % css.length], points));
      }
    }
    return Charts.line("readiness", "Readiness score over time", "%", series, Optional.empty());
  }

  static String score(JsonNode score) {
    if (!score.has("maxPoints") || score.path("maxPoints").asInt() == 0) {
      return "—";
    }
    double points = score.path("points").asDouble();
    String shown =
        points == Math.rint(points) ? String.valueOf((long) points) : String.valueOf(points);
    return shown + " / " + score.path("maxPoints").asInt();
  }

  private static Item item(JsonNode item) {
    List<Change> history = new ArrayList<>();
    for (JsonNode change : item.path("history")) {
      history.add(
          new Change(
              Json2.text(change, "from"),
              Json2.text(change, "to"),
              Json2.time(Json2.text(change, "at")),
              Json2.text(change, "by"),
              Json2.text(change, "cause")));
    }
    return new Item(
        Json2.text(item, "itemId"),
        Json2.text(item, "text"),
        Json2.text(item, "state"),
        item.path("required").asBoolean(),
        item.path("automated").asBoolean(),
        item.path("attested").asBoolean(),
        Json2.facts(item.path("evidence")),
        Json2.time(Json2.text(item, "updatedAt")),
        Json2.text(item, "updatedBy"),
        history);
  }

  /** Failures first, then what is still open, then what is done. */
  private static int rank(String state) {
    return switch (state) {
      case "failed" -> 0;
      case "pending", "running" -> 1;
      case "passed", "waived" -> 2;
      default -> 3;
    };
  }
}
