package dev.preflight.checklist.ingress;

import dev.preflight.contracts.CloudEventAttributes;
import dev.preflight.contracts.EventType;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.Problem;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A pipeline's action as a CloudEvent, whichever way it came (HTTP binary, structured or batch
 * mode, or Kafka): what it is, which model version it is about, and its data, the body of the
 * matching REST call.
 *
 * @param id with {@code source}, identifies the event; the same event again applies nothing
 * @param type the contract type; empty when the event's {@code type} is not a pipeline action
 * @param correlationId the {@code correlationid} extension, or the id when it has none: every event
 *     the action causes carries it
 */
public record PipelineEvent(
    String id,
    String source,
    String ceType,
    Optional<EventType> type,
    Optional<String> modelId,
    Optional<String> modelVersion,
    String correlationId,
    Optional<String> dataContentType,
    byte[] data) {

  /** The event types a pipeline may send. */
  public static final List<EventType> TYPES =
      List.of(
          EventType.PIPELINE_VERSION_SUBMITTED,
          EventType.PIPELINE_DEPLOYMENT_REPORTED,
          EventType.PIPELINE_RETIREMENT_REPORTED);

  static final int MAX_ID_LENGTH = 200;
  static final int MAX_SOURCE_LENGTH = 200;

  public static PipelineEvent of(CloudEvent event) {
    String id = event.getId();
    return new PipelineEvent(
        id,
        event.getSource() == null ? "" : event.getSource().toString(),
        event.getType(),
        EventType.fromCeType(event.getType()).filter(TYPES::contains),
        extension(event, CloudEventAttributes.MODEL_ID),
        extension(event, CloudEventAttributes.MODEL_VERSION),
        extension(event, CloudEventAttributes.CORRELATION_ID).orElse(id),
        Optional.ofNullable(event.getDataContentType()),
        event.getData() == null ? new byte[0] : event.getData().toBytes());
  }

  /**
   * What can be told of input that is not a CloudEvent, for reporting its rejection: the id, source
   * and type where they were given.
   */
  public static PipelineEvent unreadable(
      Optional<String> id, Optional<String> source, Optional<String> type) {
    String eventId = clip(id.orElse(""));
    return new PipelineEvent(
        eventId,
        clip(source.orElse("")),
        clip(type.orElse("")),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        eventId.isEmpty() ? java.util.UUID.randomUUID().toString() : eventId,
        Optional.empty(),
        new byte[0]);
  }

  /**
   * Checks what the envelope must carry for the action: a pipeline type, the model id, the version
   * for deployments and retirements, JSON data.
   *
   * @throws InvalidRequestException naming each attribute that is wrong
   */
  void requireValidEnvelope() {
    List<Problem.FieldError> errors = new ArrayList<>();
    if (id.length() > MAX_ID_LENGTH) {
      errors.add(new Problem.FieldError("id", "at most " + MAX_ID_LENGTH + " characters"));
    }
    if (source.length() > MAX_SOURCE_LENGTH) {
      errors.add(new Problem.FieldError("source", "at most " + MAX_SOURCE_LENGTH + " characters"));
    }
    if (correlationId.length() > MAX_ID_LENGTH) {
      errors.add(
          new Problem.FieldError(
              CloudEventAttributes.CORRELATION_ID, "at most " + MAX_ID_LENGTH + " characters"));
    }
    if (type.isEmpty()) {
      errors.add(
          new Problem.FieldError(
              "type",
              "'"
                  + ceType
                  + "' is not a pipeline event; expected one of "
                  + TYPES.stream().map(EventType::ceType).collect(Collectors.joining(", "))));
    }
    if (modelId.isEmpty()) {
      errors.add(
          new Problem.FieldError(
              CloudEventAttributes.MODEL_ID, "the model id extension attribute is required"));
    }
    if (modelVersion.isEmpty()
        && type.isPresent()
        && type.get() != EventType.PIPELINE_VERSION_SUBMITTED) {
      errors.add(
          new Problem.FieldError(
              CloudEventAttributes.MODEL_VERSION,
              "the version extension attribute is required for " + ceType));
    }
    if (dataContentType.isPresent() && !isJson(dataContentType.get())) {
      errors.add(
          new Problem.FieldError(
              "datacontenttype",
              "'"
                  + dataContentType.get()
                  + "' is not supported; the data must be application/json"));
    }
    if (data.length == 0 && type.orElse(null) != EventType.PIPELINE_RETIREMENT_REPORTED) {
      errors.add(new Problem.FieldError("data", "the data (the REST call's body) is required"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException("the event's attributes are invalid", errors);
    }
  }

  /**
   * SHA-256 over what the event asks for, to tell a redelivery from another event with its id.
   *
   * @param canonicalData the data as canonical JSON text, so that encodings of one event agree
   */
  String fingerprint(String canonicalData) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part :
          List.of(ceType, modelId.orElse(""), modelVersion.orElse(""), canonicalData)) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static String clip(String value) {
    return value.length() <= MAX_ID_LENGTH ? value : value.substring(0, MAX_ID_LENGTH) + "…";
  }

  static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static Optional<String> extension(CloudEvent event, String name) {
    return Optional.ofNullable(event.getExtension(name))
        .map(Object::toString)
        .filter(value -> !value.isBlank());
  }

  @Override
  public String toString() {
    return ceType + " " + id + " from " + source;
  }
}
