package dev.preflight.contracts;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A CloudEvent of the contract with its data as JSON bytes: what travels on the wire and what an
 * outbox stores. {@link EventCodec} turns it into a typed {@link Event} and back.
 */
public record RawEvent(
    String id,
    String ceType,
    URI source,
    Optional<String> subject,
    Optional<OffsetDateTime> time,
    String modelId,
    Optional<String> modelVersion,
    String correlationId,
    byte[] data) {

  /** The contract type, or empty for a type this version of the contract does not know. */
  public Optional<EventType> type() {
    return EventType.fromCeType(ceType);
  }
}
