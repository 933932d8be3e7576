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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
   * The event with its data serialised, after validating the data against its schema.
   *
   * @throws InvalidEventException when the data breaks the contract: a producer bug, so fail loudly
   */
  public RawEvent encode(Event<?> event) {
    return new RawEvent(
        event.id(),
        event.type().ceType(),
        event.source(),
        Optional.of(event.subject()),
        Optional.of(event.time()),
        event.modelId(),
        event.modelVersion(),
        event.correlationId(),
        serializeData(event));
  }

  /** The event's data as JSON, validated against its schema. */
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

  /** The Kafka record of an event: binary binding, keyed by model id, on its type's topic. */
  public ProducerRecord<String, byte[]> toRecord(Event<?> event) {
    return toRecord(encode(event), event.type().topic());
  }

  /** The Kafka record of an encoded event: binary binding, keyed by model id. */
  public ProducerRecord<String, byte[]> toRecord(RawEvent event, String topic) {
    return KafkaMessageFactory.<String>createWriter(topic, event.modelId())
        .writeBinary(toCloudEvent(event));
  }

  /** The encoded event as a CloudEvent (SDK type), e.g. for the HTTP binding. */
  public CloudEvent toCloudEvent(RawEvent event) {
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(event.id())
            .withType(event.ceType())
            .withSource(event.source())
            .withDataContentType(CloudEventAttributes.JSON)
            .withExtension(CloudEventAttributes.MODEL_ID, event.modelId())
            .withExtension(CloudEventAttributes.CORRELATION_ID, event.correlationId())
            .withData(event.data());
    event.subject().ifPresent(builder::withSubject);
    event.time().ifPresent(builder::withTime);
    event
        .modelVersion()
        .ifPresent(v -> builder.withExtension(CloudEventAttributes.MODEL_VERSION, v));
    return builder.build();
  }

  /**
   * Reads a Kafka record as a CloudEvent of the contract (envelope only; decode the data with
   * {@link #decode}).
   *
   * @throws InvalidEventException when it is not a CloudEvent or lacks a required attribute
   */
  public RawEvent read(Headers headers, byte[] value) {
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
  public RawEvent fromCloudEvent(CloudEvent cloudEvent) {
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
    return new RawEvent(
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
   * The event with its data as the contract record, after validating the data against the schema of
   * its type.
   *
   * @throws InvalidEventException when the data is not JSON, breaks the schema, or does not bind
   */
  public <T> Event<T> decode(RawEvent raw, EventType type, Class<T> dataType) {
    JsonNode tree;
    try {
      tree = mapper.readTree(raw.data());
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
        raw.id(),
        type,
        raw.source(),
        raw.time().orElseGet(() -> OffsetDateTime.now(ZoneOffset.UTC)),
        raw.modelId(),
        raw.modelVersion(),
        raw.correlationId(),
        data);
  }

  /** Decodes an event whose type the caller has checked; the data type is the type's record. */
  @SuppressWarnings("unchecked")
  public <T> Event<T> decode(RawEvent raw, EventType type) {
    return decode(raw, type, (Class<T>) type.dataType());
  }

  private static Optional<String> extension(CloudEvent event, String name) {
    return Optional.ofNullable(event.getExtension(name))
        .map(Object::toString)
        .filter(value -> !value.isBlank());
  }
}
