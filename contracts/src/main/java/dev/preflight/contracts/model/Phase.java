package dev.preflight.contracts.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The phases of a model version's life, in order. */
public enum Phase {
  AFTER_TRAINING("after-training"),
  TEST_DEPLOYMENT("test-deployment"),
  PROD_DEPLOYMENT("prod-deployment"),
  IN_PRODUCTION("in-production"),
  /** Its successor was promoted in production: its live items no longer count. */
  REPLACED("replaced"),
  RETIRED("retired");

  private final String id;

  Phase(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  /** Whether checklist items belong to the phase (replaced and retired have none). */
  public boolean holdsItems() {
    return this != REPLACED && this != RETIRED;
  }

  public static Optional<Phase> find(String id) {
    return Arrays.stream(values()).filter(phase -> phase.id.equals(id)).findFirst();
  }

  @JsonCreator
  public static Phase of(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("unknown phase: " + id));
  }

  @Override
  public String toString() {
    return id;
  }
}
