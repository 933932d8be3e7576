package dev.preflight.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventContractTest {

  private final EventCodec codec = new EventCodec();

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyEventTypeSerialisesToDataValidAgainstItsSchema(EventType type) throws Exception {
    Event<Object> event = Examples.eventOf(type);

    byte[] data = codec.serializeData(event);

    JsonNode tree = Json.mapper().readTree(data);
    assertThat(EventSchemas.validate(type, tree)).isEmpty();
    assertThat(tree.toString()).doesNotContain("null");
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyEventTypeRoundTripsThroughTheKafkaBinaryBinding(EventType type) {
    Event<Object> event = Examples.eventOf(type);

    ProducerRecord<String, byte[]> record = codec.toRecord(event);
    RawEvent incoming = codec.read(record.headers(), record.value());
    @SuppressWarnings("unchecked")
    Event<Object> read = codec.decode(incoming, type, (Class<Object>) type.dataType());

    assertThat(record.topic()).isEqualTo(type.topic());
    assertThat(record.key()).isEqualTo(Examples.MODEL);
    assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(record, "ce_type")).isEqualTo("dev.preflight." + type.eventName());
    assertThat(header(record, "ce_subject")).isEqualTo("models/fraud-detector/versions/1.4.0");
    assertThat(header(record, "ce_modelid")).isEqualTo("fraud-detector");
    assertThat(header(record, "ce_modelversion")).isEqualTo("1.4.0");
    assertThat(header(record, "ce_correlationid")).isEqualTo("corr-1");
    assertThat(header(record, "content-type")).isEqualTo("application/json");
    assertThat(read.id()).isEqualTo(event.id());
    assertThat(read.type()).isEqualTo(type);
    assertThat(read.modelVersion()).contains("1.4.0");
    assertThat(read.data()).isEqualTo(event.data());
  }

  @Test
  void aModelLevelEventHasNoVersionAndAModelSubject() {
    Event<Object> event =
        Event.ofModel(
            EventType.MODEL_REGISTERED,
            java.net.URI.create("/preflight/test"),
            Examples.MODEL,
            "corr-1",
            Examples.dataOf(EventType.MODEL_REGISTERED));

    ProducerRecord<String, byte[]> record = codec.toRecord(event);

    assertThat(header(record, "ce_subject")).isEqualTo("models/fraud-detector");
    assertThat(record.headers().lastHeader("ce_modelversion")).isNull();
  }

  @Test
  void aRecordWithoutCloudEventHeadersIsRejectedWithAReason() {
    byte[] garbage = "not json {".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> codec.read(new RecordHeaders(), garbage))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("not a CloudEvent");
  }

  @Test
  void anEventWithoutTheModelIdExtensionIsRejected() {
    ProducerRecord<String, byte[]> record =
        codec.toRecord(Examples.eventOf(EventType.PHASE_COMPLETED));
    record.headers().remove("ce_modelid");

    assertThatThrownBy(() -> codec.read(record.headers(), record.value()))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("modelid");
  }

  @Test
  void dataBreakingTheSchemaIsRejectedNamingTheField() throws Exception {
    ProducerRecord<String, byte[]> record =
        codec.toRecord(Examples.eventOf(EventType.CHECK_COMPLETED));
    ObjectNode data = (ObjectNode) Json.mapper().readTree(record.value());
    data.put("status", "maybe");
    data.remove("itemId");
    RawEvent incoming = codec.read(record.headers(), Json.mapper().writeValueAsBytes(data));

    assertThatThrownBy(() -> codec.decode(incoming, EventType.CHECK_COMPLETED, Object.class))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("status")
        .hasMessageContaining("itemId");
  }

  @Test
  void dataThatIsNotJsonIsRejected() {
    ProducerRecord<String, byte[]> record =
        codec.toRecord(Examples.eventOf(EventType.PHASE_COMPLETED));
    RawEvent incoming = codec.read(record.headers(), "{oops".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> codec.decode(incoming, EventType.PHASE_COMPLETED, Object.class))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void aProducerCannotSerialiseDataThatBreaksTheSchema() {
    Event<Object> event =
        Event.of(
            EventType.PHASE_COMPLETED,
            java.net.URI.create("/preflight/test"),
            Examples.MODEL,
            Examples.VERSION,
            "corr-1",
            new dev.preflight.contracts.events.PhaseCompleted(
                "Not A Valid Id!",
                Examples.VERSION,
                Examples.TEAM,
                dev.preflight.contracts.model.Phase.RETIRED));

    assertThatThrownBy(() -> codec.serializeData(event))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("modelId");
  }

  @Test
  void unknownEventTypesAreReadButHaveNoContractType() {
    ProducerRecord<String, byte[]> record =
        codec.toRecord(Examples.eventOf(EventType.PHASE_COMPLETED));
    record.headers().remove("ce_type");
    record.headers().add("ce_type", "dev.preflight.something.new".getBytes(StandardCharsets.UTF_8));

    RawEvent incoming = codec.read(record.headers(), record.value());

    assertThat(incoming.type()).isEmpty();
    assertThat(incoming.ceType()).isEqualTo("dev.preflight.something.new");
  }

  @Test
  void derivedIdsAreStableAndDistinct() {
    assertThat(Event.derivedId("a", "x")).isEqualTo(Event.derivedId("a", "x"));
    assertThat(Event.derivedId("a", "x")).isNotEqualTo(Event.derivedId("a", "y"));
  }

  private static String header(ProducerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header %s", name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
