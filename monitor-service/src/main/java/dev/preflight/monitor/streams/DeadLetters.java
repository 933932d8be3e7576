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

  /** Where a record was first read, kept while it crosses repartition topics. */
  static final String ORIGIN_TOPIC = "preflight-origin-topic";

  static final String ORIGIN_PARTITION = "preflight-origin-partition";
  static final String ORIGIN_OFFSET = "preflight-origin-offset";

  private DeadLetters() {}

  /** The record, unchanged but for the headers that say why and where it came from. */
  static Record<String, Routed> of(
      ProcessorContext<?, ?> context,
      Record<byte[], byte[]> record,
      String reason,
      Class<?> error) {
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    return of(context, key, record.value(), record.headers(), record.timestamp(), reason, error);
  }

  /** A record of a later stage (already keyed by text), e.g. half of a KServe pair. */
  static Record<String, Routed> of(
      ProcessorContext<?, ?> context,
      String key,
      byte[] value,
      Headers original,
      long timestamp,
      String reason,
      Class<?> error) {
    Headers headers = new RecordHeaders(original.toArray());
    for (String name : new String[] {REASON, EXCEPTION}) {
      headers.remove(name);
    }
    headers.add(REASON, bytes(reason));
    headers.add(EXCEPTION, bytes(error.getName()));
    if (headers.lastHeader(ORIGIN_TOPIC) != null) {
      headers.add(TOPIC, headers.lastHeader(ORIGIN_TOPIC).value());
      headers.add(PARTITION, headers.lastHeader(ORIGIN_PARTITION).value());
      headers.add(OFFSET, headers.lastHeader(ORIGIN_OFFSET).value());
      for (String name : new String[] {ORIGIN_TOPIC, ORIGIN_PARTITION, ORIGIN_OFFSET}) {
        headers.remove(name);
      }
    } else {
      context
          .recordMetadata()
          .ifPresent(
              meta -> {
                headers.add(TOPIC, bytes(meta.topic()));
                headers.add(PARTITION, bytes(String.valueOf(meta.partition())));
                headers.add(OFFSET, bytes(String.valueOf(meta.offset())));
              });
    }
    return new Record<>(key, Routed.of(Routed.Route.DEAD_LETTER, value), timestamp, headers);
  }

  /** Remembers where a record came from before it crosses a repartition topic. */
  static void stampOrigin(ProcessorContext<?, ?> context, Headers headers) {
    if (headers.lastHeader(ORIGIN_TOPIC) == null) {
      context
          .recordMetadata()
          .ifPresent(
              meta -> {
                headers.add(ORIGIN_TOPIC, bytes(meta.topic()));
                headers.add(ORIGIN_PARTITION, bytes(String.valueOf(meta.partition())));
                headers.add(ORIGIN_OFFSET, bytes(String.valueOf(meta.offset())));
              });
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
