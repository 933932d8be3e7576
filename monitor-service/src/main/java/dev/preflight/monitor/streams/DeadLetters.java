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
    Headers headers =
        context
            .recordMetadata()
            .map(
                meta ->
                    headers(original, reason, error, meta.topic(), meta.partition(), meta.offset()))
            .orElseGet(() -> headers(original, reason, error, null, -1, -1));
    return new Record<>(key, Routed.of(Routed.Route.DEAD_LETTER, value), timestamp, headers);
  }

  /**
   * A dead letter's headers: the original ones, why, and where the record was first read (its
   * origin headers when it crossed a topic of the monitor's own, else the given place).
   */
  static Headers headers(
      Headers original, String reason, Class<?> error, String topic, int partition, long offset) {
    Headers headers = new RecordHeaders(original.toArray());
    for (String name : new String[] {REASON, EXCEPTION, IngestStage.KIND}) {
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
    } else if (topic != null) {
      headers.add(TOPIC, bytes(topic));
      headers.add(PARTITION, bytes(String.valueOf(partition)));
      headers.add(OFFSET, bytes(String.valueOf(offset)));
    }
    return headers;
  }

  /** Remembers where a record was read before it crosses a topic of the monitor's own. */
  static void stampOrigin(Headers headers, String topic, int partition, long offset) {
    if (headers.lastHeader(ORIGIN_TOPIC) == null) {
      headers.add(ORIGIN_TOPIC, bytes(topic));
      headers.add(ORIGIN_PARTITION, bytes(String.valueOf(partition)));
      headers.add(ORIGIN_OFFSET, bytes(String.valueOf(offset)));
    }
  }

  /** Remembers where a record came from before it crosses a repartition topic. */
  static void stampOrigin(ProcessorContext<?, ?> context, Headers headers) {
    context
        .recordMetadata()
        .ifPresent(meta -> stampOrigin(headers, meta.topic(), meta.partition(), meta.offset()));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
