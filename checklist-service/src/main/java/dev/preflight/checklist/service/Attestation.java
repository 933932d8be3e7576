package dev.preflight.checklist.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.util.Optional;

/**
 * An approver's word on an item (body of {@code POST …/items/{itemId}/attestations}).
 *
 * @param evidenceUrl where the evidence is; required to pass
 * @param comment why; required
 */
public record Attestation(Decision decision, Optional<URI> evidenceUrl, String comment) {

  public enum Decision {
    PASS("pass"),
    WAIVE("waive");

    private final String id;

    Decision(String id) {
      this.id = id;
    }

    @JsonValue
    public String id() {
      return id;
    }

    @JsonCreator
    public static Decision of(String id) {
      return PASS.id.equals(id) ? PASS : WAIVE;
    }
  }
}
