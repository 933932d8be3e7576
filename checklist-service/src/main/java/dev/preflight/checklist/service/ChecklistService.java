package dev.preflight.checklist.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.checklist.domain.ItemTransitions;
import dev.preflight.checklist.domain.MonitorItems;
import dev.preflight.checklist.persistence.AttestationEntity;
import dev.preflight.checklist.persistence.ChecklistItemEntity;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.persistence.ModelVersionRepository;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.CoverageUpdated;
import dev.preflight.contracts.events.ProbeRunStarted;
import dev.preflight.contracts.events.SignalFiring;
import dev.preflight.contracts.events.SignalResolved;
import dev.preflight.contracts.events.SyntheticProbed;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.Evidence;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import dev.preflight.support.persistence.ProcessedEvents;
import dev.preflight.support.rest.AccessDeniedException;
import dev.preflight.support.rest.ConflictException;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Applies what the probes, the monitor and approvers say about items. Events are applied once
 * (processed-id log) and in the order things happened, whatever the order they arrive in: a result
 * observed before the one an item shows never replaces it.
 */
@ApplicationScoped
public class ChecklistService {

  /** The consumer names under which events are recorded as processed. */
  public static final String PROBE_RESULTS_CONSUMER = "probe-results";

  public static final String SIGNALS_CONSUMER = "signals";

  private static final String PROBE_ACTOR = "probe-service";
  private static final String MONITOR_ACTOR = "monitor-service";
  private static final TypeReference<TreeMap<String, SignalMark>> SIGNALS =
      new TypeReference<>() {};

  private final ModelVersionRepository versions;
  private final EntityManager entityManager;
  private final StateChanges changes;
  private final ObjectMapper mapper;

  public ChecklistService(
      ModelVersionRepository versions,
      EntityManager entityManager,
      StateChanges changes,
      ObjectMapper mapper) {
    this.versions = versions;
    this.entityManager = entityManager;
    this.changes = changes;
    this.mapper = mapper;
  }

  /** A probe run started: its items are now running, unless a newer result stands. */
  @Transactional
  public void applyRunStarted(Event<ProbeRunStarted> event) {
    if (!firstTime(PROBE_RESULTS_CONSUMER, event)) {
      return;
    }
    ProbeRunStarted run = event.data();
    ModelVersionEntity version = lockVersion(run.modelId(), run.version());
    for (String itemId : run.itemIds()) {
      ChecklistItemEntity item = item(version, itemId);
      if (isOlder(event.time(), item)) {
        continue;
      }
      Optional<ItemState> next = ItemTransitions.onRunStarted(item.state, item.attested);
      if (next.isPresent()) {
        observed(
            version,
            item,
            next.get(),
            Optional.empty(),
            PROBE_ACTOR,
            event,
            Optional.of(event.time()));
      }
    }
  }

  /** A check completed: the item takes its outcome with the evidence. */
  @Transactional
  public void applyCheck(Event<CheckCompleted> event) {
    if (!firstTime(PROBE_RESULTS_CONSUMER, event)) {
      return;
    }
    CheckCompleted check = event.data();
    ModelVersionEntity version = lockVersion(check.modelId(), check.version());
    ChecklistItemEntity item = item(version, check.itemId());
    if (isOlder(check.startedAt(), item) || verdictOfTheSameRun(item, check.runId())) {
      return;
    }
    Optional<ItemState> next = ItemTransitions.onCheck(item.state, item.attested, check.status());
    if (next.isEmpty()) {
      return;
    }
    Evidence evidence =
        new Evidence(
            PROBE_ACTOR,
            Optional.of(check.runId()),
            Optional.ofNullable(check.measured()),
            Optional.ofNullable(check.expected()),
            check.status() == CheckStatus.ERROR && !check.summary().startsWith("could not verify")
                ? "could not verify: " + check.summary()
                : check.summary(),
            check.observations(),
            Optional.empty());
    observed(
        version,
        item,
        next.get(),
        Optional.of(evidence),
        PROBE_ACTOR,
        event,
        Optional.of(check.startedAt()));
  }

  /**
   * Whether the item holds a verdict (passed or failed) of this very run. A phase replayed after a
   * rebalance or a crash runs its checks again under the same run id; what they find the second
   * time (a latency measured under another load) is no news about the deployment, and must not
   * reopen a gate the first verdict opened. Only an {@code error} of the run (the item pending) may
   * be superseded by the run's replay.
   */
  private boolean verdictOfTheSameRun(ChecklistItemEntity item, String runId) {
    return (item.state == ItemState.PASSED || item.state == ItemState.FAILED)
        && runId.equals(
            readTree(item.evidence == null ? "{}" : item.evidence).path("reference").asText(null));
  }

  /**
   * The monitor reports its active detectors for a version, and what it has observed of it live:
   * monitoring-in-place passes with a reference profile; the in-production items are judged on
   * every fact known (see {@link #judgeMonitorItems}).
   */
  @Transactional
  public void applyCoverage(Event<CoverageUpdated> event) {
    if (!firstTime(SIGNALS_CONSUMER, event)) {
      return;
    }
    CoverageUpdated coverage = event.data();
    ModelVersionEntity version = lockVersion(coverage.modelId(), coverage.version());
    version.monitorProfile = coverage.profile();
    version.monitorDetectors = json(coverage.detectors());
    coverage.observed().ifPresent(window -> version.monitorObserved = json(window));
    judgeMonitorItems(version, event);
  }

  /** The synthetic health probe of a live version ran: downtime is detected without traffic. */
  @Transactional
  public void applySyntheticProbed(Event<SyntheticProbed> event) {
    if (!firstTime(SIGNALS_CONSUMER, event)) {
      return;
    }
    SyntheticProbed probed = event.data();
    ModelVersionEntity version = lockVersion(probed.modelId(), probed.version());
    if (version.syntheticProbedAt == null
        || probed.probedAt().isBefore(version.syntheticProbedAt)) {
      version.syntheticProbedAt = probed.probedAt();
    }
    if (version.monitorDetectors != null) {
      judgeMonitorItems(version, event);
    }
  }

  /**
   * Coverage declared is not coverage observed: an in-production item passes once its detectors are
   * active <em>and</em> the version is live <em>and</em> the monitor has evaluated a window of its
   * inference logs (monitor-accuracy says {@code insufficient-data} until labels are joined) and,
   * for monitor-errors, the synthetic health probe has run. Until then it stays pending with what
   * it waits for as evidence; an item whose detectors are missing fails once the version is live.
   */
  private void judgeMonitorItems(ModelVersionEntity version, Event<?> event) {
    Set<String> active = new HashSet<>(detectors(version));
    Optional<CoverageUpdated.ObservedWindow> observed = observedWindow(version);
    findItem(version, ItemIds.MONITORING_IN_PLACE)
        .ifPresent(
            item ->
                judgeMonitorItem(
                    version,
                    item,
                    Boolean.TRUE.equals(version.monitorProfile)
                        ? List.of()
                        : List.of("a reference profile"),
                    List.of(),
                    "",
                    event));
    MonitorItems.REQUIRED_DETECTORS
        .keySet()
        .forEach(
            itemId ->
                findItem(version, itemId)
                    .ifPresent(
                        item ->
                            judgeMonitorItem(
                                version,
                                item,
                                MonitorItems.missingDetectors(itemId, active),
                                waitingFor(version, itemId, observed),
                                observedSummary(version, itemId, observed),
                                event)));
  }

  /**
   * Whether every fact an item needs to pass is known (its detectors, and for a live item more).
   */
  private boolean covered(ModelVersionEntity version, ChecklistItemEntity item) {
    if (!MonitorItems.REQUIRED_DETECTORS.containsKey(item.itemId)) {
      return true;
    }
    return version.monitorDetectors != null
        && MonitorItems.missingDetectors(item.itemId, new HashSet<>(detectors(version))).isEmpty()
        && waitingFor(version, item.itemId, observedWindow(version)).isEmpty();
  }

  /** What an in-production item still waits for besides its detectors. */
  private static List<String> waitingFor(
      ModelVersionEntity version,
      String itemId,
      Optional<CoverageUpdated.ObservedWindow> observed) {
    if (version.phase != Phase.IN_PRODUCTION) {
      return List.of("the version to be live in production");
    }
    List<String> waiting = new java.util.ArrayList<>();
    if (observed.isEmpty()) {
      waiting.add("a window of its inference logs evaluated by the monitor");
    }
    if (itemId.equals(ItemIds.MONITOR_ERRORS) && version.syntheticProbedAt == null) {
      waiting.add("a synthetic health probe of its production endpoint");
    }
    return waiting;
  }

  private static String observedSummary(
      ModelVersionEntity version,
      String itemId,
      Optional<CoverageUpdated.ObservedWindow> observed) {
    if (observed.isEmpty()) {
      return "";
    }
    CoverageUpdated.ObservedWindow window = observed.get();
    String summary =
        "; observed: "
            + window.records()
            + " inference logs in the window "
            + window.windowStart()
            + " to "
            + window.windowEnd();
    if (itemId.equals(ItemIds.MONITOR_ACCURACY)) {
      summary +=
          window.labelled() == 0
              ? "; accuracy: insufficient-data (no ground truth joined yet)"
              : "; accuracy evaluated on " + window.labelled() + " labelled predictions";
    }
    if (itemId.equals(ItemIds.MONITOR_ERRORS) && version.syntheticProbedAt != null) {
      summary += "; synthetic health probe running since " + version.syntheticProbedAt;
    }
    return summary;
  }

  private void judgeMonitorItem(
      ModelVersionEntity version,
      ChecklistItemEntity item,
      List<String> missing,
      List<String> waiting,
      String observedSummary,
      Event<?> event) {
    // Judged on every fact known, whatever order they arrived in: no fact is older than another.
    if (item.state == ItemState.NOT_APPLICABLE
        || item.state == ItemState.WAIVED
        || item.attested
        || !version.phase.holdsItems()) {
      return;
    }
    List<String> active = detectors(version);
    ObjectNode measured = JsonNodeFactory.instance.objectNode();
    measured.put("profile", Boolean.TRUE.equals(version.monitorProfile));
    measured.set("detectors", mapper.valueToTree(active));
    if (item.phase == Phase.IN_PRODUCTION) {
      if (version.monitorObserved != null) {
        measured.set("observed", readTree(version.monitorObserved));
      }
      if (version.syntheticProbedAt != null) {
        measured.put("syntheticProbedAt", version.syntheticProbedAt.toString());
      }
    }
    Optional<ItemState> next;
    String summary;
    if (!missing.isEmpty()) {
      // Before a version is live, in-production items only wait for their detectors.
      boolean live = item.phase != Phase.IN_PRODUCTION || version.phase == Phase.IN_PRODUCTION;
      next =
          item.state == ItemState.PASSED || live ? Optional.of(ItemState.FAILED) : Optional.empty();
      summary = "the monitor lacks " + String.join(", ", missing);
    } else if (!waiting.isEmpty()) {
      // A firing signal keeps its failure, and what was observed once stays observed.
      next =
          item.state == ItemState.PASSED || hasFiringSignals(item)
              ? Optional.empty()
              : Optional.of(ItemState.PENDING);
      summary =
          "the monitor has "
              + String.join(", ", active)
              + " active; waits for "
              + String.join(" and ", waiting);
    } else {
      next = hasFiringSignals(item) ? Optional.empty() : Optional.of(ItemState.PASSED);
      summary = "the monitor covers it: " + String.join(", ", active) + observedSummary;
    }
    if (next.isEmpty()
        || (next.get() == item.state
            && item.state != ItemState.FAILED
            && summary.equals(evidenceSummary(item)))) {
      item.resultAt = isOlder(event.time(), item) ? item.resultAt : event.time();
      return;
    }
    Evidence evidence =
        new Evidence(
            MONITOR_ACTOR,
            Optional.of(event.id()),
            Optional.of(measured),
            Optional.of(
                mapper.valueToTree(
                    Map.of(
                        "detectors",
                        MonitorItems.REQUIRED_DETECTORS.getOrDefault(item.itemId, Set.of())))),
            summary,
            List.of(),
            Optional.empty());
    observed(
        version,
        item,
        next.get(),
        Optional.of(evidence),
        MONITOR_ACTOR,
        event,
        Optional.of(isOlder(event.time(), item) ? item.resultAt : event.time()));
  }

  private List<String> detectors(ModelVersionEntity version) {
    if (version.monitorDetectors == null) {
      return List.of();
    }
    try {
      return mapper.readValue(version.monitorDetectors, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored detectors are not JSON", e);
    }
  }

  private Optional<CoverageUpdated.ObservedWindow> observedWindow(ModelVersionEntity version) {
    if (version.monitorObserved == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          mapper.readValue(version.monitorObserved, CoverageUpdated.ObservedWindow.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the stored observed window is not JSON", e);
    }
  }

  private com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not JSON", e);
    }
  }

  private String evidenceSummary(ChecklistItemEntity item) {
    return item.evidence == null ? "" : readTree(item.evidence).path("summary").asText("");
  }

  /**
   * A signal fires: its item fails with the signal as evidence until every signal on it resolves.
   */
  @Transactional
  public void applySignalFiring(Event<SignalFiring> event) {
    if (!firstTime(SIGNALS_CONSUMER, event)) {
      return;
    }
    SignalFiring signal = event.data();
    Optional<SignalTarget> target = signalTarget(signal.modelId(), signal.version(), signal.kind());
    if (target.isEmpty()) {
      return;
    }
    ModelVersionEntity version = target.get().version();
    ChecklistItemEntity item = target.get().item();
    TreeMap<String, SignalMark> marks = signals(item);
    SignalMark known = marks.get(signal.signalId());
    if (known != null && !signal.windowEnd().isAfter(known.windowEnd())) {
      return;
    }
    marks.put(signal.signalId(), new SignalMark(true, signal.windowEnd()));
    item.firingSignals = json(marks);
    Evidence evidence =
        signalEvidence(
            signal.signalId(),
            signal.check() + " " + signal.summary(),
            signal.measured(),
            signal.threshold(),
            signal.windowStart(),
            signal.windowEnd(),
            signal.sampleSize());
    observed(
        version,
        item,
        ItemState.FAILED,
        Optional.of(evidence),
        MONITOR_ACTOR,
        event,
        Optional.empty());
  }

  /** A signal resolves: once no signal fires against its item, the item passes again. */
  @Transactional
  public void applySignalResolved(Event<SignalResolved> event) {
    if (!firstTime(SIGNALS_CONSUMER, event)) {
      return;
    }
    SignalResolved signal = event.data();
    Optional<SignalTarget> target = signalTarget(signal.modelId(), signal.version(), signal.kind());
    if (target.isEmpty()) {
      return;
    }
    ModelVersionEntity version = target.get().version();
    ChecklistItemEntity item = target.get().item();
    TreeMap<String, SignalMark> marks = signals(item);
    SignalMark known = marks.get(signal.signalId());
    if (known != null && signal.windowEnd().isBefore(known.windowEnd())) {
      return;
    }
    marks.put(signal.signalId(), new SignalMark(false, signal.windowEnd()));
    item.firingSignals = json(marks);
    if (item.state == ItemState.FAILED && !hasFiringSignals(item)) {
      // Healthy again; passed only if the item's coverage is observed too (see judgeMonitorItems).
      ItemState next = covered(version, item) ? ItemState.PASSED : ItemState.PENDING;
      Evidence evidence =
          signalEvidence(
              signal.signalId(),
              "resolved: " + signal.summary(),
              signal.measured(),
              signal.threshold(),
              signal.windowStart(),
              signal.windowEnd(),
              signal.sampleSize());
      observed(version, item, next, Optional.of(evidence), MONITOR_ACTOR, event, Optional.empty());
    }
  }

  /** The version and the applicable item a signal is about. */
  private record SignalTarget(ModelVersionEntity version, ChecklistItemEntity item) {}

  private Optional<SignalTarget> signalTarget(String modelId, String versionLabel, String kind) {
    Optional<String> itemId = MonitorItems.itemOfSignal(kind);
    if (itemId.isEmpty()) {
      return Optional.empty();
    }
    ModelVersionEntity version = lockVersion(modelId, versionLabel);
    if (!version.phase.holdsItems()) {
      // replaced or retired: what the monitor still says of it no longer counts
      return Optional.empty();
    }
    return findItem(version, itemId.get())
        .filter(item -> item.state != ItemState.NOT_APPLICABLE)
        .map(item -> new SignalTarget(version, item));
  }

  /** The latest known status of one signal about an item. */
  public record SignalMark(boolean firing, OffsetDateTime windowEnd) {}

  /**
   * An approver passes (with evidence) or waives (with a reason) an item. The principal that
   * registered the version may do neither, whatever its roles: four eyes.
   */
  @Transactional
  public ChecklistItemEntity attest(
      String modelId, String versionLabel, String itemId, Attestation attestation, Caller caller) {
    ModelVersionEntity version =
        versions
            .findForUpdate(modelId, versionLabel)
            .orElseThrow(() -> Missing.version(modelId, versionLabel));
    caller.requireWritable(version.model.team, () -> Missing.model(modelId));
    ChecklistItemEntity item = item(version, itemId);
    if (version.phase == Phase.RETIRED) {
      throw new ConflictException("version " + versionLabel + " is retired");
    }
    if (item.state == ItemState.NOT_APPLICABLE) {
      throw new ConflictException("item '" + itemId + "' does not apply to this version");
    }
    if (caller.name().equals(version.registeredBy)) {
      // whatever the decision and whatever the caller's roles, admins included
      throw new AccessDeniedException(
          "four eyes: "
              + caller.name()
              + " registered version "
              + versionLabel
              + " and may not attest or waive its items");
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    AttestationEntity entity = new AttestationEntity();
    entity.item = item;
    entity.decision = attestation.decision().id();
    entity.evidenceUrl = attestation.evidenceUrl().map(URI::toString).orElse(null);
    entity.comment = attestation.comment();
    entity.actor = caller.name();
    entity.at = now;
    entityManager.persist(entity);
    entityManager.flush();
    ItemState next =
        attestation.decision() == Attestation.Decision.PASS ? ItemState.PASSED : ItemState.WAIVED;
    Evidence evidence =
        new Evidence(
            caller.name(),
            Optional.of("attestation-" + entity.id),
            Optional.empty(),
            Optional.empty(),
            attestation.comment(),
            List.of(),
            entity.evidenceUrl == null ? Optional.empty() : Optional.of(entity.evidenceUrl));
    changes.change(
        version,
        item,
        next,
        Optional.of(evidence),
        caller.name(),
        true,
        "attestation-" + entity.id,
        UUID.randomUUID().toString());
    item.resultAt = now;
    return item;
  }

  /**
   * A change a probe or the monitor observed, caused by the event.
   *
   * @param observedAt when the observation was made, which newer ones supersede; empty for signals,
   *     which keep their own order
   */
  private void observed(
      ModelVersionEntity version,
      ChecklistItemEntity item,
      ItemState next,
      Optional<Evidence> evidence,
      String actor,
      Event<?> event,
      Optional<OffsetDateTime> observedAt) {
    changes.change(version, item, next, evidence, actor, false, event.id(), event.correlationId());
    observedAt.ifPresent(at -> item.resultAt = at);
  }

  private boolean firstTime(String consumer, Event<?> event) {
    return ProcessedEvents.markProcessed(entityManager, consumer, event.id());
  }

  private static boolean isOlder(OffsetDateTime observedAt, ChecklistItemEntity item) {
    return item.resultAt != null && observedAt.isBefore(item.resultAt);
  }

  private boolean hasFiringSignals(ChecklistItemEntity item) {
    return signals(item).values().stream().anyMatch(SignalMark::firing);
  }

  private static Evidence signalEvidence(
      String signalId,
      String summary,
      double measured,
      double threshold,
      OffsetDateTime windowStart,
      OffsetDateTime windowEnd,
      long sampleSize) {
    ObjectNode observed = JsonNodeFactory.instance.objectNode();
    observed.put("value", measured);
    observed.put("windowStart", windowStart.toString());
    observed.put("windowEnd", windowEnd.toString());
    observed.put("sampleSize", sampleSize);
    return new Evidence(
        MONITOR_ACTOR,
        Optional.of(signalId),
        Optional.of(observed),
        Optional.of(JsonNodeFactory.instance.objectNode().put("threshold", threshold)),
        summary,
        List.of(),
        Optional.empty());
  }

  private ModelVersionEntity lockVersion(String modelId, String version) {
    return versions
        .findForUpdate(modelId, version)
        .orElseThrow(() -> Missing.version(modelId, version));
  }

  private static Optional<ChecklistItemEntity> findItem(ModelVersionEntity version, String itemId) {
    return version.items.stream().filter(item -> item.itemId.equals(itemId)).findFirst();
  }

  private static ChecklistItemEntity item(ModelVersionEntity version, String itemId) {
    return findItem(version, itemId)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "the checklist of "
                        + version.model.id
                        + " "
                        + version.version
                        + " has no item '"
                        + itemId
                        + "'"));
  }

  private TreeMap<String, SignalMark> signals(ChecklistItemEntity item) {
    try {
      return mapper.readValue(item.firingSignals, SIGNALS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored signals are not JSON", e);
    }
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
