package dev.preflight.contracts.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The outcome of one automated check. */
public enum CheckStatus {
  /** Verified right. */
  PASSED("passed"),
  /** Verified wrong. */
  FAILED("failed"),
  /** Could not be verified: endpoint down, timeout, unreadable data. */
  ERROR("error");

  private final String id;

  CheckStatus(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static CheckStatus of(String id) {
    return Arrays.stream(values())
        .filter(status -> status.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown check status: " + id));
  }

  @Override
  public String toString() {
    return id;
  }
}
