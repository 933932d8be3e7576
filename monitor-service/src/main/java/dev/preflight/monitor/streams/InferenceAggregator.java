package dev.preflight.monitor.streams;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.preflight.monitor.window.InferenceRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage one in Kafka Streams, for the records the plain ingest ({@link IngestStage}) hands over:
 * records of versions not registered yet and KServe payload-logger CloudEvents. Parses inference
 * records and adds them to live per-version, per-window aggregates in memory; every flush interval
 * the aggregates leave as partials keyed by model version and start over. Records of versions not
 * registered yet wait in a changelogged store until the registration arrives, up to a bound per
 * version; beyond it they are dead-lettered with the reason, never dropped silently.
 *
 * <p>The raw-input instance also sends KServe CloudEvents to be paired by event id; predictions of
 * versions with training metrics go to the label join.
 */
class InferenceAggregator implements Processor<byte[], byte[], String, Routed> {

  static final String KSERVE_TYPE_PREFIX = "org.kubeflow.serving.inference.";

  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  private final Settings settings;
  private final String pendingStoreName;
  private final boolean acceptsKServe;
  private final MonitorListener listener;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, byte[]> pending;
  private LiveWindows live;
  private final Map<String, Integer> pendingCounts = new HashMap<>();
  private long sequence;
  private final InferenceRecord parsed = new InferenceRecord();

  InferenceAggregator(
      Settings settings, String pendingStoreName, boolean acceptsKServe, MonitorListener listener) {
    this.settings = settings;
    this.pendingStoreName = pendingStoreName;
    this.acceptsKServe = acceptsKServe;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    KeyValueStore<String, byte[]> versions = context.getStateStore(MonitorTopology.VERSIONS_STORE);
    KeyValueStore<String, byte[]> profiles = context.getStateStore(MonitorTopology.PROFILES_STORE);
    this.live = new LiveWindows(settings, versions, profiles);
    this.pending = context.getStateStore(pendingStoreName);
    try (KeyValueIterator<String, byte[]> all = pending.all()) {
      all.forEachRemaining(kv -> pendingCounts.merge(versionOfPendingKey(kv.key), 1, Integer::sum));
    }
    context.schedule(settings.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::flush);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (acceptsKServe) {
      // The ingest topic: partials and predictions of the plain ingest pass on; raw records are
      // what it handed over.
      String kind = IngestStage.kindOf(record.headers());
      if (kind.equals(IngestStage.PARTIAL)) {
        context.forward(
            new Record<>(
                keyOf(record),
                Routed.of(Routed.Route.BY_VERSION, record.value()),
                record.timestamp()));
        return;
      }
      if (kind.equals(IngestStage.PREDICTION)) {
        toJoin(keyOf(record), record.value(), record.timestamp());
        return;
      }
    }
    if (acceptsKServe && isKServe(record.headers())) {
      toPairing(record);
      return;
    }
    String problem = parsed.parse(record.value());
    if (problem != null) {
      deadLetter(record, problem, problemClass(problem));
      return;
    }
    LiveWindows.Slot slot = live.slot(parsed);
    LiveWindows.VersionView view = live.view(slot, context.currentSystemTimeMs());
    // Held either way: a registered version's record is counted at the next flush, in the
    // transaction that deletes it from the store, so nothing lives only in memory across a commit
    // and a crash neither loses nor doubles it. The rest wait for their registration.
    hold(slot.key, record, !view.registered());
  }

  private static String keyOf(Record<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  /** Whether the record is half of a KServe request/response pair (a payload-logger CloudEvent). */
  static boolean isKServe(Headers headers) {
    Header type = headers.lastHeader("ce_type");
    return type != null
        && new String(type.value(), StandardCharsets.UTF_8).startsWith(KSERVE_TYPE_PREFIX);
  }

  /** The exception class a dead letter names for a parse problem. */
  static Class<?> problemClass(String problem) {
    return problem.startsWith("not JSON")
        ? JsonParseException.class
        : IllegalArgumentException.class;
  }

  private void toJoin(String requestId, byte[] waiting, long timestamp) {
    context.forward(
        new Record<>(requestId, Routed.of(Routed.Route.BY_REQUEST, waiting), timestamp));
  }

  private void hold(String key, Record<byte[], byte[]> record, boolean unregistered) {
    int held = pendingCounts.getOrDefault(key, 0);
    if (unregistered && held >= settings.pendingPerVersion()) {
      deadLetter(
          record,
          "version "
              + key
              + " is not registered with Preflight; "
              + held
              + " of its records are held already, waiting for the registration",
          IllegalStateException.class);
      return;
    }
    pending.put(
        key + "\u0000" + String.format("%019d", context.currentSystemTimeMs()) + "-" + sequence++,
        withTimestamp(record));
    pendingCounts.put(key, held + 1);
    if (unregistered) {
      listener.pending(key, held + 1);
    }
  }

  private static byte[] withTimestamp(Record<byte[], byte[]> record) {
    return ByteBuffer.allocate(8 + record.value().length)
        .putLong(record.timestamp())
        .put(record.value())
        .array();
  }

  private static String versionOfPendingKey(String key) {
    return key.substring(0, key.indexOf('\u0000'));
  }

  /**
   * Counts the held records whose version is known and emits the partials, in one punctuation: the
   * records' deletion from the store and their partials commit in the same transaction.
   */
  private void flush(long now) {
    replayHeld();
    live.flush(
        (key, partial, records) ->
            context.forward(new Record<>(key, Routed.of(Routed.Route.BY_VERSION, partial), now)),
        listener);
  }

  private void replayHeld() {
    for (String key : pendingCounts.keySet().toArray(String[]::new)) {
      LiveWindows.VersionView view = live.view(key, context.currentSystemTimeMs());
      if (!view.registered()) {
        continue;
      }
      try (KeyValueIterator<String, byte[]> held =
          pending.prefixScan(key + "\u0000", Serdes.String().serializer())) {
        while (held.hasNext()) {
          KeyValue<String, byte[]> entry = held.next();
          ByteBuffer buffer = ByteBuffer.wrap(entry.value);
          buffer.getLong(); // the held record's own timestamp, not needed to aggregate it
          byte[] value = new byte[buffer.remaining()];
          buffer.get(value);
          if (parsed.parse(value) == null) {
            live.add(live.slot(parsed), parsed, view, this::toJoin);
          }
          pending.delete(entry.key);
        }
      }
      pendingCounts.remove(key);
      listener.pending(key, 0);
    }
  }

  private void toPairing(Record<byte[], byte[]> record) {
    Header id = record.headers().lastHeader("ce_id");
    if (id == null) {
      deadLetter(record, "a KServe CloudEvent without ce_id", IllegalArgumentException.class);
      return;
    }
    org.apache.kafka.common.header.Headers headers =
        new org.apache.kafka.common.header.internals.RecordHeaders(record.headers().toArray());
    DeadLetters.stampOrigin(context, headers);
    context.forward(
        new Record<>(
            new String(id.value(), StandardCharsets.UTF_8),
            Routed.of(Routed.Route.BY_EVENT_ID, record.value()),
            record.timestamp(),
            headers));
  }

  private void deadLetter(Record<byte[], byte[]> record, String reason, Class<?> error) {
    context.forward(DeadLetters.of(context, record, reason, error));
  }
}
