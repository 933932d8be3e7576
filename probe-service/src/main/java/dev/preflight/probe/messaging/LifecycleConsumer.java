package dev.preflight.probe.messaging;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.events.VersionPromoted;
import dev.preflight.contracts.events.VersionRetired;
import dev.preflight.probe.check.ProbeRunner;
import dev.preflight.probe.synthetic.SyntheticProbes;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Starts a probe run for every {@code phase.entered}. The incoming event is acknowledged only after
 * the broker has every result of the run, so a crash re-runs the phase rather than losing results.
 * Records that are not valid events go to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class LifecycleConsumer {

  private final EventCodec codec;
  private final ProbeRunner runner;
  private final RunPublisher publisher;
  private final SyntheticProbes synthetic;

  public LifecycleConsumer(
      EventCodec codec, ProbeRunner runner, RunPublisher publisher, SyntheticProbes synthetic) {
    this.codec = codec;
    this.runner = runner;
    this.publisher = publisher;
    this.synthetic = synthetic;
  }

  @Incoming(Channels.LIFECYCLE)
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    RawEvent raw = codec.read(record.headers(), record.value());
    EventType type = raw.type().orElse(null);
    if (type == EventType.PHASE_ENTERED) {
      Event<PhaseEntered> phaseEntered = codec.decode(raw, EventType.PHASE_ENTERED);
      synthetic.observe(phaseEntered.data());
      publisher.publish(runner.run(phaseEntered));
    } else if (type == EventType.VERSION_PROMOTED) {
      synthetic.promoted(codec.<VersionPromoted>decode(raw, type).data());
    } else if (type == EventType.VERSION_RETIRED) {
      synthetic.retired(codec.<VersionRetired>decode(raw, type).data());
    }
  }
}
