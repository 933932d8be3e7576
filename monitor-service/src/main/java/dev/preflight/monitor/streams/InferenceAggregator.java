package dev.preflight.monitor.streams;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.window.InferenceRecord;
import dev.preflight.monitor.window.Reference;
import dev.preflight.monitor.window.VersionChars;
import dev.preflight.monitor.window.WindowAggregate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage one, per input partition: parses inference records and adds them to live per-version,
 * per-window aggregates in memory; every flush interval the aggregates leave as partials keyed by
 * model version (serialised once per flush, not per record) and start over. Records of versions not
 * registered yet wait in a changelogged store until the registration arrives, up to a bound per
 * version; beyond it they are dead-lettered with the reason, never dropped silently.
 *
 * <p>The raw-input instance also recognises KServe payload-logger CloudEvents and sends them to be
 * paired by event id; predictions of versions with training metrics go to the label join.
 */
class InferenceAggregator implements Processor<byte[], byte[], String, Routed> {

  static final String KSERVE_TYPE_PREFIX = "org.kubeflow.serving.inference.";

  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  /** Versions remembered per task; beyond, the slots start over at the next flush. */
  private static final int MAX_SLOTS = 100_000;

  static final byte PARTIAL = 1;
  static final byte OUTCOME = 2;

  private final Settings settings;
  private final String pendingStoreName;
  private final boolean acceptsKServe;
  private final MonitorListener listener;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, byte[]> versions;
  private KeyValueStore<String, byte[]> profiles;
  private KeyValueStore<String, byte[]> pending;
  private final Map<VersionChars, Slot> slots = new HashMap<>();
  private final VersionChars probe = new VersionChars();
  private VersionViews<VersionView> views;
  private final Map<String, Integer> pendingCounts = new HashMap<>();
  private long sequence;
  private final InferenceRecord parsed = new InferenceRecord();

  /** What aggregating needs of a version, read from the global stores once per flush interval. */
  private record VersionView(Optional<VersionInfo> info, Reference reference, boolean joins) {}

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
    this.versions = context.getStateStore(MonitorTopology.VERSIONS_STORE);
    this.profiles = context.getStateStore(MonitorTopology.PROFILES_STORE);
    this.pending = context.getStateStore(pendingStoreName);
    this.views =
        new VersionViews<>(versions, profiles, settings.flushInterval().toMillis(), this::derive);
    try (KeyValueIterator<String, byte[]> all = pending.all()) {
      all.forEachRemaining(kv -> pendingCounts.merge(versionOfPendingKey(kv.key), 1, Integer::sum));
    }
    context.schedule(settings.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::flush);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (acceptsKServe) {
      Header type = record.headers().lastHeader("ce_type");
      if (type != null
          && new String(type.value(), StandardCharsets.UTF_8).startsWith(KSERVE_TYPE_PREFIX)) {
        toPairing(record);
        return;
      }
    }
    String problem = parsed.parse(record.value());
    if (problem != null) {
      deadLetter(
          record,
          problem,
          problem.startsWith("not JSON")
              ? JsonParseException.class
              : IllegalArgumentException.class);
      return;
    }
    Slot slot = slot(parsed);
    VersionView view = view(slot);
    if (view.info().isEmpty()) {
      hold(slot.key, record);
      return;
    }
    add(slot, parsed, view);
  }

  /**
   * What stage one keeps of a version between flushes: its key, its view of the global stores, and
   * its live windows. Found from the record's characters, so a record costs no key {@code String}.
   */
  private static final class Slot {
    final String key;
    VersionView view;
    long viewAt = Long.MIN_VALUE;
    final Map<Long, WindowAggregate> windows = new HashMap<>();
    long currentStart = Long.MIN_VALUE;
    WindowAggregate current;

    Slot(String key) {
      this.key = key;
    }

    WindowAggregate window(long start) {
      if (start != currentStart || current == null) {
        current = windows.computeIfAbsent(start, w -> new WindowAggregate());
        currentStart = start;
      }
      return current;
    }

    void flushed() {
      windows.clear();
      current = null;
    }
  }

  private Slot slot(InferenceRecord parsed) {
    Slot slot = slots.get(probe.of(parsed));
    if (slot == null) {
      slot = new Slot(VersionKey.of(parsed.modelId(), parsed.modelVersion()));
      slots.put(probe.copy(), slot);
    }
    return slot;
  }

  private void add(Slot slot, InferenceRecord parsed, VersionView view) {
    long timestamp = parsed.timestamp();
    slot.window(settings.windowStart(timestamp)).add(parsed, view.reference());
    if (view.joins() && parsed.hasPrediction()) {
      ObjectNode waiting = MAPPER.createObjectNode();
      waiting.put("type", "prediction");
      waiting.put("version", slot.key);
      waiting.set("prediction", parsed.predictedLabel());
      context.forward(
          new Record<>(
              parsed.requestId(),
              Routed.of(Routed.Route.BY_REQUEST, Views.write(waiting)),
              timestamp));
    }
  }

  /** The version's view, looked up again at most once per flush interval. */
  private VersionView view(Slot slot) {
    long now = context.currentSystemTimeMs();
    if (slot.view == null || now - slot.viewAt >= settings.flushInterval().toMillis()) {
      slot.view = views.get(slot.key, now).derived();
      slot.viewAt = now;
    }
    return slot.view;
  }

  private VersionView derive(VersionViews.View<VersionView> view) {
    Optional<Profile> profile = view.profile();
    long maxPayload =
        profile
            .map(p -> p.thresholds().over(settings.defaults()).security().maxPayloadBytes())
            .orElse(settings.defaults().security().maxPayloadBytes());
    boolean joins =
        view.info().map(i -> !i.trainingMetrics().isEmpty()).orElse(false)
            || profile.map(p -> !p.trainingMetrics().isEmpty()).orElse(false);
    return new VersionView(
        view.info(),
        profile.map(p -> Reference.of(p, maxPayload)).orElse(Reference.none(maxPayload)),
        joins);
  }

  private void hold(String key, Record<byte[], byte[]> record) {
    int held = pendingCounts.getOrDefault(key, 0);
    if (held >= settings.pendingPerVersion()) {
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
    listener.pending(key, held + 1);
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

  /** Emits the partials and starts over; replays held records whose version is now known. */
  private void flush(long now) {
    for (Slot slot : slots.values()) {
      if (slot.windows.isEmpty()) {
        continue;
      }
      long records = 0;
      for (Map.Entry<Long, WindowAggregate> window : slot.windows.entrySet()) {
        byte[] aggregate = window.getValue().toBytes();
        records += window.getValue().count();
        byte[] partial =
            ByteBuffer.allocate(1 + 8 + aggregate.length)
                .put(PARTIAL)
                .putLong(window.getKey())
                .put(aggregate)
                .array();
        context.forward(new Record<>(slot.key, Routed.of(Routed.Route.BY_VERSION, partial), now));
      }
      slot.flushed();
      listener.flushed(slot.key, records);
    }
    if (slots.size() > MAX_SLOTS) {
      slots.clear();
    }
    replayHeld();
  }

  private void replayHeld() {
    for (String key : pendingCounts.keySet().toArray(String[]::new)) {
      VersionView view = views.get(key, context.currentSystemTimeMs()).derived();
      if (view.info().isEmpty()) {
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
            Slot slot = slot(parsed);
            slot.view = view;
            slot.viewAt = context.currentSystemTimeMs();
            add(slot, parsed, view);
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

  /** Shared with the tests: the partial's window start and aggregate. */
  static Map.Entry<Long, WindowAggregate> readPartial(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.get();
    long windowStart = buffer.getLong();
    byte[] aggregate = new byte[buffer.remaining()];
    buffer.get(aggregate);
    return Map.entry(windowStart, WindowAggregate.fromBytes(aggregate));
  }
}
