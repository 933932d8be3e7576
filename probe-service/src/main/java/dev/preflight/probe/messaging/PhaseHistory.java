package dev.preflight.probe.messaging;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.Phase;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The latest {@code phase.entered} of a version's phase, read back from the lifecycle topic: the
 * model id is the record key, so one partition holds all of a model's events and only it is read.
 * Probe-service keeps no state of its own; re-runs find what to verify here.
 */
@ApplicationScoped
public class PhaseHistory {

  private final String bootstrapServers;
  private final EventCodec codec;

  public PhaseHistory(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, EventCodec codec) {
    this.bootstrapServers = bootstrapServers;
    this.codec = codec;
  }

  public Optional<Event<PhaseEntered>> latest(String modelId, String version, Phase phase) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "probe-service-history-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      int partitions = consumer.partitionsFor(Topics.LIFECYCLE).size();
      TopicPartition partition =
          new TopicPartition(
              Topics.LIFECYCLE,
              Utils.toPositive(Utils.murmur2(modelId.getBytes(StandardCharsets.UTF_8)))
                  % partitions);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      Optional<Event<PhaseEntered>> latest = Optional.empty();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (!modelId.equals(record.key())) {
            continue;
          }
          try {
            RawEvent raw = codec.read(record.headers(), record.value());
            if (raw.type().orElse(null) == EventType.PHASE_ENTERED
                && raw.modelVersion().orElse("").equals(version)) {
              Event<PhaseEntered> event = codec.decode(raw, EventType.PHASE_ENTERED);
              if (event.data().phase() == phase) {
                latest = Optional.of(event);
              }
            }
          } catch (RuntimeException notAnEvent) {
            // dead-lettered by the consumers; nothing to re-run
          }
        }
      }
      return latest;
    }
  }
}
