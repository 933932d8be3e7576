package dev.preflight.checklist.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import java.util.List;

/**
 * May a version enter an environment, and if not, what blocks it.
 *
 * @param blocking the required items that are not passed or waived yet
 */
public record GateDecision(String target, Verdict verdict, List<Blocker> blocking, String reason) {

  public GateDecision {
    blocking = List.copyOf(blocking);
  }

  /** The answer; {@code pending} may still become either of the others. */
  public enum Verdict {
    ALLOW("allow"),
    DENY("deny"),
    PENDING("pending");

    private final String id;

    Verdict(String id) {
      this.id = id;
    }

    @JsonValue
    public String id() {
      return id;
    }
  }

  /** One required item that keeps the gate closed. */
  public record Blocker(String itemId, Phase phase, ItemState state, String text) {}

  /** Allow and deny are final until something changes; pending is worth waiting for. */
  public boolean isFinal() {
    return verdict != Verdict.PENDING;
  }
}
