package dev.preflight.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Turns contract events into Kafka records in the CloudEvents Kafka binary binding ({@code ce_*}
 * headers, JSON data, key = model id) and back, validating data against its JSON Schema both ways.
 */
public final class EventCodec {

  private final ObjectMapper mapper;

  public EventCodec() {
    this(Json.mapper());
  }

  public EventCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * The event's data as JSON, validated against its schema.
   *
   * @throws InvalidEventException when the data breaks the contract: a producer bug, so fail loudly
   */
  public byte[] serializeData(Event<?> event) {
    JsonNode tree = mapper.valueToTree(event.data());
    List<String> violations = EventSchemas.validate(event.type(), tree);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(
          violations.stream().map(v -> event.type().ceType() + ": " + v).toList());
    }
    try {
      return mapper.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + event.type(), e);
    }
  }

  /** The event as a CloudEvent whose data is the given (already serialised) JSON. */
  public CloudEvent toCloudEvent(Event<?> event, byte[] data) {
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(event.id())
            .withType(event.type().ceType())
            .withSource(event.source())
            .withSubject(event.subject())
            .withTime(event.time())
            .withDataContentType(CloudEventAttributes.JSON)
            .withExtension(CloudEventAttributes.MODEL_ID, event.modelId())
            .withExtension(CloudEventAttributes.CORRELATION_ID, event.correlationId())
            .withData(data);
    event
        .modelVersion()
        .ifPresent(v -> builder.withExtension(CloudEventAttributes.MODEL_VERSION, v));
    return builder.build();
  }

  /** The Kafka record of an event, binary binding, keyed by model id. */
  public ProducerRecord<String, byte[]> toRecord(Event<?> event) {
    return toRecord(toCloudEvent(event, serializeData(event)), event.type().topic());
  }

  /** The Kafka record of a CloudEvent of the contract, binary binding, keyed by model id. */
  public static ProducerRecord<String, byte[]> toRecord(CloudEvent cloudEvent, String topic) {
    String key = String.valueOf(cloudEvent.getExtension(CloudEventAttributes.MODEL_ID));
    return KafkaMessageFactory.<String>createWriter(topic, key).writeBinary(cloudEvent);
  }

  /**
   * Reads a Kafka record as a CloudEvent of the contract (envelope only; read the data with {@link
   * #data}).
   *
   * @throws InvalidEventException when it is not a CloudEvent or lacks a required attribute
   */
  public IncomingEvent read(Headers headers, byte[] value) {
    CloudEvent cloudEvent;
    try {
      MessageReader reader = KafkaMessageFactory.createReader(headers, value);
      cloudEvent = reader.toEvent();
    } catch (CloudEventRWException | IllegalStateException e) {
      throw new InvalidEventException("not a CloudEvent: " + e.getMessage(), e);
    }
    return fromCloudEvent(cloudEvent);
  }

  /** Checks a CloudEvent's envelope against the contract. */
  public IncomingEvent fromCloudEvent(CloudEvent cloudEvent) {
    List<String> missing = new ArrayList<>();
    Optional<String> modelId = extension(cloudEvent, CloudEventAttributes.MODEL_ID);
    Optional<String> correlationId = extension(cloudEvent, CloudEventAttributes.CORRELATION_ID);
    if (modelId.isEmpty()) {
      missing.add("extension attribute '" + CloudEventAttributes.MODEL_ID + "' is required");
    }
    if (correlationId.isEmpty()) {
      missing.add("extension attribute '" + CloudEventAttributes.CORRELATION_ID + "' is required");
    }
    if (cloudEvent.getData() == null) {
      missing.add("data is required");
    }
    if (!missing.isEmpty()) {
      throw new InvalidEventException(missing);
    }
    return new IncomingEvent(
        cloudEvent.getId(),
        cloudEvent.getType(),
        cloudEvent.getSource(),
        Optional.ofNullable(cloudEvent.getSubject()),
        Optional.ofNullable(cloudEvent.getTime()),
        modelId.get(),
        extension(cloudEvent, CloudEventAttributes.MODEL_VERSION),
        correlationId.get(),
        cloudEvent.getData().toBytes());
  }

  /**
   * The data of an incoming event as its contract record, after validating it against the schema of
   * its type.
   *
   * @throws InvalidEventException when the data is not JSON, breaks the schema, or does not bind
   */
  public <T> Event<T> data(IncomingEvent incoming, EventType type, Class<T> dataType) {
    JsonNode tree;
    try {
      tree = mapper.readTree(incoming.data());
    } catch (IOException e) {
      throw new InvalidEventException("data is not JSON: " + e.getMessage(), e);
    }
    List<String> violations = EventSchemas.validate(type, tree);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(violations);
    }
    T data;
    try {
      data = mapper.treeToValue(tree, dataType);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidEventException(
          "data does not bind to " + dataType.getSimpleName() + ": " + e.getMessage(), e);
    }
    return new Event<>(
        incoming.id(),
        type,
        incoming.source(),
        incoming.time().orElse(OffsetDateTime.now()),
        incoming.modelId(),
        incoming.modelVersion(),
        incoming.correlationId(),
        data);
  }

  private static Optional<String> extension(CloudEvent event, String name) {
    return Optional.ofNullable(event.getExtension(name))
        .map(Object::toString)
        .filter(value -> !value.isBlank());
  }

  /** A CloudEvent of the contract as read from the wire, data not yet parsed. */
  public record IncomingEvent(
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
}
