package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Gate decisions as pages show them. */
final class Gates {

  static final List<String> TARGETS = List.of("test", "prod");

  private Gates() {}

  /** The decision for one target: allow, deny, pending, or unknown when it could not be read. */
  public record Gate(String target, String decision, String reason, List<Blocker> blocking) {

    static Gate unknown(String target, String why) {
      return new Gate(target, "unknown", why, List.of());
    }
  }

  public record Blocker(String itemId, String phase, String state, String text) {}

  static Gate of(String target, Reply reply) {
    if (!reply.ok()) {
      return Gate.unknown(target, reply.problem().message());
    }
    return of(target, reply.body());
  }

  /**
   * The decisions a checklist read carries when asked for them ({@code
   * …/checklist?gates=test,prod}), in the order of {@link #TARGETS}; unknown where one is missing.
   */
  static List<Gate> within(JsonNode checklist) {
    List<Gate> gates = new ArrayList<>();
    for (String target : TARGETS) {
      JsonNode found = null;
      for (JsonNode gate : checklist.path("gates")) {
        if (Json2.text(gate, "target").equals(target)) {
          found = gate;
        }
      }
      gates.add(found == null ? Gate.unknown(target, "not decided") : of(target, found));
    }
    return gates;
  }

  /** The query that asks a checklist read for the decisions of {@link #TARGETS}. */
  static final String WITHIN = "?gates=" + String.join(",", TARGETS);

  private static Gate of(String target, JsonNode body) {
    List<Blocker> blocking = new ArrayList<>();
    for (JsonNode blocker : body.path("blocking")) {
      blocking.add(
          new Blocker(
              Json2.text(blocker, "itemId"),
              Json2.text(blocker, "phase"),
              Json2.text(blocker, "state"),
              Json2.text(blocker, "text")));
    }
    return new Gate(target, Json2.text(body, "decision"), Json2.text(body, "reason"), blocking);
  }

  static String path(String modelId, String version, String target) {
    return "/api/v1/models/"
        + Json2.segment(modelId)
        + "/versions/"
        + Json2.segment(version)
        + "/gate?target="
        + target;
  }
}
