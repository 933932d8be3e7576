package dev.preflight.contracts;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A CloudEvent of the contract with its data as a Java record. Every event carries the model id,
 * the version (absent only for model-level events) and a correlation id; the subject is {@code
 * models/{modelId}/versions/{version}}. The Kafka record key is the model id.
 *
 * @param id unique, and stable across redelivery: consumers are idempotent on it
 */
public record Event<T>(
    String id,
    EventType type,
    URI source,
    OffsetDateTime time,
    String modelId,
    Optional<String> modelVersion,
    String correlationId,
    T data) {

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(data, "data");
    if (!type.dataType().isInstance(data)) {
      throw new IllegalArgumentException(
          type.ceType()
              + " carries "
              + type.dataType().getSimpleName()
              + ", not "
              + data.getClass());
    }
  }

  /** A new event about a model version, with a fresh id. */
  public static <T> Event<T> of(
      EventType type, URI source, String modelId, String version, String correlationId, T data) {
    return new Event<>(
        UUID.randomUUID().toString(),
        type,
        source,
        OffsetDateTime.now(ZoneOffset.UTC),
        modelId,
        Optional.of(version),
        correlationId,
        data);
  }

  /** A new event about a model as a whole, with a fresh id. */
  public static <T> Event<T> ofModel(
      EventType type, URI source, String modelId, String correlationId, T data) {
    return new Event<>(
        UUID.randomUUID().toString(),
        type,
        source,
        OffsetDateTime.now(ZoneOffset.UTC),
        modelId,
        Optional.empty(),
        correlationId,
        data);
  }

  /** The same event with another id, for ids derived from the event that caused this one. */
  public Event<T> withId(String newId) {
    return new Event<>(newId, type, source, time, modelId, modelVersion, correlationId, data);
  }

  public String subject() {
    return subject(modelId, modelVersion);
  }

  public static String subject(String modelId, Optional<String> version) {
    return version.map(v -> "models/" + modelId + "/versions/" + v).orElse("models/" + modelId);
  }

  /** The id of an event derived deterministically from another, e.g. a check from its trigger. */
  public static String derivedId(String causeId, String discriminator) {
    return UUID.nameUUIDFromBytes(
            (causeId + "/" + discriminator).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }
}
