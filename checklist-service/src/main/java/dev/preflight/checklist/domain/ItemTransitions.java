package dev.preflight.checklist.domain;

import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.ItemState;
import java.util.Optional;

/** How automated check results move a checklist item. */
public final class ItemTransitions {

  private ItemTransitions() {}

  /**
   * The state an item moves to when a check reports, or empty when the report does not change it: a
   * person's decision (an attestation or a waiver) and a not-applicable item stand whatever a probe
   * observes.
   *
   * <p>A check that could not verify ({@code error}) leaves the item pending, with the error as
   * evidence: nothing was verified wrong, and nothing was verified right.
   */
  public static Optional<ItemState> onCheck(
      ItemState current, boolean attested, CheckStatus status) {
    if (attested || current == ItemState.WAIVED || current == ItemState.NOT_APPLICABLE) {
      return Optional.empty();
    }
    return Optional.of(
        switch (status) {
          case PASSED -> ItemState.PASSED;
          case FAILED -> ItemState.FAILED;
          case ERROR -> ItemState.PENDING;
        });
  }

  /** The state an item moves to when a probe run starts verifying it. */
  public static Optional<ItemState> onRunStarted(ItemState current, boolean attested) {
    return !attested && (current == ItemState.PENDING || current == ItemState.FAILED)
        ? Optional.of(ItemState.RUNNING)
        : Optional.empty();
  }
}
