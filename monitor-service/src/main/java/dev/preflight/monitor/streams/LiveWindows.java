package dev.preflight.monitor.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.window.InferenceRecord;
import dev.preflight.monitor.window.Reference;
import dev.preflight.monitor.window.VersionChars;
import dev.preflight.monitor.window.WindowAggregate;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Stage one's live windows: per version and window, the aggregates of the records taken in since
 * the last flush. A version's state is found from the record's characters (no key {@code String}
 * per record); what aggregating needs of a version is read from the versions and profiles stores at
 * most once per flush interval. Shared by the plain ingest ({@link IngestStage}) and the Kafka
 * Streams stage one ({@link InferenceAggregator}), which takes the records the ingest hands over.
 */
final class LiveWindows {

  static final byte PARTIAL = 1;
  static final byte OUTCOME = 2;

  /** Versions remembered; beyond, the slots start over at the next flush. */
  private static final int MAX_SLOTS = 100_000;

  private final Settings settings;
  private final VersionViews<VersionView> views;
  private final Map<VersionChars, Slot> slots = new HashMap<>();
  private final VersionChars probe = new VersionChars();

  /** What aggregating needs of a version, read from the stores once per flush interval. */
  record VersionView(Optional<VersionInfo> info, Reference reference, boolean joins) {
    boolean registered() {
      return info.isPresent();
    }
  }

  /** Where a flush sends a version's partial of one window. */
  interface Partials {
    void partial(String versionKey, byte[] partial, long records);
  }

  /** Where a prediction of a version with training metrics goes to wait for its label. */
  interface Predictions {
    void prediction(String requestId, byte[] waiting, long timestamp);
  }

  LiveWindows(
      Settings settings,
      ReadOnlyKeyValueStore<String, byte[]> versions,
      ReadOnlyKeyValueStore<String, byte[]> profiles) {
    this.settings = settings;
    this.views =
        new VersionViews<>(versions, profiles, settings.flushInterval().toMillis(), this::derive);
  }

  /**
   * What stage one keeps of a version between flushes: its key, its view of the stores, and its
   * live windows.
   */
  static final class Slot {
    final String key;
    VersionView view;
    long viewAt = Long.MIN_VALUE;
    final Map<Long, WindowAggregate> windows = new HashMap<>();
    long currentStart = Long.MIN_VALUE;
    WindowAggregate current;

    Slot(String key) {
      this.key = key;
    }

    WindowAggregate window(long start) {
      if (start != currentStart || current == null) {
        current = windows.computeIfAbsent(start, w -> new WindowAggregate());
        currentStart = start;
      }
      return current;
    }

    void flushed() {
      windows.clear();
      current = null;
    }
  }

  /** The slot of the parsed record's version. */
  Slot slot(InferenceRecord parsed) {
    Slot slot = slots.get(probe.of(parsed));
    if (slot == null) {
      slot = new Slot(VersionKey.of(parsed.modelId(), parsed.modelVersion()));
      slots.put(probe.copy(), slot);
    }
    return slot;
  }

  /** The version's view, looked up again at most once per flush interval. */
  VersionView view(Slot slot, long now) {
    if (slot.view == null || now - slot.viewAt >= settings.flushInterval().toMillis()) {
      slot.view = views.get(slot.key, now).derived();
      slot.viewAt = now;
    }
    return slot.view;
  }

  /** The version's view as the stores hold it now. */
  VersionView view(String key, long now) {
    return views.get(key, now).derived();
  }

  /** Adds a record of a registered version to its window. */
  void add(Slot slot, InferenceRecord parsed, VersionView view, Predictions predictions) {
    long timestamp = parsed.timestamp();
    slot.window(settings.windowStart(timestamp)).add(parsed, view.reference());
    if (view.joins() && parsed.hasPrediction()) {
      ObjectNode waiting = InferenceAggregator.MAPPER.createObjectNode();
      waiting.put("type", "prediction");
      waiting.put("version", slot.key);
      waiting.set("prediction", parsed.predictedLabel());
      predictions.prediction(parsed.requestId(), Views.write(waiting), timestamp);
    }
  }

  /** Sends every live window as a partial and starts over. */
  void flush(Partials partials, MonitorListener listener) {
    for (Slot slot : slots.values()) {
      if (slot.windows.isEmpty()) {
        continue;
      }
      long records = 0;
      for (Map.Entry<Long, WindowAggregate> window : slot.windows.entrySet()) {
        byte[] aggregate = window.getValue().toBytes();
        long count = window.getValue().count();
        records += count;
        byte[] partial =
            ByteBuffer.allocate(1 + 8 + aggregate.length)
                .put(PARTIAL)
                .putLong(window.getKey())
                .put(aggregate)
                .array();
        partials.partial(slot.key, partial, count);
      }
      slot.flushed();
      listener.flushed(slot.key, records);
    }
    if (slots.size() > MAX_SLOTS) {
      slots.clear();
    }
  }

  /** Forgets every live window (their records will be read again). */
  void discard() {
    slots.values().forEach(Slot::flushed);
  }

  private VersionView derive(VersionViews.View<VersionView> view) {
    Optional<Profile> profile = view.profile();
    long maxPayload =
        profile
            .map(p -> p.thresholds().over(settings.defaults()).security().maxPayloadBytes())
            .orElse(settings.defaults().security().maxPayloadBytes());
    boolean joins =
        view.info().map(i -> !i.trainingMetrics().isEmpty()).orElse(false)
            || profile.map(p -> !p.trainingMetrics().isEmpty()).orElse(false);
    return new VersionView(
        view.info(),
        profile.map(p -> Reference.of(p, maxPayload)).orElse(Reference.none(maxPayload)),
        joins);
  }
}
