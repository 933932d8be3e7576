package dev.preflight.checklist.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.preflight.contracts.model.ItemState;
import java.util.Collection;

/** Where a phase stands, from the states of its required items. */
public enum PhaseStatus {
  NOT_STARTED("not-started"),
  IN_PROGRESS("in-progress"),
  FAILED("failed"),
  COMPLETE("complete");

  private final String id;

  PhaseStatus(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  /**
   * Complete when every required item is passed, waived or not applicable; failed when one is
   * failed; not started when the version has not reached the phase.
   */
  public static PhaseStatus of(boolean reached, Collection<ItemState> requiredStates) {
    if (!reached) {
      return NOT_STARTED;
    }
    if (requiredStates.stream().allMatch(ItemState::isSatisfied)) {
      return COMPLETE;
    }
    if (requiredStates.contains(ItemState.FAILED)) {
      return FAILED;
    }
    return IN_PROGRESS;
  }
}
