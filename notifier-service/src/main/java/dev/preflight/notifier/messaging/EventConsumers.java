package dev.preflight.notifier.messaging;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.events.ModelRegistered;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.notifier.service.AlertService;
import dev.preflight.notifier.service.ContactService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Probe results become alerts; lifecycle events keep the models' contacts. Records that are not
 * valid events go to their topic's dead-letter topic with the reason.
 */
@ApplicationScoped
public class EventConsumers {

  private final EventCodec codec;
  private final AlertService alerts;
  private final ContactService contacts;

  public EventConsumers(EventCodec codec, AlertService alerts, ContactService contacts) {
    this.codec = codec;
    this.alerts = alerts;
    this.contacts = contacts;
  }

  @Incoming(Channels.PROBE_RESULTS)
  @Blocking
  public void probeResult(ConsumerRecord<String, byte[]> record) {
    RawEvent raw = codec.read(record.headers(), record.value());
    if (raw.type().orElse(null) == EventType.CHECK_COMPLETED) {
      alerts.onCheck(codec.decode(raw, EventType.CHECK_COMPLETED));
    }
  }

  @Incoming(Channels.LIFECYCLE)
  @Blocking
  public void lifecycle(ConsumerRecord<String, byte[]> record) {
    RawEvent raw = codec.read(record.headers(), record.value());
    EventType type = raw.type().orElse(null);
    if (type == EventType.MODEL_REGISTERED) {
      Event<ModelRegistered> event = codec.decode(raw, type);
      ModelRegistered model = event.data();
      contacts.record(event.id(), model.modelId(), model.name(), model.team(), model.owner());
    } else if (type == EventType.VERSION_REGISTERED) {
      Event<VersionRegistered> event = codec.decode(raw, type);
      var model = event.data().model();
      contacts.record(event.id(), model.modelId(), model.name(), model.team(), model.owner());
    }
  }
}
