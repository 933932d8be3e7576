package dev.preflight.monitor.streams;

import dev.preflight.contracts.Topics;
import dev.preflight.monitor.window.InferenceRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Stage one outside Kafka Streams: what the plain ingest consumer ({@link IngestLoop}) does with
 * each inference record, as a class of its own so that the topology tests drive it too (ADR 0015).
 *
 * <p>A record of a registered version is parsed into primitives and added to its live window; at
 * every flush the windows leave as partials on {@link MonitorTopology#INGEST_TOPIC}. A record that
 * is off the contract goes to the dead-letter topic with the reason. Everything else — records of
 * versions not registered yet (held until the registration arrives) and KServe payload-logger
 * CloudEvents (paired by event id) — is handed over unchanged on the same topic to the Kafka
 * Streams stage one, which has the state stores for it. What this stage sends between two flushes
 * leaves in one transaction with the input offsets it has read, so a crash replays exactly the
 * records whose partials were not committed.
 */
final class IngestStage {

  /** Header on {@link MonitorTopology#INGEST_TOPIC}: what a record is. */
  static final String KIND = "preflight-ingest";

  static final String RAW = "raw";
  static final String PARTIAL = "partial";
  static final String PREDICTION = "prediction";

  private static final byte[] RAW_BYTES = RAW.getBytes(StandardCharsets.UTF_8);
  private static final byte[] PARTIAL_BYTES = PARTIAL.getBytes(StandardCharsets.UTF_8);
  private static final byte[] PREDICTION_BYTES = PREDICTION.getBytes(StandardCharsets.UTF_8);
  private static final String DEAD_LETTERS = Topics.deadLetter(Topics.INFERENCE_LOGS);

  /** Where the stage's records go (within the ingest's transaction). */
  interface Out {
    void send(String topic, byte[] key, byte[] value, Headers headers, long timestamp);
  }

  private final LiveWindows live;
  private final MonitorListener listener;
  private final InferenceRecord parsed = new InferenceRecord();

  IngestStage(
      Settings settings,
      ReadOnlyKeyValueStore<String, byte[]> versions,
      ReadOnlyKeyValueStore<String, byte[]> profiles,
      MonitorListener listener) {
    this.live = new LiveWindows(settings, versions, profiles);
    this.listener = listener;
  }

  /** Takes one record of the inference-logs topic. */
  void accept(
      String topic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      Headers headers,
      long timestamp,
      long now,
      Out out) {
    if (InferenceAggregator.isKServe(headers)) {
      handOver(topic, partition, offset, key, value, headers, timestamp, out);
      return;
    }
    String problem = parsed.parse(value);
    if (problem != null) {
      out.send(
          DEAD_LETTERS,
          key,
          value,
          DeadLetters.headers(
              headers,
              problem,
              InferenceAggregator.problemClass(problem),
              topic,
              partition,
              offset),
          timestamp);
      return;
    }
    LiveWindows.Slot slot = live.slot(parsed);
    LiveWindows.VersionView view;
    try {
      view = live.view(slot, now);
    } catch (InvalidStateStoreException e) {
      // The stores are not readable at the moment (the Streams client is rebalancing or
      // restoring): the Streams stage one takes the record and reads them when it can.
      view = null;
    }
    if (view == null || !view.registered()) {
      handOver(topic, partition, offset, key, value, headers, timestamp, out);
      return;
    }
    live.add(
        slot,
        parsed,
        view,
        (requestId, waiting, at) ->
            out.send(
                MonitorTopology.INGEST_TOPIC,
                requestId.getBytes(StandardCharsets.UTF_8),
                waiting,
                kind(new RecordHeaders(), PREDICTION_BYTES),
                at));
  }

  /** Sends every live window as a partial. */
  void flush(long now, Out out) {
    live.flush(
        (versionKey, partial, records) ->
            out.send(
                MonitorTopology.INGEST_TOPIC,
                versionKey.getBytes(StandardCharsets.UTF_8),
                partial,
                kind(new RecordHeaders(), PARTIAL_BYTES),
                now),
        listener);
  }

  /** Forgets what was taken in since the last flush: its transaction was not committed. */
  void discard() {
    live.discard();
  }

  private static void handOver(
      String topic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      Headers original,
      long timestamp,
      Out out) {
    Headers headers = new RecordHeaders(original.toArray());
    DeadLetters.stampOrigin(headers, topic, partition, offset);
    out.send(MonitorTopology.INGEST_TOPIC, key, value, kind(headers, RAW_BYTES), timestamp);
  }

  private static Headers kind(Headers headers, byte[] kind) {
    headers.remove(KIND);
    headers.add(KIND, kind);
    return headers;
  }

  /** What a record on the ingest topic is; {@link #RAW} when it says nothing. */
  static String kindOf(Headers headers) {
    Header kind = headers.lastHeader(KIND);
    return kind == null ? RAW : new String(kind.value(), StandardCharsets.UTF_8);
  }
}
