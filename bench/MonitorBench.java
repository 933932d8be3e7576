import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Json;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.contracts.model.ModelRef;
import dev.preflight.contracts.model.Owner;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.devstack.KafkaBroker;
import dev.preflight.devstack.ManagedProcess;
import dev.preflight.devstack.Ports;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * monitor-service throughput against Kafka's own consumer, on one broker and one topic:
 *
 * <ol>
 *   <li>registers 1,000 model versions, each with a reference profile of 10 features (6 numeric, 3
 *       categorical, 1 boolean);
 *   <li>produces 10,000,000 inference records of those versions (keys = request ids, 4 partitions);
 *   <li>consumes the topic with {@code org.apache.kafka.tools.ConsumerPerformance} (3 runs, median),
 *       and with a plain consumer that only deserialises the bytes;
 *   <li>starts the packaged monitor on the backlog and times it until its committed offsets reach
 *       the end, sampling the heap (after a full GC) while every version is active; its rate is
 *       taken over the middle 80 % of the records, with CPU seconds per record of the monitor and of
 *       the broker (this JVM, which also polls the offsets), its GC share and bytes allocated per
 *       record (its Micrometer JVM metrics), and the records its windows counted, which must sum to
 *       exactly what was produced.
 * </ol>
 *
 * Prints the figures; asserts nothing. Run by bench/monitor.sh.
 */
public class MonitorBench {

  static final String[] COUNTRIES = {"DE", "FR", "GB", "US", "NL", "IT", "ES", "PL"};
  static final String[] CHANNELS = {"web", "app", "pos"};
  static final String[] DEVICES = {"ios", "android", "mac", "windows", "linux"};

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    int versions = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    String heap = System.getenv().getOrDefault("BENCH_MONITOR_HEAP", "1g");
    String threads = System.getenv().getOrDefault("BENCH_MONITOR_THREADS", "1");
    Path root = Path.of(".").toAbsolutePath().normalize();
    Path jar = root.resolve("monitor-service/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: ./mvnw -B package -DskipTests");
    }
    Path work = Files.createTempDirectory("monitor-bench-");
    System.out.printf("== %,d records, %,d versions (" + active(versions) + " active), " + (10 + EXTRA) + " features; monitor -Xmx%s, %s stream thread(s)%n", records, versions, heap, threads);
    try (KafkaBroker broker = KafkaBroker.startEphemeral()) {
      broker.createTopics(Topics.all(4));
      String bootstrap = broker.bootstrapServers();
      Map<String, String> env = new HashMap<>();
      env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
      env.put("MONITOR_PORT", String.valueOf(Ports.free()));
      env.put("MONITOR_STATE_DIR", work.resolve("state").toString());
      env.put("MONITOR_APPLICATION_ID", "monitor-bench");
      env.put("MONITOR_STREAM_THREADS", threads);
      env.put("QUARKUS_OIDC_TENANT_ENABLED", "false");
      // Kafka Streams settings to try, e.g. KAFKA_STREAMS_MAX_POLL_RECORDS=5000, pass through.
      System.getenv().forEach((name, value) -> {
        if (name.startsWith("KAFKA_STREAMS_") || name.startsWith("MONITOR_")) {
          env.put(name, value);
        }
      });
      List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-Xms" + heap, "-Xmx" + heap, "-XX:+UseSerialGC"));
      // BENCH_MONITOR_JFR=/tmp/monitor.jfr records a flight recording of the monitor (profile it with `jfr print`).
      Optional.ofNullable(System.getenv("BENCH_MONITOR_JFR"))
          .ifPresent(file -> command.add("-XX:StartFlightRecording=settings=profile,filename=" + file));
      command.addAll(List.of("-jar", jar.toString()));
      URI base = URI.create("http://127.0.0.1:" + env.get("MONITOR_PORT"));

      try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
        register(producer, versions);
      }

      // Baseline: the monitor with every version registered and profiled, no traffic yet.
      ManagedProcess monitor = ManagedProcess.start("monitor", command, env, root, work.resolve("monitor.log"));
      monitor.awaitHttpOk(base.resolve("/q/health/ready"), Duration.ofMinutes(3));
      awaitProfiles(bootstrap, versions);
      long baseline = heapAfterGc(monitor, base);
      monitor.close();
      System.out.printf("monitor heap with %,d versions registered, no traffic: %.1f MB%n", versions, baseline / 1e6);

      long produceStart = System.nanoTime();
      long bytes;
      try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
        bytes = produce(producer, records, ACTIVE > 0 ? Math.min(ACTIVE, versions) : versions);
      }
      double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
      System.out.printf("produced %,d records (%.0f B each) in %.1f s: %,.0f records/s%n", records, (double) bytes / records, produceSeconds, records / produceSeconds);

      List<Double> rates = new ArrayList<>();
      for (int run = 0; run < 3; run++) {
        rates.add(consumerPerformance(bootstrap, records, run));
      }
      rates.sort(Double::compare);
      double kafkaRate = rates.get(1);
      System.out.printf("ConsumerPerformance fetch rate: %s records/s, median %,.0f%n",
          rates.stream().map(r -> String.format("%,.0f", r)).collect(Collectors.joining(" / ")), kafkaRate);
      double bytesOnly = deserialisingConsumer(bootstrap, records);
      System.out.printf("a consumer that only deserialises the bytes: %,.0f records/s (%.3f of ConsumerPerformance)%n",
          bytesOnly, bytesOnly / kafkaRate);

      // The monitor on the backlog; then, with BENCH_MONITOR_BASELINE_JAR, another build of it on
      // the same topic (its own application id, so it reads from the start), for a side by side.
      List<String[]> results = new ArrayList<>();
      results.add(measure("this build", command, env, root, work, base, bootstrap, records, versions, baseline, kafkaRate, "monitor-bench"));
      Optional<String> other = Optional.ofNullable(System.getenv("BENCH_MONITOR_BASELINE_JAR"));
      if (other.isPresent()) {
        List<String> otherCommand = new ArrayList<>(command);
        otherCommand.set(otherCommand.size() - 1, other.get());
        Map<String, String> otherEnv = new HashMap<>(env);
        otherEnv.put("MONITOR_APPLICATION_ID", "monitor-bench-baseline");
        otherEnv.put("MONITOR_STATE_DIR", work.resolve("state-baseline").toString());
        results.add(measure("baseline " + other.get(), otherCommand, otherEnv, root, work, base, bootstrap, records, versions, baseline, kafkaRate, "monitor-bench-baseline"));
      }
      System.out.println();
      System.out.println("== side by side (same broker, same topic, same run) ==");
      for (String[] result : results) {
        System.out.println(String.join(" | ", result));
      }
    }
  }

  /**
   * The monitor on the backlog, until its committed input offsets reach the end: prints the
   * figures and returns them in one row. Input offsets are those of the plain ingest's group
   * (application id + "-ingest", ADR 0015) where it exists, else of the Kafka Streams application
   * (builds before it).
   */
  static String[] measure(String label, List<String> command, Map<String, String> env, Path root, Path work, URI base,
      String bootstrap, int records, int versions, long baseline, double kafkaRate, String applicationId) throws Exception {
    System.out.printf("%n== %s%n", label);
    ManagedProcess monitor = ManagedProcess.start("monitor", command, env, root, work.resolve(applicationId + ".log"));
    String[] row = {label, "did not finish"};
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<TopicPartition> input = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        input.add(new TopicPartition(Topics.INFERENCE_LOGS, p));
      }
      long end = endOffsets(admin, input);
      String rate = "-";
      String ratio = "-";
      String cpuMonitor = "-";
      String cpuBroker = "-";
      String gcShare = "-";
      String allocated = "-";
      long start = System.nanoTime();
      long first = -1;
      long done = -1;
      long atTenth = -1;
      long atNinth = -1;
      long committedAtTenth = 0;
      long committedAtNinth = 0;
      long[] cpuAtTenth = null;
      long[] cpuAtNinth = null;
      double[] gcAtTenth = null;
      double[] gcAtNinth = null;
      long maxHeap = 0;
      int samples = 0;
      long lastSample = 0;
      while (System.nanoTime() - start < Duration.ofMinutes(20).toNanos()) {
        long committed = inputCommitted(admin, applicationId, input);
        // Progress: the records the ingest has read (it commits once per flush interval, too
        // coarse to time a tenth of the run by), or in builds before it the committed offsets.
        long read = atNinth < 0 ? ingestRead(base) : -1;
        long progress = read >= 0 ? read : committed;
        long now = System.nanoTime();
        if (first < 0 && progress > 0) {
          first = now;
        }
        if (atTenth < 0 && progress >= end / 10) {
          atTenth = now;
          committedAtTenth = progress;
          cpuAtTenth = cpu(monitor);
          gcAtTenth = gc(base);
        }
        if (atNinth < 0 && progress >= end - end / 10) {
          atNinth = now;
          committedAtNinth = progress;
          cpuAtNinth = cpu(monitor);
          gcAtNinth = gc(base);
        }
        if (committed >= end) {
          done = now;
          break;
        }
        // After the measured middle: a full GC there would count in the rate.
        if (atNinth > 0 && samples < 3 && now - lastSample > 2_000_000_000L) {
          maxHeap = Math.max(maxHeap, heapAfterGc(monitor, base));
          samples++;
          lastSample = System.nanoTime();
        }
        Thread.sleep(500);
      }
      if (done < 0) {
        System.out.printf("the monitor did not catch up within 20 minutes: %,d of %,d records%n", inputCommitted(admin, applicationId, input), end);
      } else {
        double seconds = (done - first) / 1e9;
        double monitorRate = end / seconds;
        System.out.printf("monitor: %,d records in %.1f s (first commit to the last): %,.0f records/s%n", end, seconds, monitorRate);
        if (atNinth > atTenth && atTenth > 0) {
          double middle = (atNinth - atTenth) / 1e9;
          long counted = committedAtNinth - committedAtTenth;
          double middleRate = counted / middle;
          System.out.printf("monitor over the middle 80 %%: %,d records in %.1f s: %,.0f records/s%n", counted, middle, middleRate);
          System.out.printf("== ratio monitor / ConsumerPerformance: %.3f (goal >= 0.4); whole run %.3f%n",
              middleRate / kafkaRate, monitorRate / kafkaRate);
          System.out.printf("CPU per record over the middle 80 %%: monitor %.2f µs, broker (and this bench's polling) %.2f µs%n",
              (cpuAtNinth[0] - cpuAtTenth[0]) * 10_000.0 / counted, (cpuAtNinth[1] - cpuAtTenth[1]) * 10_000.0 / counted);
          System.out.printf("monitor GC over the middle 80 %%: %.1f %% of the time in pauses, %.0f bytes allocated per record%n",
              100 * (gcAtNinth[0] - gcAtTenth[0]) / middle, (gcAtNinth[1] - gcAtTenth[1]) / counted);
          rate = String.format("%,.0f records/s", middleRate);
          ratio = String.format("ratio %.3f", middleRate / kafkaRate);
          cpuMonitor = String.format("monitor CPU %.2f µs/record", (cpuAtNinth[0] - cpuAtTenth[0]) * 10_000.0 / counted);
          cpuBroker = String.format("broker CPU %.2f µs/record", (cpuAtNinth[1] - cpuAtTenth[1]) * 10_000.0 / counted);
          gcShare = String.format("GC %.1f %%", 100 * (gcAtNinth[0] - gcAtTenth[0]) / middle);
          allocated = String.format("%.0f B/record allocated", (gcAtNinth[1] - gcAtTenth[1]) / counted);
        } else {
          System.out.printf("== ratio monitor / ConsumerPerformance: %.3f (goal >= 0.4)%n", monitorRate / kafkaRate);
        }
      }
      Thread.sleep(10_000);
      System.out.printf("lag 10 s after the input was consumed: input (the ingest's group) %,d, the Kafka Streams application's topics %,d%n",
          end - inputCommitted(admin, applicationId, input), totalLag(admin, applicationId));
      System.out.printf("heap per active version (max of %d samples after full GC while all versions were active, minus the baseline): %.1f KB%n",
          samples, (maxHeap - baseline) / 1e3 / active(versions));
      long inputLag = end - inputCommitted(admin, applicationId, input);
      long counted = countedByWindows(base, versions, records);
      System.out.printf("records counted into windows (the partials' counts): %,d of %,d produced (%s)%n", counted, (long) records,
          counted == records ? "exact" : "NOT EXACT: " + (counted - records));
      row = new String[] {label, rate, ratio, cpuMonitor, cpuBroker, gcShare, allocated,
          String.format("heap %.1f KB/active version", (maxHeap - baseline) / 1e3 / active(versions)),
          "input lag " + inputLag, counted == records ? "counts exact" : "counts off by " + (counted - records)};
    } finally {
      monitor.close();
    }
    return row;
  }

  /**
   * How far the monitor has read its input: the committed offsets of the plain ingest's group
   * (application id + "-ingest", ADR 0015) or, in builds before it, of the Streams application.
   */
  static long inputCommitted(Admin admin, String applicationId, List<TopicPartition> input) throws Exception {
    return Math.max(committed(admin, applicationId + "-ingest", input), committed(admin, applicationId, input));
  }

  static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** BENCH_MONITOR_FEATURES=20: ten more numeric features per record and profile (default 10 in all). */
  static final int EXTRA = Math.max(0, Integer.parseInt(System.getenv().getOrDefault("BENCH_MONITOR_FEATURES", "10")) - 10);

  /** BENCH_MONITOR_ACTIVE=1000: records only for the first that many versions (default: all registered). */
  static final int ACTIVE = Integer.parseInt(System.getenv().getOrDefault("BENCH_MONITOR_ACTIVE", "0"));

  static int active(int versions) {
    return ACTIVE > 0 ? Math.min(ACTIVE, versions) : versions;
  }

  static String model(int v) {
    return "bench-model-" + (v / 10);
  }

  static String version(int v) {
    return "1.0." + (v % 10);
  }

  static void register(KafkaProducer<String, byte[]> producer, int versions) throws Exception {
    EventCodec codec = new EventCodec();
    Random random = new Random(1);
    List<VersionManifest.Feature> features = new ArrayList<>(List.of(
        new VersionManifest.Feature("amount", "numeric"), new VersionManifest.Feature("distance_km", "numeric"),
        new VersionManifest.Feature("hour", "numeric"), new VersionManifest.Feature("age_days", "numeric"),
        new VersionManifest.Feature("items", "numeric"), new VersionManifest.Feature("risk_ext", "numeric"),
        new VersionManifest.Feature("country", "categorical"), new VersionManifest.Feature("channel", "categorical"),
        new VersionManifest.Feature("device", "categorical"), new VersionManifest.Feature("returning", "boolean")));
    for (int e = 0; e < EXTRA; e++) {
      features.add(new VersionManifest.Feature("extra_" + e, "numeric"));
    }
    for (int v = 0; v < versions; v++) {
      ObjectNode profile = Json.mapper().createObjectNode();
      ObjectNode fs = profile.putObject("features");
      for (String numeric : List.of("amount", "distance_km", "hour", "age_days", "items", "risk_ext")) {
        ArrayNode values = fs.putObject(numeric).put("type", "numeric").putArray("values");
        for (int i = 0; i < 500; i++) {
          values.add(numeric(numeric, random));
        }
      }
      categorical(fs, "country", COUNTRIES);
      categorical(fs, "channel", CHANNELS);
      categorical(fs, "device", DEVICES);
      categorical(fs, "returning", new String[] {"true", "false"});
      for (int e = 0; e < EXTRA; e++) {
        ArrayNode values = fs.putObject("extra_" + e).put("type", "numeric").putArray("values");
        for (int i = 0; i < 500; i++) {
          values.add(Math.abs(10 * random.nextGaussian()));
        }
      }
      VersionManifest manifest = new VersionManifest(version(v), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
          Optional.empty(), features, Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
          Optional.of(profile), Optional.empty(), Optional.empty());
      Event<VersionRegistered> event = Event.of(EventType.VERSION_REGISTERED, URI.create("/bench"), model(v), version(v), "bench",
          new VersionRegistered(new ModelRef(model(v), "Benchmark", "fraud", new Owner("Ada", Optional.empty())), version(v), manifest,
              v % 10 == 0, "default", 1));
      producer.send(codec.toRecord(event));
    }
    producer.flush();
  }

  static void categorical(ObjectNode features, String name, String[] values) {
    ObjectNode frequencies = features.putObject(name).put("type", "categorical").putObject("frequencies");
    for (int i = 0; i < values.length; i++) {
      frequencies.put(values[i], 100 * (values.length - i));
    }
  }

  static double numeric(String name, Random random) {
    return switch (name) {
      case "amount" -> Math.exp(3.5 + random.nextGaussian());
      case "distance_km" -> Math.abs(20 * random.nextGaussian());
      case "hour" -> random.nextInt(24);
      case "age_days" -> random.nextInt(3000);
      case "items" -> 1 + random.nextInt(8);
      default -> random.nextDouble();
    };
  }

  static long produce(KafkaProducer<String, byte[]> producer, int records, int versions) {
    Random random = new Random(2);
    long bytes = 0;
    long now = System.currentTimeMillis();
    for (int i = 0; i < records; i++) {
      int v = random.nextInt(versions);
      String id = "req-" + i;
      StringBuilder json = new StringBuilder(480);
      json.append("{\"modelId\":\"").append(model(v)).append("\",\"modelVersion\":\"").append(version(v))
          .append("\",\"requestId\":\"").append(id).append("\",\"timestamp\":\"").append(Instant.ofEpochMilli(now + i / 100))
          .append("\",\"features\":{\"amount\":").append(fixed(numeric("amount", random), 2))
          .append(",\"distance_km\":").append(fixed(numeric("distance_km", random), 3))
          .append(",\"hour\":").append((int) numeric("hour", random))
          .append(",\"age_days\":").append((int) numeric("age_days", random))
          .append(",\"items\":").append((int) numeric("items", random))
          .append(",\"risk_ext\":").append(fixed(numeric("risk_ext", random), 5))
          .append(",\"country\":\"").append(COUNTRIES[random.nextInt(COUNTRIES.length)])
          .append("\",\"channel\":\"").append(CHANNELS[random.nextInt(CHANNELS.length)])
          .append("\",\"device\":\"").append(DEVICES[random.nextInt(DEVICES.length)])
          .append("\",\"returning\":").append(random.nextBoolean());
      for (int e = 0; e < EXTRA; e++) {
        json.append(",\"extra_").append(e).append("\":").append(fixed(Math.abs(10 * random.nextGaussian()), 3));
      }
      json
          .append("},\"prediction\":{\"label\":").append(random.nextDouble() < 0.1 ? 1 : 0)
          .append(",\"score\":").append(fixed(random.nextDouble(), 4))
          .append("},\"latencyMs\":").append(fixed(5 + 20 * random.nextDouble(), 2))
          .append(",\"status\":").append(random.nextDouble() < 0.01 ? 503 : 200)
          .append(",\"clientId\":\"client-").append(random.nextInt(20))
          .append("\",\"auth\":\"ok\",\"payloadBytes\":").append(200 + random.nextInt(400)).append('}');
      byte[] value = json.toString().getBytes(StandardCharsets.UTF_8);
      bytes += value.length;
      producer.send(new ProducerRecord<>(Topics.INFERENCE_LOGS, id, value));
    }
    producer.flush();
    return bytes;
  }

  /** A non-negative value with a fixed number of decimals, as String.format would print it, faster. */
  static String fixed(double value, int decimals) {
    long scale = (long) Math.pow(10, decimals);
    long scaled = Math.round(value * scale);
    StringBuilder digits = new StringBuilder(Long.toString(scaled % scale));
    while (digits.length() < decimals) {
      digits.insert(0, '0');
    }
    return (scaled / scale) + "." + digits;
  }

  /** One ConsumerPerformance run; its fetch rate (records/s, group join excluded). */
  static double consumerPerformance(String bootstrap, int records, int run) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      org.apache.kafka.tools.ConsumerPerformance.main(new String[] {
          "--bootstrap-server", bootstrap, "--topic", Topics.INFERENCE_LOGS, "--messages", String.valueOf(records),
          "--group", "bench-consumer-performance-" + run, "--timeout", "60000"});
    } finally {
      System.setOut(out);
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).trim().split("\n");
    String[] header = lines[0].split(",\\s*");
    String[] values = lines[lines.length - 1].split(",\\s*");
    for (int i = 0; i < header.length; i++) {
      if (header[i].trim().equals("fetch.nMsg.sec")) {
        return Double.parseDouble(values[i].trim());
      }
    }
    throw new IllegalStateException("no fetch.nMsg.sec in " + Arrays.toString(lines));
  }

  static long endOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
  }

  static long committed(Admin admin, String group, List<TopicPartition> partitions) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return partitions.stream().map(offsets::get).filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
  }

  static long totalLag(Admin admin, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = offsets.keySet().stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    var ends = admin.listOffsets(latest).all().get();
    return offsets.entrySet().stream().mapToLong(e -> ends.get(e.getKey()).offset() - e.getValue().offset()).sum();
  }

  /** Reads the topic with a plain consumer that only deserialises each value to bytes. */
  static double deserialisingConsumer(String bootstrap, int records) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "bench-bytes-only");
    p.put("auto.offset.reset", "earliest");
    p.put("enable.auto.commit", "false");
    p.put("max.poll.records", "2000");
    try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.INFERENCE_LOGS));
      long seen = 0;
      long bytes = 0;
      long started = -1;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (seen < records && System.nanoTime() < deadline) {
        var polled = consumer.poll(Duration.ofMillis(500));
        if (started < 0 && !polled.isEmpty()) {
          started = System.nanoTime();
        }
        for (var record : polled) {
          bytes += record.value().length;
          seen++;
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (bytes == 0) {
        throw new IllegalStateException("the plain consumer read nothing");
      }
      return seen / seconds;
    }
  }

  /** CPU time in clock ticks (1/100 s) of the monitor and of this JVM (which hosts the broker). */
  static long[] cpu(ManagedProcess monitor) throws Exception {
    return new long[] {ticks(String.valueOf(monitor.handle().pid())), ticks("self")};
  }

  static long ticks(String pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", pid, "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** The monitor's GC pause seconds and allocated bytes so far, from its Micrometer JVM metrics. */
  /** {@code preflight_monitor_ingest_records_total}, or -1 where the build has no such metric. */
  static long ingestRead(URI base) throws Exception {
    String metrics;
    try {
      metrics = get(base.resolve("/q/metrics"));
    } catch (java.io.IOException notUpYet) {
      return -1;
    }
    for (String line : metrics.split("\n")) {
      if (line.startsWith("preflight_monitor_ingest_records_total")) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }

  static double[] gc(URI base) throws Exception {
    double pauses = 0;
    double allocated = 0;
    for (String line : get(base.resolve("/q/metrics")).split("\n")) {
      if (line.startsWith("jvm_gc_pause_seconds_sum")) {
        pauses += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("jvm_gc_memory_allocated_bytes_total")) {
        allocated += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return new double[] {pauses, allocated};
  }

  /**
   * The records the monitor counted into windows (its partials' counts, summed over every version's
   * {@code preflight_monitor_inference_records_total}), once they stop moving.
   */
  static long countedByWindows(URI base, int versions, int records) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    long counted = -1;
    long previous;
    do {
      previous = counted;
      Thread.sleep(2_000);
      double sum = 0;
      for (String line : get(base.resolve("/q/metrics")).split("\n")) {
        if (line.startsWith("preflight_monitor_inference_records_total")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      counted = Math.round(sum);
    } while ((counted < records || counted != previous) && System.nanoTime() < deadline);
    return counted;
  }

  /** Heap in use after a full collection, from the monitor's own metrics. */
  static long heapAfterGc(ManagedProcess monitor, URI base) throws Exception {
    new ProcessBuilder("jcmd", String.valueOf(monitor.handle().pid()), "GC.run").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    double used = 0;
    for (String line : get(base.resolve("/q/metrics")).split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) used;
  }

  /** Waits until the monitor has stored a profile for every version (they go to its topic). */
  static void awaitProfiles(String bootstrap, int versions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (System.nanoTime() < deadline) {
        try {
          if (endOffsets(admin, List.of(new TopicPartition("preflight.monitor-profiles.v1", 0))) >= versions) {
            Thread.sleep(3_000);
            return;
          }
        } catch (java.util.concurrent.ExecutionException e) {
          // the topic is being created
        }
        Thread.sleep(500);
      }
      throw new IllegalStateException("the monitor did not build the profiles within 5 minutes");
    }
  }

  static String get(URI uri) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }

}
