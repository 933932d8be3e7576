package dev.preflight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Topics;
import dev.preflight.devstack.TopicClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A record nobody can read — random bytes, a content type no consumer reads, JSON of the wrong
 * schema, an oversized record — lands in its topic's dead-letter topic with the reason, once per
 * consumer that met it, and the consumers go on with the next record. Every topic a service
 * consumes is tried.
 */
class DeadLetterIT {

  /** The topics the services consume, with the event type a well-formed record would have. */
  static final List<String> CONSUMED =
      List.of(
          Topics.PIPELINE_EVENTS,
          Topics.LIFECYCLE,
          Topics.PROBE_RESULTS,
          Topics.SIGNALS,
          Topics.INFERENCE_LOGS,
          Topics.INFERENCE_FEEDBACK);

  enum Malformation {
    RANDOM_BYTES,
    WRONG_CONTENT_TYPE,
    WRONG_SCHEMA,
    OVERSIZED
  }

  private static PreflightSystem system;
  private static TopicClient kafka;

  @BeforeAll
  static void start() {
    system = PreflightSystem.get();
    kafka = new TopicClient(system.broker.bootstrapServers());
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  static Stream<Arguments> malformedRecords() {
    List<Arguments> all = new ArrayList<>();
    for (String topic : CONSUMED) {
      for (Malformation malformation : Malformation.values()) {
        all.add(Arguments.of(topic, malformation));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("malformedRecords")
  void aMalformedRecordIsDeadLetteredWithItsReason(String topic, Malformation malformation) {
    String key = "malformed-" + UUID.randomUUID();
    ProducerRecord<String, byte[]> record = malformed(topic, key, malformation);

    kafka.send(record);

    List<ConsumerRecord<String, byte[]>> dead =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    kafka.records(Topics.deadLetter(topic)).stream()
                        .filter(r -> key.equals(r.key()))
                        .toList(),
                found -> !found.isEmpty());
    assertThat(dead)
        .allSatisfy(
            r -> {
              assertThat(r.value()).isEqualTo(record.value());
              assertThat(TopicClient.header(r, "dead-letter-reason")).isPresent();
            });
    System.out.printf(
        "%s on %s: %d dead letter(s), reason: %s%n",
        malformation,
        topic,
        dead.size(),
        TopicClient.header(dead.get(0), "dead-letter-reason")
            .orElse("")
            .lines()
            .findFirst()
            .orElse(""));
  }

  @Test
  void afterEveryKindOfGarbageTheSystemStillFlows() {
    for (String topic : CONSUMED) {
      kafka.send(malformed(topic, "garbage-" + UUID.randomUUID(), Malformation.RANDOM_BYTES));
    }
    String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    ThinSliceIT.registerModel(system.token("pipeline"), model, "{\"name\": \"Ada Lovelace\"}");
    ThinSliceIT.registerVersion(system.token("pipeline"), model, "1.0.0");
    ThinSliceIT.awaitItem(model, "1.0.0", "creator-logged", "failed");
    ThinSliceIT.awaitWebhook("/hooks/fraud", model, "creator-logged");
  }

  private static ProducerRecord<String, byte[]> malformed(
      String topic, String key, Malformation malformation) {
    boolean cloudEvents =
        !topic.equals(Topics.INFERENCE_LOGS) && !topic.equals(Topics.INFERENCE_FEEDBACK);
    byte[] value =
        switch (malformation) {
          case RANDOM_BYTES -> {
            byte[] bytes = new byte[64 + new Random(key.hashCode()).nextInt(512)];
            new Random(key.hashCode()).nextBytes(bytes);
            bytes[0] = 0;
            yield bytes;
          }
          case WRONG_CONTENT_TYPE ->
              "<event><modelId>x</modelId></event>".getBytes(StandardCharsets.UTF_8);
          case WRONG_SCHEMA ->
              "{\"modelId\": 42, \"unexpected\": [true]}".getBytes(StandardCharsets.UTF_8);
          case OVERSIZED ->
              ("{\"modelId\": \"x\", \"padding\": \"" + "x".repeat(900_000) + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
        };
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
    if (malformation == Malformation.RANDOM_BYTES) {
      return record;
    }
    String contentType =
        malformation == Malformation.WRONG_CONTENT_TYPE ? "application/xml" : "application/json";
    record.headers().add("content-type", contentType.getBytes(StandardCharsets.UTF_8));
    if (cloudEvents) {
      record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
      record.headers().add("ce_id", key.getBytes(StandardCharsets.UTF_8));
      record.headers().add("ce_source", "/tests/dead-letter".getBytes(StandardCharsets.UTF_8));
      record.headers().add("ce_type", typeOn(topic).ceType().getBytes(StandardCharsets.UTF_8));
      record.headers().add("ce_modelid", "fraud-malformed".getBytes(StandardCharsets.UTF_8));
      record.headers().add("ce_modelversion", "1.0.0".getBytes(StandardCharsets.UTF_8));
      // every attribute the contract asks for is there: what is wrong is the data
      record.headers().add("ce_correlationid", key.getBytes(StandardCharsets.UTF_8));
      record
          .headers()
          .add(
              "ce_subject",
              "models/fraud-malformed/versions/1.0.0".getBytes(StandardCharsets.UTF_8));
      record
          .headers()
          .add("ce_time", java.time.Instant.now().toString().getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }

  private static EventType typeOn(String topic) {
    return switch (topic) {
      case Topics.PIPELINE_EVENTS -> EventType.PIPELINE_VERSION_SUBMITTED;
      case Topics.LIFECYCLE -> EventType.VERSION_REGISTERED;
      case Topics.PROBE_RESULTS -> EventType.CHECK_COMPLETED;
      default -> EventType.SIGNAL_FIRING;
    };
  }
}
