package dev.preflight.monitor.streams;

import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.Topics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor's stream processing.
 *
 * <pre>
 * lifecycle ─▶ track versions ─▶ versions topic ─▶ global store "versions" (every instance)
 * profiles topic ───────────────────────────────▶ global store "profiles" (every instance)
 * inference logs ─▶ plain ingest (IngestLoop): parse + live aggregates, one transaction per flush
 *        ─▶ ingest topic ─▶ stage 1: partials pass; handed-over records ─┬─ partials by version ─┐
 *        │ KServe halves ─▶ by ce_id ─▶ pair ─▶ stage 1 ──────────────────┤                       │
 *        │                                      predictions by request id ─▶ join ◀─ labels   │
 *        │                                                                   │ outcomes      │
 *        └─ dead letters                                                     ▼               ▼
 *                                          stage 2 per version: merge windows, evaluate, damp ─▶ signals
 * </pre>
 */
public final class MonitorTopology {

  /** Compacted topic: model version → what the lifecycle says of it (written by this topology). */
  public static final String VERSIONS_TOPIC = "preflight.monitor-versions.v1";

  /**
   * What the plain ingest sends on (ADR 0015): partials and predictions of registered versions, and
   * the records it hands over to the Streams stage one (header {@link IngestStage#KIND}).
   */
  public static final String INGEST_TOPIC = "preflight.monitor-ingest.v1";

  /** Compacted topic: model version → its reference profile (written by the profile service). */
  public static final String PROFILES_TOPIC = "preflight.monitor-profiles.v1";

  public static final String VERSIONS_STORE = "versions";
  public static final String PROFILES_STORE = "profiles";
  public static final String STATE_STORE = VersionEvaluator.STATE;
  public static final String HISTORY_STORE = VersionEvaluator.HISTORY;

  /** Stored windows of the horizon, keyed by {@link #windowKeyPrefix} and the window's start. */
  public static final String WINDOWS_STORE = VersionEvaluator.WINDOWS;

  /** What the keys of a version's windows in {@link #WINDOWS_STORE} begin with. */
  public static String windowKeyPrefix(String versionKey) {
    return versionKey + "@";
  }

  private static final String PENDING = "pending-records";
  private static final String PENDING_KSERVE = "pending-kserve-records";

  private MonitorTopology() {}

  public static Topology build(Settings settings, EventCodec codec, MonitorListener listener) {
    StreamsBuilder builder = new StreamsBuilder();
    globalStore(builder, VERSIONS_STORE, VERSIONS_TOPIC);
    globalStore(builder, PROFILES_STORE, PROFILES_TOPIC);
    builder.addStateStore(keyValue(LifecycleTracker.STORE));
    builder.addStateStore(keyValue(PENDING));
    builder.addStateStore(keyValue(PENDING_KSERVE));
    builder.addStateStore(keyValue(KServePairer.STORE));
    builder.addStateStore(keyValue(VersionEvaluator.WINDOWS));
    builder.addStateStore(keyValue(VersionEvaluator.STATE));
    builder.addStateStore(keyValue(VersionEvaluator.HISTORY));
    builder.addStateStore(keyValue(VersionEvaluator.JOURNAL));
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                LabelJoiner.STORE, settings.joinWindow(), java.time.Duration.ofMillis(1), false),
            Serdes.String(),
            Serdes.ByteArray()));

    // Lifecycle → versions topic (→ global store).
    Map<String, KStream<String, Routed>> lifecycle =
        split(
            builder.stream(
                    Topics.LIFECYCLE,
                    Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("lifecycle"))
                .process(
                    () -> new LifecycleTracker(codec),
                    Named.as("track-versions"),
                    LifecycleTracker.STORE),
            "lifecycle-");
    lifecycle
        .get("lifecycle-" + Routed.Route.VERSION_INFO)
        .mapValues(Routed::bytes, Named.as("version-info-bytes"))
        .to(
            VERSIONS_TOPIC,
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("to-versions-topic"));
    deadLetter(
        lifecycle.get("lifecycle-" + Routed.Route.DEAD_LETTER), Topics.LIFECYCLE, "lifecycle");

    // Stage 1: the plain ingest's partials and predictions, and the records it hands over.
    Map<String, KStream<String, Routed>> raw =
        split(
            builder.stream(
                    INGEST_TOPIC,
                    Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("ingest"))
                .process(
                    () -> new InferenceAggregator(settings, PENDING, true, listener),
                    Named.as("aggregate"),
                    PENDING),
            "logs-");

    // KServe halves → paired by event id → stage 1 again.
    Map<String, KStream<String, Routed>> paired =
        split(
            raw.get("logs-" + Routed.Route.BY_EVENT_ID)
                .repartition(
                    Repartitioned.<String, Routed>with(Serdes.String(), RoutedSerde.INSTANCE)
                        .withName("kserve-by-id"))
                .process(
                    () -> new KServePairer(settings), Named.as("pair-kserve"), KServePairer.STORE),
            "kserve-");
    Map<String, KStream<String, Routed>> fromKServe =
        split(
            paired
                .get("kserve-" + Routed.Route.PAIRED)
                .process(() -> new BytesOf(), Named.as("paired-bytes"))
                .process(
                    () -> new InferenceAggregator(settings, PENDING_KSERVE, false, listener),
                    Named.as("aggregate-kserve"),
                    PENDING_KSERVE),
            "kserve-logs-");

    // Labels, and predictions waiting for them, meet by request id.
    Map<String, KStream<String, Routed>> feedback =
        split(
            builder.stream(
                    Topics.INFERENCE_FEEDBACK,
                    Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("inference-feedback"))
                .process(FeedbackParser::new, Named.as("parse-feedback")),
            "feedback-");
    KStream<String, Routed> labels =
        byRequest(
            feedback.get("feedback-" + Routed.Route.BY_REQUEST),
            Repartitioned.<String, Routed>with(Serdes.String(), RoutedSerde.INSTANCE)
                .withName("labels-by-request"),
            settings);
    KStream<String, Routed> predictions =
        byRequest(
            raw.get("logs-" + Routed.Route.BY_REQUEST)
                .merge(
                    fromKServe.get("kserve-logs-" + Routed.Route.BY_REQUEST),
                    Named.as("all-predictions")),
            Repartitioned.<String, Routed>with(Serdes.String(), RoutedSerde.INSTANCE)
                .withName("predictions-by-request"),
            settings);
    KStream<String, Routed> outcomes =
        predictions
            .merge(labels, Named.as("predictions-and-labels"))
            .process(() -> new LabelJoiner(settings), Named.as("join-labels"), LabelJoiner.STORE);

    // Stage 2: per version.
    Map<String, KStream<String, Routed>> evaluatedStream =
        split(
            raw.get("logs-" + Routed.Route.BY_VERSION)
                .merge(
                    fromKServe.get("kserve-logs-" + Routed.Route.BY_VERSION),
                    Named.as("all-partials"))
                .merge(outcomes, Named.as("partials-and-outcomes"))
                .repartition(
                    Repartitioned.<String, Routed>with(Serdes.String(), RoutedSerde.INSTANCE)
                        .withName("by-version"))
                .process(
                    () -> new VersionEvaluator(settings, codec, listener),
                    Named.as("evaluate"),
                    VersionEvaluator.WINDOWS,
                    VersionEvaluator.STATE,
                    VersionEvaluator.HISTORY,
                    VersionEvaluator.JOURNAL),
            "evaluated-");
    evaluatedStream
        .get("evaluated-" + Routed.Route.SIGNAL)
        .mapValues(Routed::bytes, Named.as("signal-bytes"))
        .to(
            Topics.SIGNALS,
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("to-signals"));

    KStream<String, Routed> inferenceDeadLetters =
        raw.get("logs-" + Routed.Route.DEAD_LETTER)
            .merge(
                paired.get("kserve-" + Routed.Route.DEAD_LETTER), Named.as("kserve-dead-letters"))
            .merge(
                fromKServe.get("kserve-logs-" + Routed.Route.DEAD_LETTER),
                Named.as("paired-dead-letters"));
    deadLetter(inferenceDeadLetters, Topics.INFERENCE_LOGS, "inference-logs");
    deadLetter(
        feedback.get("feedback-" + Routed.Route.DEAD_LETTER),
        Topics.INFERENCE_FEEDBACK,
        "feedback");
    return builder.build();
  }

  /** Both sides of the label join, over the same number of partitions (0: the source topic's). */
  private static KStream<String, Routed> byRequest(
      KStream<String, Routed> stream,
      Repartitioned<String, Routed> repartitioned,
      Settings settings) {
    return stream.repartition(
        settings.joinPartitions() > 0
            ? repartitioned.withNumberOfPartitions(settings.joinPartitions())
            : repartitioned);
  }

  private static Map<String, KStream<String, Routed>> split(
      KStream<String, Routed> stream, String prefix) {
    var branches = stream.split(Named.as(prefix));
    for (Routed.Route route : Routed.Route.values()) {
      branches = branches.branch((key, routed) -> routed.is(route), Branched.as(route.name()));
    }
    return branches.noDefaultBranch();
  }

  private static void deadLetter(KStream<String, Routed> stream, String topic, String name) {
    stream
        .mapValues(Routed::bytes, Named.as("dead-letter-bytes-" + name))
        .to(
            Topics.deadLetter(topic),
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-" + name));
  }

  private static org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<String, byte[]>>
      keyValue(String name) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray());
  }

  @SuppressWarnings("deprecation")
  private static void globalStore(StreamsBuilder builder, String store, String topic) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled(),
        topic,
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("global-" + store),
        () -> new GlobalLoader(store));
  }

  /** Loads a global store from its topic as is; a null value deletes. */
  private static final class GlobalLoader implements Processor<String, byte[], Void, Void> {
    private final String storeName;
    private KeyValueStore<String, byte[]> store;

    GlobalLoader(String storeName) {
      this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (record.value() == null) {
        store.delete(record.key());
      } else {
        store.put(record.key(), record.value());
      }
    }
  }

  /** Unwraps the paired records for the second stage-1 aggregator, which reads bytes. */
  private static final class BytesOf implements Processor<String, Routed, byte[], byte[]> {
    private ProcessorContext<byte[], byte[]> context;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, Routed> record) {
      context.forward(
          record
              .withKey(
                  record.key() == null
                      ? null
                      : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .withValue(record.value().bytes()));
    }
  }
}
