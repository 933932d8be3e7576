package dev.preflight.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  @Test
  void aRecordProducedWithAcksAllIsConsumedFromACreatedTopic() throws Exception {
    try (KafkaBroker broker = KafkaBroker.startEphemeral()) {
      broker.createTopics(Topics.all(2));

      try (var admin = broker.admin()) {
        assertThat(admin.listTopics().names().get())
            .contains(Topics.LIFECYCLE, Topics.deadLetter(Topics.LIFECYCLE), Topics.INFERENCE_LOGS);
      }
      try (var producer =
          new KafkaProducer<String, String>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  broker.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all",
                  ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                  true),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>(Topics.LIFECYCLE, "model-a", "hello")).get();
      }
      try (var consumer =
          new KafkaConsumer<String, String>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                  ConsumerConfig.GROUP_ID_CONFIG, "test",
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
              new StringDeserializer(),
              new StringDeserializer())) {
        consumer.subscribe(List.of(Topics.LIFECYCLE));
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.isEmpty() && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        assertThat(received)
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.key()).isEqualTo("model-a");
                  assertThat(r.value()).isEqualTo("hello");
                });
      }
    }
  }
}
