package dev.preflight.contracts.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The state of one checklist item. */
public enum ItemState {
  PENDING("pending"),
  RUNNING("running"),
  PASSED("passed"),
  FAILED("failed"),
  WAIVED("waived"),
  NOT_APPLICABLE("not-applicable");

  private final String id;

  ItemState(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  /** Whether the item no longer blocks its phase. */
  public boolean isSatisfied() {
    return this == PASSED || this == WAIVED || this == NOT_APPLICABLE;
  }

  @JsonCreator
  public static ItemState of(String id) {
    return Arrays.stream(values())
        .filter(state -> state.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown item state: " + id));
  }

  @Override
  public String toString() {
    return id;
  }
}
