package dev.preflight.checklist.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * What a template's gate does when a version enters production before its test phase is complete.
 */
public enum GateMode {
  /** Refuse the production deployment (409 with the blocking items). */
  ENFORCE("enforce"),
  /** Allow it, and record in the audit log which items were still blocking. */
  ADVISE("advise");

  private final String id;

  GateMode(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static GateMode of(String id) {
    return Arrays.stream(values())
        .filter(mode -> mode.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown gate mode: " + id));
  }
}
