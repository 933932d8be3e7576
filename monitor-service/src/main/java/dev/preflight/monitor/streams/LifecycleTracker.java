package dev.preflight.monitor.streams;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.InvalidEventException;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.events.VersionPromoted;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.contracts.events.VersionRetired;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.monitor.profile.VersionInfo;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Follows the lifecycle topic and says what the monitor needs of each version: its team, declared
 * features, SLOs and training metrics, and whether it serves production traffic (promoted to
 * production, not replaced, not retired). Each change goes to the versions topic every instance
 * reads as a global store. Records that are not events of the contract are dead-lettered.
 */
class LifecycleTracker implements Processor<byte[], byte[], String, Routed> {

  static final String STORE = "lifecycle-versions";

  private final EventCodec codec;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, byte[]> versions;

  LifecycleTracker(EventCodec codec) {
    this.codec = codec;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.versions = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    try {
      RawEvent raw = codec.read(record.headers(), record.value());
      EventType type = raw.type().orElse(null);
      if (type == EventType.VERSION_REGISTERED) {
        Event<VersionRegistered> event = codec.decode(raw, EventType.VERSION_REGISTERED);
        VersionRegistered registered = event.data();
        VersionManifest manifest = registered.manifest();
        String key = VersionKey.of(registered.model().modelId(), registered.version());
        boolean live = known(key).map(VersionInfo::live).orElse(false);
        update(
            record,
            key,
            new VersionInfo(
                registered.model().modelId(),
                registered.version(),
                registered.model().team(),
                live,
                false,
                event.time(),
                manifest.features(),
                manifest.slos(),
                manifest.trainingMetrics(),
                manifest.referenceDataset().isPresent()
                    || manifest.referenceProfile().isPresent()));
      } else if (type == EventType.VERSION_PROMOTED) {
        VersionPromoted promoted =
            codec.decode(raw, EventType.VERSION_PROMOTED, VersionPromoted.class).data();
        if (!promoted.environment().equals("prod")) {
          return;
        }
        String key = VersionKey.of(promoted.modelId(), promoted.version());
        known(key).ifPresent(info -> update(record, key, info.withLive(true)));
        promoted
            .replaces()
            .map(old -> VersionKey.of(promoted.modelId(), old))
            .ifPresent(
                old -> known(old).ifPresent(info -> update(record, old, info.withLive(false))));
      } else if (type == EventType.VERSION_RETIRED) {
        VersionRetired retired =
            codec.decode(raw, EventType.VERSION_RETIRED, VersionRetired.class).data();
        String key = VersionKey.of(retired.modelId(), retired.version());
        known(key).ifPresent(info -> update(record, key, info.retire()));
      }
    } catch (InvalidEventException e) {
      context.forward(DeadLetters.of(context, record, e.getMessage(), e.getClass()));
    }
  }

  private Optional<VersionInfo> known(String key) {
    return Views.read(versions.get(key), VersionInfo.class);
  }

  private void update(Record<byte[], byte[]> record, String key, VersionInfo info) {
    byte[] bytes = Views.write(info);
    versions.put(key, bytes);
    context.forward(
        new Record<>(key, Routed.of(Routed.Route.VERSION_INFO, bytes), record.timestamp()));
  }
}
