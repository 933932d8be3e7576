package dev.preflight.probe.messaging;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.probe.check.ProbeRunner;
import dev.preflight.support.messaging.KafkaMessages;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Starts a probe run for every {@code phase.entered}. The incoming event is acknowledged only after
 * the broker has every result of the run, so a crash re-runs the phase rather than losing results.
 * Records that are not valid events go to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class LifecycleConsumer {

  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  private final EventCodec codec;
  private final ProbeRunner runner;
  private final MutinyEmitter<byte[]> results;

  public LifecycleConsumer(
      EventCodec codec,
      ProbeRunner runner,
      @Channel(Channels.PROBE_RESULTS) MutinyEmitter<byte[]> results) {
    this.codec = codec;
    this.runner = runner;
    this.results = results;
  }

  @Incoming(Channels.LIFECYCLE)
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    RawEvent raw = codec.read(record.headers(), record.value());
    if (raw.type().orElse(null) != EventType.PHASE_ENTERED) {
      return;
    }
    Event<PhaseEntered> phaseEntered = codec.decode(raw, EventType.PHASE_ENTERED);
    List<Event<?>> events = runner.run(phaseEntered);
    for (Event<?> event : events) {
      results.sendMessage(KafkaMessages.of(codec.toRecord(event))).await().atMost(PUBLISH_TIMEOUT);
    }
  }
}
