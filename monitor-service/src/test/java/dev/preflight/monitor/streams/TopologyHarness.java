package dev.preflight.monitor.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Json;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.VersionPromoted;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.contracts.model.ModelRef;
import dev.preflight.contracts.model.Owner;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.monitor.detect.Observation;
import dev.preflight.monitor.detect.VersionState;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.Thresholds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The monitor's topology in a {@link TopologyTestDriver} with the plain ingest's {@link
 * IngestStage} in front of it, as {@link IngestLoop} runs it: lifecycle events, profiles and
 * inference records go in, windows are closed by advancing the wall clock (which flushes the ingest
 * every flush interval, as its loop does), signals and dead letters come out.
 */
final class TopologyHarness implements AutoCloseable {

  static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
  static final Duration WINDOW = Duration.ofSeconds(60);

  final EventCodec codec = new EventCodec();
  final TopologyTestDriver driver;
  final Settings settings;
  private final java.nio.file.Path stateDir;
  private final TestInputTopic<String, byte[]> lifecycle;
  private final TestInputTopic<byte[], byte[]> ingest;
  private final IngestStage stage;
  private final IngestStage.Out out;
  private final List<TestRecord<String, byte[]>> ingestDeadLetters = new ArrayList<>();
  private long inputOffset;
  private Instant wallClock = START;
  private Instant lastFlush = START;
  private final TestInputTopic<String, byte[]> feedback;
  private final TestInputTopic<String, byte[]> profiles;
  private final TestOutputTopic<String, byte[]> signals;
  private final TestOutputTopic<String, byte[]> deadLetters;
  private final List<JsonNode> received = new ArrayList<>();
  private int window;

  TopologyHarness() {
    this(Thresholds.defaults(50, 200, 2, 2));
  }

  TopologyHarness(Thresholds defaults) {
    settings =
        new Settings(
            WINDOW,
            Duration.ofHours(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            Duration.ofHours(24),
            0,
            100,
            Duration.ofMinutes(5),
            defaults);
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitor-test-" + UUID.randomUUID());
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    stateDir = stateRoot();
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            MonitorTopology.build(settings, codec, MonitorListener.NONE), properties, START);
    lifecycle =
        driver.createInputTopic(
            Topics.LIFECYCLE, new StringSerializer(), new ByteArraySerializer());
    ingest =
        driver.createInputTopic(
            MonitorTopology.INGEST_TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
    stage =
        new IngestStage(
            settings,
            driver.getKeyValueStore(MonitorTopology.VERSIONS_STORE),
            driver.getKeyValueStore(MonitorTopology.PROFILES_STORE),
            MonitorListener.NONE);
    out =
        (topic, key, value, headers, timestamp) -> {
          if (topic.equals(MonitorTopology.INGEST_TOPIC)) {
            ingest.pipeInput(
                new TestRecord<>(key, value, headers, Instant.ofEpochMilli(timestamp)));
          } else {
            ingestDeadLetters.add(
                new TestRecord<>(
                    key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8),
                    value,
                    headers,
                    Instant.ofEpochMilli(timestamp)));
          }
        };
    feedback =
        driver.createInputTopic(
            Topics.INFERENCE_FEEDBACK, new StringSerializer(), new ByteArraySerializer());
    profiles =
        driver.createInputTopic(
            MonitorTopology.PROFILES_TOPIC, new StringSerializer(), new ByteArraySerializer());
    signals =
        driver.createOutputTopic(
            Topics.SIGNALS, new StringDeserializer(), new ByteArrayDeserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.deadLetter(Topics.INFERENCE_LOGS),
            new StringDeserializer(),
            new ByteArrayDeserializer());
  }

  /**
   * The driver commits its RocksDB stores after every record; in memory (tmpfs, where the machine
   * has one) that costs a fraction of a disk's.
   */
  private static java.nio.file.Path stateRoot() {
    java.nio.file.Path shm = java.nio.file.Path.of("/dev/shm");
    try {
      return Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "monitor-topology-")
          : Files.createTempDirectory("monitor-topology-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle and profiles
  // ---------------------------------------------------------------------------------------------

  void register(String model, String version, VersionManifest manifest) {
    publish(
        Event.of(
            EventType.VERSION_REGISTERED,
            URI.create("/test"),
            model,
            version,
            "corr",
            new VersionRegistered(
                new ModelRef(model, "Fraud detector", "fraud", new Owner("Ada", Optional.empty())),
                version,
                manifest,
                true,
                "default",
                1)));
  }

  void register(String model, String version) {
    register(model, version, VersionManifest.of(version));
  }

  static VersionManifest manifest(
      String version,
      Optional<VersionManifest.Slos> slos,
      Map<String, VersionManifest.MetricTarget> metrics) {
    VersionManifest plain = VersionManifest.of(version);
    return new VersionManifest(
        version,
        plain.description(),
        plain.previousVersion(),
        plain.artifacts(),
        plain.packaging(),
        plain.trainingData(),
        plain.features(),
        plain.inputSchema(),
        plain.outputSchema(),
        metrics,
        plain.validationDataset(),
        plain.referenceDataset(),
        plain.referenceProfile(),
        plain.infrastructure(),
        slos);
  }

  void promote(String model, String version) {
    publish(
        Event.of(
            EventType.VERSION_PROMOTED,
            URI.create("/test"),
            model,
            version,
            "corr",
            new VersionPromoted(model, version, "fraud", "prod", Optional.empty())));
  }

  private void publish(Event<?> event) {
    ProducerRecord<String, byte[]> record = codec.toRecord(event);
    lifecycle.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), now()));
  }

  void profile(Profile profile) {
    try {
      profiles.pipeInput(
          VersionKey.of(profile.modelId(), profile.version()),
          Json.mapper().writeValueAsBytes(profile),
          now());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Traffic, window by window
  // ---------------------------------------------------------------------------------------------

  /** A native inference record in the current window. */
  static ObjectNode record(String model, String version, Map<String, Object> features) {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("modelId", model);
    json.put("modelVersion", version);
    json.put("requestId", UUID.randomUUID().toString());
    json.set("features", Json.mapper().valueToTree(features));
    json.put("latencyMs", 12.0);
    json.put("status", 200);
    json.put("clientId", "checkout");
    json.put("auth", "ok");
    json.put("payloadBytes", 300);
    return json;
  }

  /** Sends records stamped in the current window. */
  void send(List<ObjectNode> records) {
    sendAt(window, records);
  }

  /** Sends records stamped in an earlier window (a backlog), the wall clock where it is. */
  void sendAt(int windowIndex, List<ObjectNode> records) {
    long start = START.toEpochMilli() + (long) windowIndex * WINDOW.toMillis();
    int i = 0;
    for (ObjectNode json : records) {
      long ts = start + (i++ % 50_000);
      json.put("timestamp", Instant.ofEpochMilli(ts).toString());
      toIngest(
          json.get("requestId").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          bytes(json),
          new org.apache.kafka.common.header.internals.RecordHeaders(),
          ts);
    }
  }

  /**
   * Sends records stamped in the current window as {@code partials} flushes of stage one, as if
   * they came from that many input partitions: the evaluator merges the partials.
   */
  void sendInPartials(List<ObjectNode> records, int partials) {
    int size = (records.size() + partials - 1) / partials;
    for (int from = 0; from < records.size(); from += size) {
      send(records.subList(from, Math.min(records.size(), from + size)));
      advance(settings.flushInterval());
    }
  }

  /** One record of the inference-logs topic, as the ingest loop polls it. */
  private void toIngest(byte[] key, byte[] value, Headers headers, long timestamp) {
    stage.accept(
        Topics.INFERENCE_LOGS,
        0,
        inputOffset++,
        key,
        value,
        headers,
        timestamp,
        wallClock.toEpochMilli(),
        out);
  }

  /**
   * Moves the wall clock: the ingest flushes once a flush interval has passed since its last flush
   * (as its loop does), then the topology's punctuations run.
   */
  void advance(Duration duration) {
    wallClock = wallClock.plus(duration);
    if (!wallClock.isBefore(lastFlush.plus(settings.flushInterval()))) {
      stage.flush(wallClock.toEpochMilli(), out);
      lastFlush = wallClock;
    }
    driver.advanceWallClockTime(duration);
  }

  void sendRaw(String key, byte[] value, Iterable<Header> headers) {
    toIngest(
        key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        value,
        new org.apache.kafka.common.header.internals.RecordHeaders(headers),
        now().toEpochMilli());
  }

  void label(String requestId, Object label) {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("requestId", requestId);
    json.set("label", Json.mapper().valueToTree(label));
    json.put("timestamp", now().toString());
    feedback.pipeInput(requestId, bytes(json), now());
  }

  /** Closes the current window: partials flush, and the window before it is evaluated. */
  void nextWindow() {
    advance(Duration.ofSeconds(1));
    advance(WINDOW.minusSeconds(1));
    window++;
    collect();
  }

  /** One flush interval of the wall clock: stage one's partials leave. */
  void flush() {
    advance(settings.flushInterval());
  }

  /** Lets the evaluator reach the windows sent so far. */
  void settle() {
    advance(WINDOW);
    window++;
    advance(Duration.ofSeconds(1));
    collect();
  }

  Instant now() {
    return START.plus(WINDOW.multipliedBy(window)).plusMillis(500);
  }

  private void collect() {
    while (!signals.isEmpty()) {
      TestRecord<String, byte[]> record = signals.readRecord();
      try {
        ObjectNode event = (ObjectNode) Json.mapper().readTree(record.value());
        Header type = record.headers().lastHeader("ce_type");
        event.put("_type", new String(type.value(), java.nio.charset.StandardCharsets.UTF_8));
        received.add(event);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Signals published so far, each with {@code _type} = its ce_type. */
  List<JsonNode> signals() {
    collect();
    return List.copyOf(received);
  }

  List<JsonNode> signals(String check) {
    return signals().stream().filter(s -> s.path("check").asText().equals(check)).toList();
  }

  /** Dead letters of the ingest and of the topology, in that order. */
  List<TestRecord<String, byte[]>> deadLetters() {
    List<TestRecord<String, byte[]>> all = new ArrayList<>(ingestDeadLetters);
    ingestDeadLetters.clear();
    all.addAll(deadLetters.readRecordsToList());
    return all;
  }

  VersionState state(String model, String version) {
    byte[] bytes =
        driver
            .<String, byte[]>getKeyValueStore(MonitorTopology.STATE_STORE)
            .get(VersionKey.of(model, version));
    return Views.readState(bytes)
        .orElseThrow(() -> new AssertionError("no state for " + model + " " + version));
  }

  Observation latest(String model, String version, String check, String feature) {
    return state(model, version).latest.stream()
        .filter(o -> o.check().equals(check) && java.util.Objects.equals(o.feature(), feature))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no observation "
                        + check
                        + " "
                        + feature
                        + " in "
                        + state(model, version).latest));
  }

  static byte[] bytes(Object json) {
    try {
      return Json.mapper().writeValueAsBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.close();
    try (java.util.stream.Stream<java.nio.file.Path> files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
