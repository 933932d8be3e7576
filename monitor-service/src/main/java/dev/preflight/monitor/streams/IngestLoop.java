package dev.preflight.monitor.streams;

import dev.preflight.contracts.Topics;
import dev.preflight.monitor.config.MonitorConfig;
import dev.preflight.monitor.metrics.MonitorMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The monitor's ingest of inference records: a plain {@link KafkaConsumer} with a transactional
 * producer per thread ({@code monitor.ingest.threads}, ADR 0015). It reads {@link
 * Topics#INFERENCE_LOGS}, lets {@link IngestStage} parse and aggregate, and every flush interval
 * commits one Kafka transaction with the partials, anything handed over or dead-lettered, and the
 * input offsets read (KIP-447, consumer-group fencing). A crash aborts the open transaction; the
 * next owner of the partitions reads again exactly the records whose partials were not committed,
 * so no record is counted twice or lost. Partitions leaving on a rebalance commit first. Its {@code
 * transactional.id} is stable per instance (kept in the state directory), so a restarted instance
 * aborts its predecessor's open transaction at once instead of waiting for it to time out.
 */
@ApplicationScoped
public class IngestLoop {

  private static final Logger LOG = Logger.getLogger(IngestLoop.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaStreams streams;
  private final MonitorConfig config;
  private final MonitorMetrics metrics;
  private final String bootstrapServers;
  private final String applicationId;
  private final Path stateDir;
  private volatile boolean running;
  private final Map<Integer, KafkaConsumer<byte[], byte[]>> consumers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Thread> threads = new java.util.ArrayList<>();
  private String instanceId;

  public IngestLoop(
      KafkaStreams streams,
      MonitorConfig config,
      MonitorMetrics metrics,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @ConfigProperty(name = "quarkus.kafka-streams.application-id") String applicationId,
      @ConfigProperty(name = "kafka-streams.state.dir") String stateDir) {
    this.streams = streams;
    this.config = config;
    this.metrics = metrics;
    this.bootstrapServers = bootstrapServers;
    this.applicationId = applicationId;
    this.stateDir = Path.of(stateDir);
  }

  void start(@Observes StartupEvent startup) {
    if (!config.ingest().enabled()) {
      LOG.warn("the plain ingest is off: no inference record is read");
      return;
    }
    running = true;
    for (int i = 0; i < Math.max(1, config.ingest().threads()); i++) {
      int index = i;
      Thread thread = new Thread(() -> run(index), "monitor-ingest-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
  }

  void stop(@Observes ShutdownEvent shutdown) {
    running = false;
    consumers.values().forEach(KafkaConsumer::wakeup);
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(15).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run(int index) {
    while (running) {
      try {
        session(index);
      } catch (WakeupException | InterruptException e) {
        // stopping
      } catch (RuntimeException e) {
        if (running) {
          LOG.warnf(e, "the ingest starts over from its last committed offsets");
          pause(Duration.ofSeconds(1));
        }
      }
    }
  }

  /** One consumer and producer of ingest thread {@code index}, until an error or shutdown. */
  private void session(int index) {
    awaitStores();
    IngestStage stage =
        new IngestStage(
            TopologyProducer.settings(config),
            store(MonitorTopology.VERSIONS_STORE),
            store(MonitorTopology.PROFILES_STORE),
            metrics);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(index));
        KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties(index))) {
      if (!running) {
        return; // stopped while the clients were being made: no wake-up reaches this one
      }
      consumers.put(index, kafka);
      // The clients' own metrics (records consumed, lag, transactions) for operators and benches.
      KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(kafka);
      KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
      consumerMetrics.bindTo(metrics.registry());
      producerMetrics.bindTo(metrics.registry());
      Transaction transaction = new Transaction(producer, kafka, stage);
      producer.initTransactions();
      kafka.subscribe(
          List.of(Topics.INFERENCE_LOGS),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              transaction.commit(); // what the partitions leaving took in goes out first
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
              transaction.abort(); // their new owner reads them again from the committed offsets
            }
          });
      long flushMs = config.flushInterval().toMillis();
      long nextFlush = System.currentTimeMillis() + flushMs;
      try {
        while (running) {
          ConsumerRecords<byte[], byte[]> records = kafka.poll(POLL);
          long now = System.currentTimeMillis();
          transaction.take(records, now);
          metrics.ingested(records.count());
          if (now >= nextFlush) {
            transaction.commit();
            nextFlush = now + flushMs;
          }
        }
        transaction.commit();
      } catch (WakeupException e) {
        if (running) {
          throw e;
        }
        transaction.commit();
      } catch (RuntimeException e) {
        transaction.abort();
        throw e;
      } finally {
        consumers.remove(index);
        consumerMetrics.close();
        producerMetrics.close();
      }
    }
  }

  /** What has been read since the last commit, and its commit. */
  private final class Transaction {
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> kafka;
    private final IngestStage stage;
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private final IngestStage.Out out;
    private boolean open;

    Transaction(
        KafkaProducer<byte[], byte[]> producer,
        KafkaConsumer<byte[], byte[]> kafka,
        IngestStage stage) {
      this.producer = producer;
      this.kafka = kafka;
      this.stage = stage;
      this.out =
          (topic, key, value, headers, timestamp) -> {
            begin();
            producer.send(new ProducerRecord<>(topic, null, timestamp, key, value, headers));
          };
    }

    void take(ConsumerRecords<byte[], byte[]> records, long now) {
      for (TopicPartition partition : records.partitions()) {
        List<ConsumerRecord<byte[], byte[]>> list = records.records(partition);
        for (ConsumerRecord<byte[], byte[]> r : list) {
          try {
            stage.accept(
                r.topic(),
                r.partition(),
                r.offset(),
                r.key(),
                r.value(),
                r.headers(),
                r.timestamp(),
                now,
                out);
          } catch (KafkaException e) {
            throw e;
          } catch (RuntimeException e) {
            // A record this code cannot take must not stall the partition behind it forever.
            LOG.errorf(
                e, "inference record %s-%d@%d dead-lettered", r.topic(), r.partition(), r.offset());
            out.send(
                Topics.deadLetter(Topics.INFERENCE_LOGS),
                r.key(),
                r.value(),
                DeadLetters.headers(
                    r.headers(),
                    "the monitor could not process it: " + e,
                    e.getClass(),
                    r.topic(),
                    r.partition(),
                    r.offset()),
                r.timestamp());
          }
        }
        offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1, null));
      }
    }

    private void begin() {
      if (!open) {
        producer.beginTransaction();
        open = true;
      }
    }

    /** The partials, what was handed over or dead-lettered, and the offsets, in one transaction. */
    void commit() {
      if (offsets.isEmpty() && !open) {
        return;
      }
      stage.flush(System.currentTimeMillis(), out);
      begin();
      if (!offsets.isEmpty()) {
        producer.sendOffsetsToTransaction(offsets, kafka.groupMetadata());
      }
      producer.commitTransaction();
      open = false;
      offsets.clear();
    }

    /** Drops what was read since the last commit: the records will be read again. */
    void abort() {
      stage.discard();
      offsets.clear();
      if (open) {
        open = false;
        try {
          producer.abortTransaction();
        } catch (ProducerFencedException e) {
          // a newer instance with this id took over: nothing of ours can commit
        } catch (KafkaException e) {
          LOG.debugf(e, "aborting the ingest transaction");
        }
      }
    }
  }

  private void awaitStores() {
    long deadline = System.currentTimeMillis() + Duration.ofMinutes(2).toMillis();
    while (running
        && streams.state() != KafkaStreams.State.RUNNING
        && !(streams.state() == KafkaStreams.State.REBALANCING
            && System.currentTimeMillis() > deadline)) {
      pause(Duration.ofMillis(100));
    }
  }

  private ReadOnlyKeyValueStore<String, byte[]> store(String name) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(
            name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
  }

  /**
   * The connection's security settings, the same as the monitor's messaging channels take ({@code
   * KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}, the
   * {@code KAFKA_SSL_*} stores).
   */
  private static final List<String> SECURITY =
      List.of(
          "security.protocol",
          "sasl.mechanism",
          "sasl.jaas.config",
          "ssl.truststore.location",
          "ssl.truststore.password",
          "ssl.truststore.type",
          "ssl.keystore.location",
          "ssl.keystore.password",
          "ssl.keystore.type",
          "ssl.endpoint.identification.algorithm");

  private static Properties connection(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    org.eclipse.microprofile.config.Config config =
        org.eclipse.microprofile.config.ConfigProvider.getConfig();
    for (String name : SECURITY) {
      config.getOptionalValue("kafka." + name, String.class).ifPresent(v -> p.put(name, v));
    }
    return p;
  }

  private Properties consumerProperties(int index) {
    Properties p = connection(bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-ingest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-ingest-consumer-" + index);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(config.ingest().maxPollRecords()));
    p.put(
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        String.valueOf(config.ingest().sessionTimeout().toMillis()));
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private Properties producerProperties(int index) {
    Properties p = connection(bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, applicationId + "-ingest-producer-" + index);
    p.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        applicationId + "-ingest-" + instanceId() + (index == 0 ? "" : "-" + index));
    p.put(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
        String.valueOf(Math.max(30_000, 3 * config.flushInterval().toMillis())));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /**
   * This instance's name in its {@code transactional.id}: configured, or kept in the state
   * directory, so that the same instance restarted has the same one.
   */
  private synchronized String instanceId() {
    if (instanceId == null) {
      instanceId = readInstanceId();
    }
    return instanceId;
  }

  private String readInstanceId() {
    if (config.ingest().instanceId().isPresent()) {
      return config.ingest().instanceId().get();
    }
    Path file = stateDir.resolve("ingest-instance-id");
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!id.isEmpty()) {
          return id;
        }
      }
      Files.createDirectories(stateDir);
      String id = UUID.randomUUID().toString();
      Files.writeString(file, id, StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      LOG.warnf("cannot keep the ingest's instance id in %s: %s", file, e.getMessage());
      return UUID.randomUUID().toString();
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
