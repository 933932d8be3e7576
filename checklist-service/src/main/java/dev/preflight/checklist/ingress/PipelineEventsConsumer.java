package dev.preflight.checklist.ingress;

import dev.preflight.checklist.messaging.Channels;
import dev.preflight.support.persistence.Outages;
import dev.preflight.support.rest.Problems;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Pipeline actions from {@code preflight.pipeline-events.v1} (Kafka binary binding). The topic is
 * inside the trust boundary: the broker's ACLs decide who may write to it, and the event's {@code
 * source} is the actor the audit log records. Every record's outcome is published on the lifecycle
 * topic; a record that is not a valid pipeline event also goes to the dead-letter topic with the
 * reason, and the consumer goes on. The database being down is waited out: the record is neither
 * dead-lettered nor acknowledged until it is applied.
 */
@ApplicationScoped
public class PipelineEventsConsumer {

  private final PipelineEvents events;

  public PipelineEventsConsumer(PipelineEvents events) {
    this.events = events;
  }

  @Incoming(Channels.PIPELINE_EVENTS)
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    PipelineOutcome outcome;
    CloudEvent cloudEvent;
    try {
      cloudEvent = KafkaMessageFactory.createReader(record.headers(), record.value()).toEvent();
    } catch (CloudEventRWException | IllegalStateException e) {
      outcome =
          Outages.waitingOut(
              "pipeline-events",
              () ->
                  events.reject(
                      partial(record.headers()),
                      Problems.problem(
                          400,
                          "invalid-event",
                          "Not a valid CloudEvent",
                          "not a CloudEvent in the Kafka binary binding: " + e.getMessage(),
                          PipelineEvents.INSTANCE,
                          List.of()),
                      PipelineEvents.Channel.KAFKA));
      throw new InvalidPipelineEvent(outcome);
    }
    PipelineEvent event = PipelineEvent.of(cloudEvent);
    outcome =
        Outages.waitingOut(
            "pipeline-events",
            () ->
                events.apply(
                    event,
                    Caller.insideTrustBoundary(event.source(), Roles.PIPELINE),
                    PipelineEvents.Channel.KAFKA));
    if (outcome.problem().map(p -> p.status() == 400).orElse(false)) {
      // It can never be applied: keep it for inspection.
      throw new InvalidPipelineEvent(outcome);
    }
  }

  private static PipelineEvent partial(Headers headers) {
    return PipelineEvent.unreadable(
        header(headers, "ce_id"), header(headers, "ce_source"), header(headers, "ce_type"));
  }

  private static Optional<String> header(Headers headers, String name) {
    return Optional.ofNullable(headers.lastHeader(name))
        .map(Header::value)
        .map(value -> new String(value, StandardCharsets.UTF_8));
  }

  /** The dead-letter reason: why the event was rejected. */
  static final class InvalidPipelineEvent extends RuntimeException {
    InvalidPipelineEvent(PipelineOutcome outcome) {
      super(
          "rejected "
              + (outcome.id().isEmpty() ? "a record" : "event '" + outcome.id() + "'")
              + ": "
              + String.join("; ", Problems.reasons(outcome.problem().orElseThrow())),
          null,
          false,
          false);
    }
  }
}
