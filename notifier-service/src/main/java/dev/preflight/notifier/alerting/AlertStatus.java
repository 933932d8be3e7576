package dev.preflight.notifier.alerting;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an alert is firing or resolved. */
public enum AlertStatus {
  FIRING("firing"),
  RESOLVED("resolved");

  private final String id;

  AlertStatus(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public static AlertStatus of(String id) {
    return FIRING.id.equals(id) ? FIRING : RESOLVED;
  }
}
