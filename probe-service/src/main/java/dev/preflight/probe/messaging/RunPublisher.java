package dev.preflight.probe.messaging;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.probe.run.RunStopped;
import dev.preflight.support.messaging.KafkaMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes what probe-service found, each event acknowledged by the broker before the next. A
 * broker that is away is waited out: the event ids are stable, so a retried send is applied once.
 */
@ApplicationScoped
public class RunPublisher {

  private static final Logger LOG = Logger.getLogger(RunPublisher.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final EventCodec codec;
  private final MutinyEmitter<byte[]> results;

  public RunPublisher(
      EventCodec codec, @Channel(Channels.PROBE_RESULTS) MutinyEmitter<byte[]> results) {
    this.codec = codec;
    this.results = results;
  }

  /**
   * Sends the event and returns once the broker has it, retrying for as long as it takes.
   *
   * @throws RunStopped when interrupted (the service is stopping)
   */
  public void publish(Event<?> event) {
    for (int attempt = 1; ; attempt++) {
      try {
        results
            .sendMessage(KafkaMessages.of(codec.toRecord(event)))
            .await()
            .atMost(PUBLISH_TIMEOUT);
        return;
      } catch (RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new RunStopped("stopped while publishing " + event.id(), e);
        }
        long wait = Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(attempt, 10));
        LOG.warnf(
            "publishing %s failed (attempt %d), retrying in %d ms: %s",
            event.id(), attempt, wait, e);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new RunStopped("stopped while publishing " + event.id(), e);
        }
      }
    }
  }
}
