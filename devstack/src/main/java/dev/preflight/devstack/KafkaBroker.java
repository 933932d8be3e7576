package dev.preflight.devstack;

import dev.preflight.contracts.Topics.TopicSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka cluster (KRaft, combined broker and controller) running in this JVM,
 * from the Kafka jars at the version the Quarkus BOM pins. The tests start one per test JVM; the
 * local stack runs one as a separate process ({@link #main}).
 */
public final class KafkaBroker implements AutoCloseable {

  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteOnClose;

  private KafkaBroker(
      KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean deleteOnClose) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
  }

  /** A broker on free ports with its data in a temporary directory, deleted on close. */
  public static KafkaBroker startEphemeral() throws IOException {
    Path dir = Files.createTempDirectory("preflight-kafka-");
    return start(dir, Ports.free(), Ports.free(), true);
  }

  /**
   * A broker whose data lives in {@code dataDir}; formats the directory the first time and keeps it
   * across restarts.
   */
  public static KafkaBroker start(Path dataDir, int port, int controllerPort, boolean deleteOnClose)
      throws IOException {
    Path logDir = dataDir.resolve("kraft-logs");
    Files.createDirectories(logDir);
    Properties properties = configuration(logDir, port, controllerPort);
    formatStorage(logDir);
    KafkaRaftServer server =
        new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
    server.startup();
    KafkaBroker broker = new KafkaBroker(server, "127.0.0.1:" + port, dataDir, deleteOnClose);
    broker.awaitReady(Duration.ofSeconds(60));
    return broker;
  }

  private static Properties configuration(Path logDir, int port, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://127.0.0.1:"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", "1");
    // One node: every internal topic has exactly one replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created explicitly with their partition counts; never by a typo in a consumer.
    p.put("auto.create.topics.enable", "false");
    p.put("log.retention.hours", "168");
    p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
    return p;
  }

  /** Formats the storage the first time; a formatted directory keeps its cluster id. */
  private static void formatStorage(Path logDir) throws IOException {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new IOException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
  }

  private void awaitReady(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        try {
          admin.describeCluster().nodes().get();
          return;
        } catch (ExecutionException e) {
          if (System.nanoTime() > deadline) {
            throw new IOException("Kafka broker did not become ready within " + timeout, e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the Kafka broker", e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** An admin client of this broker; close it after use. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000));
  }

  /** Creates the topics that do not exist yet. */
  public void createTopics(List<TopicSpec> topics) throws IOException {
    createTopics(bootstrapServers, topics);
  }

  /** Creates, on any cluster, the topics that do not exist yet (replication factor 1). */
  public static void createTopics(String bootstrapServers, List<TopicSpec> topics)
      throws IOException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          topics.stream()
              .filter(topic -> !existing.contains(topic.name()))
              .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) 1))
              .collect(Collectors.toList());
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IOException("cannot create topics: " + e.getCause().getMessage(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while creating topics", e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose) {
      Files2.deleteRecursively(dataDir);
    }
  }

  /**
   * Runs a broker as a process of its own until it is terminated: {@code --port 9092
   * --controller-port 9093 --data-dir .preflight/kafka --partitions 4}. Creates the contract's
   * topics.
   */
  public static void main(String[] args) throws Exception {
    Arguments arguments = Arguments.parse(args);
    Path dataDir = Path.of(arguments.value("data-dir", ".preflight/kafka"));
    int port = Integer.parseInt(arguments.value("port", "9092"));
    int controllerPort = Integer.parseInt(arguments.value("controller-port", "9093"));
    int partitions = Integer.parseInt(arguments.value("partitions", "4"));
    KafkaBroker broker = start(dataDir, port, controllerPort, false);
    broker.createTopics(dev.preflight.contracts.Topics.all(partitions));
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-shutdown"));
    System.out.println("Kafka broker ready on " + broker.bootstrapServers());
    broker.server.awaitShutdown();
  }
}
