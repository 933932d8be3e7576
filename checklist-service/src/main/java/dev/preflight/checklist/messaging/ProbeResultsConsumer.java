package dev.preflight.checklist.messaging;

import dev.preflight.checklist.service.ChecklistService;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.support.persistence.Outages;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies probe results to the checklists. A record that is not a valid event of the contract, or
 * names a version or item this service does not know, is nacked and goes to the dead-letter topic
 * with the reason; the consumer goes on. The database being down is waited out, not dead-lettered.
 */
@ApplicationScoped
public class ProbeResultsConsumer {

  private final EventCodec codec;
  private final ChecklistService checklists;

  public ProbeResultsConsumer(EventCodec codec, ChecklistService checklists) {
    this.codec = codec;
    this.checklists = checklists;
  }

  @Incoming(Channels.PROBE_RESULTS)
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    RawEvent raw = codec.read(record.headers(), record.value());
    EventType type = raw.type().orElse(null);
    if (type == EventType.PROBE_RUN_STARTED) {
      var event = codec.<dev.preflight.contracts.events.ProbeRunStarted>decode(raw, type);
      Outages.waitingOut("probe-results", () -> checklists.applyRunStarted(event));
    } else if (type == EventType.CHECK_COMPLETED) {
      var event = codec.<dev.preflight.contracts.events.CheckCompleted>decode(raw, type);
      Outages.waitingOut("probe-results", () -> checklists.applyCheck(event));
    }
    // Other types on this topic (probe.run.completed, and types newer than this contract) are not
    // ours.
  }
}
