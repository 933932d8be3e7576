package dev.preflight.monitor.streams;

import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The monitor's stream processing: per model version, the registered versions (from {@code
 * version.registered}) and the number of inference records received. Both are state stores backed
 * by changelog topics, so they survive an instance.
 */
@ApplicationScoped
public class MonitorTopology {

  /** Model version → team, for every registered version. */
  public static final String REGISTERED_VERSIONS = "registered-versions";

  /** Model version → inference records received. */
  public static final String INFERENCE_COUNTS = "inference-counts";

  @Produces
  public Topology topology(EventCodec codec, MeterRegistry registry) {
    StreamsBuilder builder = new StreamsBuilder();

    Map<String, KStream<String, Routed>> lifecycle =
        builder.stream(
                Topics.LIFECYCLE,
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("lifecycle"))
            .process(() -> new LifecycleParser(codec), Named.as("parse-lifecycle"))
            .split(Named.as("lifecycle-"))
            .branch((key, routed) -> routed.valid(), Branched.as("valid"))
            .defaultBranch(Branched.as("dead-letter"));
    lifecycle
        .get("lifecycle-valid")
        .mapValues(Routed::value)
        .toTable(
            Named.as("to-registered-versions"),
            Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(REGISTERED_VERSIONS)
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.String()));
    deadLetter(lifecycle.get("lifecycle-dead-letter"), Topics.LIFECYCLE);

    Map<String, KStream<String, Routed>> logs =
        builder.stream(
                Topics.INFERENCE_LOGS,
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("inference-logs"))
            .process(() -> new InferenceLogParser(registry), Named.as("parse-inference-logs"))
            .split(Named.as("inference-"))
            .branch((key, routed) -> routed.valid(), Branched.as("valid"))
            .defaultBranch(Branched.as("dead-letter"));
    logs.get("inference-valid")
        .mapValues(Routed::value)
        .groupByKey(Grouped.with("by-version", Serdes.String(), Serdes.String()))
        .count(
            Named.as("count-inference-records"),
            Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(INFERENCE_COUNTS)
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.Long()));
    deadLetter(logs.get("inference-dead-letter"), Topics.INFERENCE_LOGS);

    return builder.build();
  }

  private static void deadLetter(KStream<String, Routed> stream, String topic) {
    stream
        .mapValues(Routed::original)
        .to(
            Topics.deadLetter(topic),
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-" + topic));
  }
}
