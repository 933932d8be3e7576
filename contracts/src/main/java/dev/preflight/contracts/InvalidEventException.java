package dev.preflight.contracts;

import java.util.List;

/** A record is not a valid event of the contract; the reasons say why, field by field. */
public class InvalidEventException extends RuntimeException {
  private final List<String> reasons;

  public InvalidEventException(List<String> reasons) {
    super(String.join("; ", reasons));
    this.reasons = List.copyOf(reasons);
  }

  public InvalidEventException(String reason, Throwable cause) {
    super(reason, cause);
    this.reasons = List.of(reason);
  }

  public List<String> reasons() {
    return reasons;
  }
}
