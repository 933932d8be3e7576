package dev.preflight.monitor.streams;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.InvalidEventException;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.events.VersionRegistered;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Picks the registered versions out of the lifecycle topic: key = model version, value = team.
 * Records that are not valid events of the contract go to the dead-letter topic.
 */
class LifecycleParser implements Processor<byte[], byte[], String, Routed> {

  private final EventCodec codec;
  private ProcessorContext<String, Routed> context;

  LifecycleParser(EventCodec codec) {
    this.codec = codec;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    try {
      RawEvent raw = codec.read(record.headers(), record.value());
      if (raw.type().orElse(null) != EventType.VERSION_REGISTERED) {
        return;
      }
      Event<VersionRegistered> event = codec.decode(raw, EventType.VERSION_REGISTERED);
      VersionRegistered registered = event.data();
      context.forward(
          record
              .withKey(VersionKey.of(registered.model().modelId(), registered.version()))
              .withValue(Routed.valid(registered.model().team())));
    } catch (InvalidEventException e) {
      context.forward(DeadLetters.of(context, record, e.getMessage(), e.getClass()));
    }
  }
}
