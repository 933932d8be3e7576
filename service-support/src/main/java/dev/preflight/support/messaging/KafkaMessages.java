package dev.preflight.support.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Hands records built by the contract's codec to a SmallRye Kafka emitter. */
public final class KafkaMessages {
  private KafkaMessages() {}

  /**
   * A message that the Kafka connector writes exactly as the record: topic, key, headers, value.
   */
  public static Message<byte[]> of(ProducerRecord<String, byte[]> record) {
    return Message.of(record.value())
        .addMetadata(
            OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic())
                .withKey(record.key())
                .withHeaders(record.headers())
                .build());
  }
}
