package dev.preflight.probe.messaging;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.support.messaging.KafkaMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes what probe-service found, each event acknowledged by the broker before the next. */
@ApplicationScoped
public class RunPublisher {

  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  private final EventCodec codec;
  private final MutinyEmitter<byte[]> results;

  public RunPublisher(
      EventCodec codec, @Channel(Channels.PROBE_RESULTS) MutinyEmitter<byte[]> results) {
    this.codec = codec;
    this.results = results;
  }

  public void publish(List<Event<?>> events) {
    for (Event<?> event : events) {
      results.sendMessage(KafkaMessages.of(codec.toRecord(event))).await().atMost(PUBLISH_TIMEOUT);
    }
  }
}
