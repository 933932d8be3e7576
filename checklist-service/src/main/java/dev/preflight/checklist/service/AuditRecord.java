package dev.preflight.checklist.service;

import dev.preflight.contracts.model.ItemState;
import java.util.Optional;

/**
 * One thing that happened, for the audit log.
 *
 * @param action e.g. {@code item-changed}, {@code attested}, {@code deployed}
 * @param evidence what the change rests on; serialised to JSON
 * @param cause the event or request behind it
 */
public record AuditRecord(
    String action,
    String actor,
    Optional<String> team,
    Optional<String> modelId,
    Optional<String> version,
    Optional<String> itemId,
    Optional<ItemState> from,
    Optional<ItemState> to,
    Optional<Object> evidence,
    Optional<String> detail,
    Optional<String> cause) {

  /** Something that happened to a version as a whole. */
  public static AuditRecord ofVersion(
      String action, String actor, String team, String modelId, String version, String detail) {
    return new AuditRecord(
        action,
        actor,
        Optional.of(team),
        Optional.of(modelId),
        Optional.of(version),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(detail),
        Optional.empty());
  }
}
