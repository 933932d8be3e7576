package dev.preflight.checklist.messaging;

import dev.preflight.checklist.service.ChecklistService;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies the monitor's coverage and signals to the monitoring items. Unreadable records go to the
 * dead-letter topic with the reason.
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
      checklists.applyCoverage(codec.decode(raw, type));
    } else if (type == EventType.SIGNAL_FIRING) {
      checklists.applySignalFiring(codec.decode(raw, type));
    } else if (type == EventType.SIGNAL_RESOLVED) {
      checklists.applySignalResolved(codec.decode(raw, type));
    }
  }
}
