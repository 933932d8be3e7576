package dev.preflight.devstack;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.RawEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes to and reads whole topics of a broker, as a pipeline or a consumer would: for the
 * tests, which drive the system through its topics.
 */
public final class TopicClient implements AutoCloseable {

  private final String bootstrapServers;
  private final KafkaProducer<String, byte[]> producer;
  private final EventCodec codec = new EventCodec();

  public TopicClient(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /**
   * Publishes a contract event in the CloudEvents binary binding and waits for the broker's ack.
   */
  public void publish(Event<?> event) {
    send(codec.toRecord(event));
  }

  /** Sends a raw record (also garbage) and waits for the broker's ack. */
  public void send(String topic, String key, byte[] value) {
    send(new ProducerRecord<>(topic, key, value));
  }

  public void send(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot send to " + record.topic(), e.getCause());
    }
  }

  /** Sends records without waiting for each; returns when the broker has acked them all. */
  public void sendAll(List<ProducerRecord<String, byte[]>> records) {
    List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
    records.forEach(r -> acks.add(producer.send(r)));
    for (java.util.concurrent.Future<?> ack : acks) {
      try {
        ack.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("cannot send", e.getCause());
      }
    }
  }

  /** Every record the topic holds right now, partition by partition. */
  public List<ConsumerRecord<String, byte[]>> records(String topic) {
    return records(topic, false);
  }

  /**
   * Every record the topic holds right now; with {@code committedOnly}, as a {@code read_committed}
   * consumer sees them (records of aborted transactions left out), up to the last stable offset.
   */
  public List<ConsumerRecord<String, byte[]>> records(String topic, boolean committedOnly) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                committedOnly ? "read_committed" : "read_uncommitted"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return records;
    }
  }

  /** The contract events a topic holds right now; records that are not events are skipped. */
  public List<RawEvent> events(String topic) {
    List<RawEvent> events = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records(topic)) {
      try {
        events.add(codec.read(record.headers(), record.value()));
      } catch (RuntimeException notAnEvent) {
        // garbage published by a test
      }
    }
    return events;
  }

  public EventCodec codec() {
    return codec;
  }

  /** A header's value as text. */
  public static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return Optional.ofNullable(header)
        .map(h -> new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    producer.close();
  }
}
