package dev.preflight.monitor.streams;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.events.CoverageUpdated;
import dev.preflight.contracts.events.SignalFiring;
import dev.preflight.contracts.events.SignalResolved;
import dev.preflight.monitor.detect.DetectorState;
import dev.preflight.monitor.detect.Detectors;
import dev.preflight.monitor.detect.Observation;
import dev.preflight.monitor.detect.SignalRecord;
import dev.preflight.monitor.detect.VersionState;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.stats.Distribution;
import dev.preflight.monitor.window.WindowAggregate;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage two, per model version: merges the partials of every partition into the version's windows
 * (a changelogged store keeps the horizon), evaluates each window once its end plus the close delay
 * has passed, damps flapping (fire after N breaching windows, resolve after M healthy ones) and
 * publishes {@code signal.firing} / {@code signal.resolved}. Windows with no records are evaluated
 * too: that is how a live version's logs stopping is seen.
 *
 * <p>Exact through a crash, at the cost of one small store write per partial: the open windows and
 * the versions' counters are kept in memory and checkpointed to their stores every flush interval
 * (and whenever a window is evaluated), while each partial, as it arrives, is appended to a journal
 * store in the transaction that commits its offset. A checkpoint empties the journal in its own
 * transaction; a restarted task merges what the journal holds into the checkpointed state, so every
 * committed partial counts exactly once. (Writing the merged window through per partial instead
 * cost a quarter of the monitor's throughput with 1,000 versions: ADR 0015.)
 */
class VersionEvaluator implements Processor<String, Routed, String, Routed> {

  static final String WINDOWS = "version-windows";
  static final String STATE = "version-state";
  static final String HISTORY = "signal-history";
  static final String JOURNAL = "version-journal";
  static final int HISTORY_LIMIT = 200;
  static final int CLIENT_LIMIT = 1000;
  static final URI SOURCE = URI.create("/preflight/monitor-service");

  private final Settings settings;
  private final EventCodec codec;
  private final MonitorListener listener;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, byte[]> windows;
  private KeyValueStore<String, byte[]> states;
  private KeyValueStore<String, byte[]> history;
  private KeyValueStore<String, byte[]> journal;

  /** The journal's keys since the last checkpoint. */
  private final List<String> journalled = new ArrayList<>();

  /** Windows already evaluated that late partials merged into, until the next checkpoint. */
  private final Map<String, WindowAggregate> late = new HashMap<>();

  private KeyValueStore<String, byte[]> versions;
  private KeyValueStore<String, byte[]> profiles;
  private final Map<String, VersionState> cache = new HashMap<>();

  /** The windows not evaluated yet, deserialised once: partials merge into these. */
  private final Map<String, WindowAggregate> open = new HashMap<>();

  private long lastCheckpoint;

  /**
   * When this task started: a version's silence is judged only after two flush intervals of it, so
   * that a restarted instance does not take the backlog the ingest is still catching up on for
   * traffic that stopped.
   */
  private long startedAt;

  /** Open windows changed since their last checkpoint. */
  private final Set<String> dirtyWindows = new HashSet<>();

  private VersionViews<Map<String, Distribution>> views;

  /** Versions whose counters changed since the last checkpoint. */
  private final Set<String> dirty = new HashSet<>();

  /** Every version this task holds state for. */
  private final Set<String> known = new HashSet<>();

  VersionEvaluator(Settings settings, EventCodec codec, MonitorListener listener) {
    this.settings = settings;
    this.codec = codec;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.startedAt = context.currentSystemTimeMs();
    this.context = context;
    this.windows = context.getStateStore(WINDOWS);
    this.states = context.getStateStore(STATE);
    this.history = context.getStateStore(HISTORY);
    this.journal = context.getStateStore(JOURNAL);
    this.versions = context.getStateStore(MonitorTopology.VERSIONS_STORE);
    this.profiles = context.getStateStore(MonitorTopology.PROFILES_STORE);
    this.views =
        new VersionViews<>(
            versions, profiles, settings.evaluateEvery().toMillis(), view -> new HashMap<>());
    try (KeyValueIterator<String, byte[]> all = states.all()) {
      all.forEachRemaining(kv -> known.add(kv.key));
    }
    // The partials committed after the last checkpoint: merged again into the checkpointed state.
    this.lastCheckpoint = startedAt;
    try (KeyValueIterator<String, byte[]> all = journal.all()) {
      all.forEachRemaining(
          kv -> {
            journalled.add(kv.key);
            apply(kv.key.substring(0, kv.key.indexOf(JOURNAL_SEPARATOR)), kv.value);
          });
    }
    context.schedule(settings.evaluateEvery(), PunctuationType.WALL_CLOCK_TIME, this::evaluate);
  }

  static String windowKey(String versionKey, long windowStart) {
    return MonitorTopology.windowKeyPrefix(versionKey) + String.format("%019d", windowStart);
  }

  private static final char JOURNAL_SEPARATOR = '|';

  @Override
  public void process(Record<String, Routed> record) {
    String key = record.key();
    byte[] bytes = record.value().bytes();
    String entry =
        context
            .recordMetadata()
            .map(
                m ->
                    key
                        + JOURNAL_SEPARATOR
                        + String.format("%06d", m.partition())
                        + JOURNAL_SEPARATOR
                        + String.format("%019d", m.offset()))
            .orElseGet(() -> key + JOURNAL_SEPARATOR + java.util.UUID.randomUUID());
    journal.put(entry, bytes);
    journalled.add(entry);
    apply(key, bytes);
  }

  /** Merges a partial (or a joined outcome) into the version's window and counters, in memory. */
  private void apply(String key, byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    byte kind = buffer.get();
    long time = buffer.getLong();
    byte[] payload = new byte[buffer.remaining()];
    buffer.get(payload);
    VersionState state = state(key);
    long now = context.currentSystemTimeMs();
    long windowStart = settings.windowStart(time);
    WindowAggregate incoming;
    if (kind == LiveWindows.PARTIAL) {
      incoming = WindowAggregate.fromBytes(payload);
      state.records += incoming.count();
      if (incoming.count() > 0) {
        state.latestRecordTime = Math.max(state.latestRecordTime, incoming.latestTimestamp());
        state.lastPartialAt = now;
      }
      if (incoming.count() > 0 && state.nextWindow < 0) {
        state.nextWindow =
            Math.max(windowStart, settings.windowStart(now) - settings.horizon().toMillis());
      }
    } else {
      incoming = new WindowAggregate();
      try {
        JsonNode outcome = InferenceAggregator.MAPPER.readTree(payload);
        incoming.addOutcome(outcome.path("truth"), outcome.path("predicted"));
      } catch (IOException e) {
        return;
      }
    }
    if (windowStart < settings.windowStart(now) - settings.horizon().toMillis()
        || (state.nextWindow >= 0
            && windowStart < state.nextWindow - settings.horizon().toMillis())) {
      state.lateRecords += incoming.count();
    } else {
      String windowKey = windowKey(key, windowStart);
      WindowAggregate merged = open.get(windowKey);
      if (merged == null) {
        merged = late.get(windowKey);
      }
      if (merged == null) {
        byte[] stored = windows.get(windowKey);
        merged = stored == null ? new WindowAggregate() : WindowAggregate.fromBytes(stored);
        // Not evaluated yet: kept until it is; else a late partial merged into the horizon.
        (windowStart >= state.nextWindow ? open : late).put(windowKey, merged);
      }
      merged.merge(incoming);
      dirtyWindows.add(windowKey);
    }
    dirty.add(key);
  }

  /**
   * Writes every changed window and version, and empties the journal, in one transaction (one
   * punctuation): the stores then hold every partial the journal held.
   */
  private void checkpoint(long now) {
    lastCheckpoint = now;
    for (String windowKey : dirtyWindows) {
      WindowAggregate window = open.get(windowKey);
      if (window == null) {
        window = late.get(windowKey);
      }
      if (window != null) {
        windows.put(windowKey, window.toBytes());
      }
    }
    dirtyWindows.clear();
    late.clear();
    for (String key : dirty) {
      save(key, state(key));
    }
    dirty.clear();
    for (String entry : journalled) {
      journal.delete(entry);
    }
    journalled.clear();
  }

  /** Evaluates every window that has closed, for every version this task holds. */
  private void evaluate(long now) {
    boolean anyEvaluated = false;
    List<String> evaluatedKeys = new ArrayList<>();
    for (String key : new ArrayList<>(known)) {
      VersionState state = state(key);
      boolean evaluated = false;
      while (state.nextWindow >= 0 && closed(state, state.nextWindow, now)) {
        evaluateWindow(key, state, state.nextWindow, now);
        String expired = windowKey(key, state.nextWindow - settings.horizon().toMillis());
        windows.delete(expired);
        late.remove(expired);
        dirtyWindows.remove(expired);
        state.nextWindow += settings.windowMs();
        evaluated = true;
      }
      if (evaluated) {
        dirty.add(key);
        evaluatedKeys.add(key);
        anyEvaluated = true;
      }
    }
    // Written every flush interval, and with every evaluation (whose state must not be stored
    // while the journal still holds partials it already counts).
    if (anyEvaluated || now - lastCheckpoint >= settings.flushInterval().toMillis()) {
      checkpoint(now);
    }
    for (String key : evaluatedKeys) {
      listener.evaluated(key, state(key));
    }
  }

  /**
   * Whether a window's partials are all in: the wall clock is past its end and the close delay, and
   * the version's own records have moved past it too — when they arrive late (a backlog caught up
   * after a restart or a lag), a window closes when the records after it arrive, not while its own
   * are still coming, which would evaluate it on its first partial. A version that sent nothing for
   * two flush intervals (and this task has run for two) closes by the wall clock alone: that is how
   * its traffic stopping is seen.
   */
  private boolean closed(VersionState state, long windowStart, long now) {
    long due = windowStart + settings.windowMs() + settings.closeDelay().toMillis();
    if (due > now) {
      return false;
    }
    long flush = settings.flushInterval().toMillis();
    // Records taken in since a partition's last flush are still on their way: a flush behind.
    boolean recordsPassedIt = state.latestRecordTime + flush >= due;
    boolean quiet =
        (state.lastPartialAt < 0 || now - state.lastPartialAt >= 2 * flush)
            && now - startedAt >= 2 * flush;
    return recordsPassedIt || quiet;
  }

  private void evaluateWindow(String key, VersionState state, long windowStart, long now) {
    String windowKey = windowKey(key, windowStart);
    WindowAggregate window = open.remove(windowKey);
    if (window == null) {
      byte[] stored = windows.get(windowKey);
      window = stored == null ? new WindowAggregate() : WindowAggregate.fromBytes(stored);
    } else if (dirtyWindows.contains(windowKey)) {
      // Written by the checkpoint that follows this evaluation.
      late.put(windowKey, window);
    }
    VersionViews.View<Map<String, Distribution>> view = views.get(key, now);
    Optional<VersionInfo> info = view.info();
    Optional<Profile> profile = view.profile();
    Map<String, Distribution> references = view.derived();
    Thresholds thresholds =
        Thresholds.effective(
            profile.map(Profile::thresholds).orElse(Thresholds.NONE),
            settings.defaults(),
            info.flatMap(VersionInfo::slos));
    long windowEnd = windowStart + settings.windowMs();
    // Without a profiled feature there is no drift to judge, and no span worth reading back.
    Optional<Detectors.DriftSpan> span =
        profile.map(p -> !p.features().isEmpty()).orElse(false)
            ? driftSpan(key, state, window, windowStart, thresholds)
            : Optional.empty();
    List<Observation> observations =
        Detectors.evaluate(
            window,
            new Detectors.Context(
                windowStart,
                windowEnd,
                profile,
                info,
                thresholds,
                state.hadTraffic,
                state.clientHistory,
                name ->
                    references.computeIfAbsent(
                        name, n -> Detectors.referenceOf(profile.orElseThrow(), n)),
                span));
    Set<String> seen = new HashSet<>();
    for (Observation observation : observations) {
      seen.add(observation.key());
      step(key, state, observation, thresholds, info, windowStart, windowEnd, now);
    }
    // Per-client detectors of clients that sent nothing this window: a healthy window for them.
    for (String detector : new ArrayList<>(state.detectors.keySet())) {
      DetectorState ds = state.detectors.get(detector);
      if (!seen.contains(detector) && detector.contains("/client:") && ds.firedWith != null) {
        Observation quiet = ds.firedWith;
        step(
            key,
            state,
            new Observation(
                quiet.kind(),
                quiet.check(),
                quiet.feature(),
                quiet.method(),
                Observation.OK,
                0.0,
                quiet.threshold(),
                0,
                quiet.severity(),
                "no requests from the client in the window",
                Map.of()),
            thresholds,
            info,
            windowStart,
            windowEnd,
            now);
      }
      if (!seen.contains(detector) && state.detectors.get(detector).idle()) {
        state.detectors.remove(detector);
      }
    }
    state.detectors.values().removeIf(DetectorState::idle);
    updateClients(state, window);
    state.hadTraffic |= window.count() > 0;
    state.evaluatedWindows++;
    state.latestWindowStart = windowStart;
    state.latestWindowEnd = windowEnd;
    state.latestWindowRecords = window.count();
    state.latest = observations;
    reportObserved(key, state, window, profile, info, windowStart, windowEnd, now);
  }

  /**
   * Tells the checklist what the monitor has observed of a live version: the first evaluated window
   * with records, then the first with labelled predictions. Coverage declared at registration is
   * not coverage observed: the in-production items wait for this.
   */
  private void reportObserved(
      String key,
      VersionState state,
      WindowAggregate window,
      Optional<Profile> profile,
      Optional<VersionInfo> info,
      long windowStart,
      long windowEnd,
      long now) {
    if (info.isEmpty() || !info.get().live() || window.count() == 0) {
      return;
    }
    long labelled = window.labelled();
    boolean news = !state.observedReported || (!state.labelledReported && labelled > 0);
    if (!news) {
      return;
    }
    state.observedReported = true;
    state.labelledReported |= labelled > 0;
    CoverageUpdated coverage =
        new CoverageUpdated(
            state.modelId,
            state.version,
            info.get().team(),
            profile.map(p -> !p.features().isEmpty()).orElse(false),
            Detectors.active(profile, Detectors.trainingMetrics(profile, info)),
            Optional.of(
                new CoverageUpdated.ObservedWindow(
                    time(windowStart), time(windowEnd), window.count(), labelled)));
    Event<CoverageUpdated> event =
        new Event<>(
            Event.derivedId(key, "observed/" + windowStart),
            EventType.COVERAGE_UPDATED,
            SOURCE,
            time(now),
            state.modelId,
            Optional.of(state.version),
            "observed-" + key,
            coverage);
    ProducerRecord<String, byte[]> record = codec.toRecord(event);
    context.forward(
        new Record<>(
            record.key(), Routed.of(Routed.Route.SIGNAL, record.value()), now, record.headers()));
  }

  /**
   * The span drift is evaluated on when this window alone is short of the minimum drift sample: it
   * merged with the windows collected since the last drift evaluation (within the horizon). Empty
   * when the window suffices on its own. Spans never overlap: once a span reaches the minimum, the
   * next one starts with the next window.
   */
  private Optional<Detectors.DriftSpan> driftSpan(
      String key, VersionState state, WindowAggregate window, long windowStart, Thresholds t) {
    long windowMs = settings.windowMs();
    if (window.count() >= t.samples().minDriftSample()
        || window.count() == 0 && state.driftSpanStart < 0) {
      state.driftSpanStart = -1;
      return Optional.empty();
    }
    long oldest = windowStart - settings.horizon().toMillis() + windowMs;
    long from = state.driftSpanStart < 0 ? windowStart : Math.max(oldest, state.driftSpanStart);
    WindowAggregate merged = new WindowAggregate();
    int spanned = 0;
    for (long start = from; start < windowStart; start += windowMs) {
      byte[] stored = windows.get(windowKey(key, start));
      if (stored != null) {
        merged.merge(WindowAggregate.fromBytes(stored));
      }
      spanned++;
    }
    merged.merge(window);
    spanned++;
    state.driftSpanStart = merged.count() >= t.samples().minDriftSample() ? -1 : from;
    return Optional.of(new Detectors.DriftSpan(merged, from, windowStart + windowMs, spanned));
  }

  private void step(
      String key,
      VersionState state,
      Observation observation,
      Thresholds t,
      Optional<VersionInfo> info,
      long windowStart,
      long windowEnd,
      long now) {
    DetectorState detector =
        state.detectors.computeIfAbsent(observation.key(), k -> new DetectorState());
    int fireAfter =
        observation.check().equals("inference-logs-stopped")
            ? t.operational().downtimeWindows()
            : t.damping().fireAfter();
    switch (detector.step(observation, fireAfter, t.damping().resolveAfter())) {
      case FIRE -> {
        detector.signalId =
            Event.derivedId(key + "/" + observation.key(), String.valueOf(windowStart));
        detector.firingSince = windowStart;
        detector.firedWith = observation;
        publish(
            key, state, detector.signalId, observation, info, windowStart, windowEnd, now, true);
      }
      case RESOLVE -> {
        publish(
            key, state, detector.signalId, observation, info, windowStart, windowEnd, now, false);
        detector.signalId = null;
        detector.firedWith = null;
        detector.healthy = 0;
      }
      case NONE -> {}
    }
  }

  private void publish(
      String key,
      VersionState state,
      String signalId,
      Observation o,
      Optional<VersionInfo> info,
      long windowStart,
      long windowEnd,
      long now,
      boolean firing) {
    String team = info.map(VersionInfo::team).orElse("unknown");
    OffsetDateTime start = time(windowStart);
    OffsetDateTime end = time(windowEnd);
    double value = o.value() == null ? 0 : o.value();
    double threshold = o.threshold() == null ? 0 : o.threshold();
    Optional<String> feature = Optional.ofNullable(o.feature());
    Optional<String> method = Optional.ofNullable(o.method());
    Event<?> event =
        firing
            ? new Event<>(
                Event.derivedId(signalId, "firing"),
                EventType.SIGNAL_FIRING,
                SOURCE,
                time(now),
                state.modelId,
                Optional.of(state.version),
                signalId,
                new SignalFiring(
                    signalId,
                    state.modelId,
                    state.version,
                    team,
                    o.kind(),
                    o.check(),
                    feature,
                    method,
                    o.severity(),
                    value,
                    threshold,
                    start,
                    end,
                    o.sampleSize(),
                    o.summary()))
            : new Event<>(
                Event.derivedId(signalId, "resolved"),
                EventType.SIGNAL_RESOLVED,
                SOURCE,
                time(now),
                state.modelId,
                Optional.of(state.version),
                signalId,
                new SignalResolved(
                    signalId,
                    state.modelId,
                    state.version,
                    team,
                    o.kind(),
                    o.check(),
                    feature,
                    method,
                    value,
                    threshold,
                    start,
                    end,
                    o.sampleSize(),
                    o.summary()));
    ProducerRecord<String, byte[]> record = codec.toRecord(event);
    context.forward(
        new Record<>(
            record.key(), Routed.of(Routed.Route.SIGNAL, record.value()), now, record.headers()));
    appendHistory(
        key,
        new SignalRecord(
            signalId,
            firing ? "firing" : "resolved",
            o.kind(),
            o.check(),
            o.feature(),
            o.method(),
            o.value(),
            o.threshold(),
            start,
            end,
            o.sampleSize(),
            o.summary(),
            time(now)));
  }

  private void appendHistory(String key, SignalRecord entry) {
    List<SignalRecord> entries = new ArrayList<>(history(history.get(key)));
    entries.add(entry);
    if (entries.size() > HISTORY_LIMIT) {
      entries = entries.subList(entries.size() - HISTORY_LIMIT, entries.size());
    }
    history.put(key, Views.write(entries));
  }

  static List<SignalRecord> history(byte[] bytes) {
    if (bytes == null) {
      return List.of();
    }
    try {
      return Views.MAPPER.readValue(bytes, new TypeReference<List<SignalRecord>>() {});
    } catch (IOException e) {
      return List.of();
    }
  }

  private void updateClients(VersionState state, WindowAggregate window) {
    int keep = settings.horizonWindows();
    Set<String> clients = new HashSet<>(state.clientHistory.keySet());
    clients.addAll(window.clients().keySet());
    for (String client : clients) {
      long[] counts = window.clients().get(client);
      List<Integer> past = new ArrayList<>(state.clientHistory.getOrDefault(client, List.of()));
      past.add(counts == null ? 0 : (int) Math.min(Integer.MAX_VALUE, counts[0]));
      if (past.size() > keep) {
        past = past.subList(past.size() - keep, past.size());
      }
      if (past.stream().allMatch(c -> c == 0)) {
        state.clientHistory.remove(client);
      } else {
        state.clientHistory.put(client, past);
      }
    }
    if (state.clientHistory.size() > CLIENT_LIMIT) {
      state.clientHistory.entrySet().stream()
          .sorted(
              java.util.Comparator.comparingInt(
                  e -> e.getValue().stream().mapToInt(Integer::intValue).sum()))
          .limit(state.clientHistory.size() - CLIENT_LIMIT)
          .map(Map.Entry::getKey)
          .toList()
          .forEach(state.clientHistory::remove);
    }
  }

  private VersionState state(String key) {
    VersionState state = cache.get(key);
    if (state == null) {
      state = Views.read(states.get(key), VersionState.class).orElse(null);
      if (state == null) {
        state = new VersionState();
        int slash = key.indexOf('/');
        state.modelId = key.substring(0, slash);
        state.version = key.substring(slash + 1);
      }
      known.add(key);
      cache.put(key, state);
    }
    return state;
  }

  private void save(String key, VersionState state) {
    states.put(key, Views.write(state));
  }

  private static OffsetDateTime time(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }
}
