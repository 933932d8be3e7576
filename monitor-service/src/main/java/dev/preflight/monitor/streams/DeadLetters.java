package dev.preflight.monitor.streams;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Dead-letter records of the topology, with the same headers SmallRye's dead-letter queue writes,
 * so every Preflight dead-letter topic reads alike.
 */
final class DeadLetters {

  static final String REASON = "dead-letter-reason";
  static final String TOPIC = "dead-letter-topic";
  static final String PARTITION = "dead-letter-partition";
  static final String OFFSET = "dead-letter-offset";
  static final String EXCEPTION = "dead-letter-exception-class-name";

  private DeadLetters() {}

  /** The record, unchanged but for the headers that say why and where it came from. */
  static Record<String, Routed> of(
      ProcessorContext<String, Routed> context,
      Record<byte[], byte[]> record,
      String reason,
      Class<?> error) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.add(REASON, bytes(reason));
    headers.add(EXCEPTION, bytes(error.getName()));
    context
        .recordMetadata()
        .ifPresent(
            meta -> {
              headers.add(TOPIC, bytes(meta.topic()));
              headers.add(PARTITION, bytes(String.valueOf(meta.partition())));
              headers.add(OFFSET, bytes(String.valueOf(meta.offset())));
            });
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    return new Record<>(key, Routed.deadLetter(record.value()), record.timestamp(), headers);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
