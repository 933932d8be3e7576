package dev.preflight.monitor.streams;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.window.Reference;
import dev.preflight.monitor.window.WindowAggregate;
import java.io.IOException;
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
  private final Map<String, Map<Long, WindowAggregate>> live = new HashMap<>();
  private VersionViews<VersionView> views;
  private final Map<String, Integer> pendingCounts = new HashMap<>();
  private long sequence;

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
    ObjectNode json;
    try {
      JsonNode node = record.value() == null ? null : MAPPER.readTree(record.value());
      if (node == null || !node.isObject()) {
        deadLetter(record, "not a JSON object", IllegalArgumentException.class);
        return;
      }
      json = (ObjectNode) node;
    } catch (IOException e) {
      deadLetter(record, "not JSON: " + e.getMessage(), e.getClass());
      return;
    }
    String problem = InferenceRecords.problem(json);
    if (problem != null) {
      deadLetter(record, problem, IllegalArgumentException.class);
      return;
    }
    String key = VersionKey.of(json.get("modelId").asText(), json.get("modelVersion").asText());
    VersionView view = view(key);
    if (view.info().isEmpty()) {
      hold(key, record);
      return;
    }
    add(key, json, view, record.timestamp());
  }

  private void add(String key, ObjectNode json, VersionView view, long recordTimestamp) {
    long timestamp = InferenceRecords.timestamp(json);
    JsonNode auth = json.get("auth");
    JsonNode client = json.get("clientId");
    JsonNode payload = json.get("payloadBytes");
    live.computeIfAbsent(key, k -> new HashMap<>())
        .computeIfAbsent(settings.windowStart(timestamp), w -> new WindowAggregate())
        .add(
            timestamp,
            json.get("features"),
            json.get("prediction"),
            json.get("latencyMs").doubleValue(),
            json.get("status").intValue(),
            client == null || client.isNull() ? null : client.asText(),
            auth == null || auth.isNull() ? null : auth.asText(),
            payload == null || !payload.isNumber() ? -1 : payload.longValue(),
            view.reference());
    JsonNode prediction = json.get("prediction");
    if (view.joins() && prediction != null && !prediction.isNull()) {
      ObjectNode waiting = MAPPER.createObjectNode();
      waiting.put("type", "prediction");
      waiting.put("version", key);
      waiting.set("prediction", prediction.isObject() ? prediction.path("label") : prediction);
      context.forward(
          new Record<>(
              json.get("requestId").asText(),
              Routed.of(Routed.Route.BY_REQUEST, Views.write(waiting)),
              timestamp));
    }
  }

  private VersionView view(String key) {
    return views.get(key, context.currentSystemTimeMs()).derived();
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
    for (Map.Entry<String, Map<Long, WindowAggregate>> version : live.entrySet()) {
      long records = 0;
      for (Map.Entry<Long, WindowAggregate> window : version.getValue().entrySet()) {
        byte[] aggregate = window.getValue().toBytes();
        records += window.getValue().count();
        byte[] partial =
            ByteBuffer.allocate(1 + 8 + aggregate.length)
                .put(PARTIAL)
                .putLong(window.getKey())
                .put(aggregate)
                .array();
        context.forward(
            new Record<>(version.getKey(), Routed.of(Routed.Route.BY_VERSION, partial), now));
      }
      listener.flushed(version.getKey(), records);
    }
    live.clear();
    replayHeld();
  }

  private void replayHeld() {
    for (String key : pendingCounts.keySet().toArray(String[]::new)) {
      VersionView view = view(key);
      if (view.info().isEmpty()) {
        continue;
      }
      try (KeyValueIterator<String, byte[]> held =
          pending.prefixScan(key + "\u0000", Serdes.String().serializer())) {
        while (held.hasNext()) {
          KeyValue<String, byte[]> entry = held.next();
          ByteBuffer buffer = ByteBuffer.wrap(entry.value);
          long timestamp = buffer.getLong();
          byte[] value = new byte[buffer.remaining()];
          buffer.get(value);
          try {
            add(key, (ObjectNode) MAPPER.readTree(value), view, timestamp);
          } catch (IOException e) {
            // It parsed when it was held.
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
