package dev.preflight.probe.messaging;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.events.VersionPromoted;
import dev.preflight.contracts.events.VersionRetired;
import dev.preflight.probe.run.ProbeRuns;
import dev.preflight.probe.run.RunStopped;
import dev.preflight.probe.synthetic.SyntheticProbes;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Starts a probe run for every {@code phase.entered} and returns to the topic at once: the run goes
 * on off this thread, however long it takes, while other versions' phases are consumed. The record
 * is acknowledged when the run's last event is on the broker, and its offset committed only then,
 * so a crash mid-run replays the phase (event ids derive from the trigger's, so consumers apply the
 * replayed results once). Records that are not valid events go to the dead-letter topic with the
 * reason.
 */
@ApplicationScoped
public class LifecycleConsumer {

  private static final Logger LOG = Logger.getLogger(LifecycleConsumer.class);

  private final EventCodec codec;
  private final ProbeRuns runs;
  private final SyntheticProbes synthetic;

  public LifecycleConsumer(EventCodec codec, ProbeRuns runs, SyntheticProbes synthetic) {
    this.codec = codec;
    this.runs = runs;
    this.synthetic = synthetic;
  }

  /** Completes when the record is dealt with or, for a phase, when its run has a place. */
  @Incoming(Channels.LIFECYCLE)
  public CompletionStage<Void> consume(KafkaRecord<String, byte[]> record) {
    Optional<Event<PhaseEntered>> phase;
    try {
      phase = apply(record);
    } catch (RuntimeException invalid) {
      return record.nack(invalid);
    }
    if (phase.isEmpty()) {
      return record.ack();
    }
    var accepted = runs.start(phase.get(), Optional.empty());
    accepted
        .done()
        .whenComplete(
            (ignored, failure) -> {
              if (failure == null) {
                record.ack();
              } else if (stopping(failure)) {
                // left unacknowledged: the phase is replayed when the partition is consumed again
                LOG.infof("probe run of %s stopped with the service", phase.get().id());
              } else {
                LOG.errorf(failure, "probe run of %s failed", phase.get().id());
                record.nack(failure);
              }
            });
    return accepted.placed();
  }

  /** Applies what needs no run at once; a {@code phase.entered} is returned to be run. */
  private Optional<Event<PhaseEntered>> apply(KafkaRecord<String, byte[]> record) {
    RawEvent raw =
        codec.read(
            record.getHeaders() == null ? new RecordHeaders() : record.getHeaders(),
            record.getPayload());
    EventType type = raw.type().orElse(null);
    if (type == EventType.PHASE_ENTERED) {
      Event<PhaseEntered> phaseEntered = codec.decode(raw, EventType.PHASE_ENTERED);
      synthetic.observe(phaseEntered.data());
      return Optional.of(phaseEntered);
    } else if (type == EventType.VERSION_PROMOTED) {
      synthetic.promoted(codec.<VersionPromoted>decode(raw, type).data());
    } else if (type == EventType.VERSION_RETIRED) {
      synthetic.retired(codec.<VersionRetired>decode(raw, type).data());
    }
    return Optional.empty();
  }

  private static boolean stopping(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof RunStopped || cause instanceof RejectedExecutionException) {
        return true;
      }
    }
    return false;
  }
}
