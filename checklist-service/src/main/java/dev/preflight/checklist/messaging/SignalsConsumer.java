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
 * Applies the monitor's coverage and signals to the monitoring items. Unreadable records go to the
 * dead-letter topic with the reason; the database being down is waited out.
 */
@ApplicationScoped
public class SignalsConsumer {

  private final EventCodec codec;
  private final ChecklistService checklists;

  public SignalsConsumer(EventCodec codec, ChecklistService checklists) {
    this.codec = codec;
    this.checklists = checklists;
  }

  @Incoming(Channels.SIGNALS)
  @Blocking
  public void consume(ConsumerRecord<String, byte[]> record) {
    RawEvent raw = codec.read(record.headers(), record.value());
    EventType type = raw.type().orElse(null);
    if (type == EventType.COVERAGE_UPDATED) {
      var event = codec.<dev.preflight.contracts.events.CoverageUpdated>decode(raw, type);
      Outages.waitingOut("signals", () -> checklists.applyCoverage(event));
    } else if (type == EventType.SYNTHETIC_PROBED) {
      var event = codec.<dev.preflight.contracts.events.SyntheticProbed>decode(raw, type);
      Outages.waitingOut("signals", () -> checklists.applySyntheticProbed(event));
    } else if (type == EventType.SIGNAL_FIRING) {
      var event = codec.<dev.preflight.contracts.events.SignalFiring>decode(raw, type);
      Outages.waitingOut("signals", () -> checklists.applySignalFiring(event));
    } else if (type == EventType.SIGNAL_RESOLVED) {
      var event = codec.<dev.preflight.contracts.events.SignalResolved>decode(raw, type);
      Outages.waitingOut("signals", () -> checklists.applySignalResolved(event));
    }
  }
}
