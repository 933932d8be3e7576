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
    if (isOlder(check.startedAt(), item)) {
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
   * The monitor reports its active detectors for a version: monitoring-in-place passes with a
   * reference profile, and each in-production item passes once its detectors are active.
   */
  @Transactional
  public void applyCoverage(Event<CoverageUpdated> event) {
    if (!firstTime(SIGNALS_CONSUMER, event)) {
      return;
    }
    CoverageUpdated coverage = event.data();
    ModelVersionEntity version = lockVersion(coverage.modelId(), coverage.version());
    Set<String> active = new HashSet<>(coverage.detectors());
    findItem(version, ItemIds.MONITORING_IN_PLACE)
        .ifPresent(
            item ->
                applyCoverage(
                    version,
                    item,
                    coverage.profile() ? List.of() : List.of("a reference profile"),
                    coverage,
                    event));
    MonitorItems.REQUIRED_DETECTORS
        .keySet()
        .forEach(
            itemId ->
                findItem(version, itemId)
                    .ifPresent(
                        item ->
                            applyCoverage(
                                version,
                                item,
                                MonitorItems.missingDetectors(itemId, active),
                                coverage,
                                event)));
  }

  private void applyCoverage(
      ModelVersionEntity version,
      ChecklistItemEntity item,
      List<String> missing,
      CoverageUpdated coverage,
      Event<CoverageUpdated> event) {
    if (item.state == ItemState.NOT_APPLICABLE
        || item.state == ItemState.WAIVED
        || item.attested
        || isOlder(event.time(), item)) {
      return;
    }
    ObjectNode measured = JsonNodeFactory.instance.objectNode();
    measured.put("profile", coverage.profile());
    measured.set("detectors", mapper.valueToTree(coverage.detectors()));
    Optional<ItemState> next;
    String summary;
    if (missing.isEmpty()) {
      next = hasFiringSignals(item) ? Optional.empty() : Optional.of(ItemState.PASSED);
      summary = "the monitor covers it: " + String.join(", ", coverage.detectors());
    } else {
      // Before a version is live, in-production items only wait for their detectors.
      boolean live = item.phase != Phase.IN_PRODUCTION || version.phase == Phase.IN_PRODUCTION;
      next =
          item.state == ItemState.PASSED || live ? Optional.of(ItemState.FAILED) : Optional.empty();
      summary = "the monitor lacks " + String.join(", ", missing);
    }
    if (next.isEmpty() || (next.get() == item.state && item.state != ItemState.FAILED)) {
      item.resultAt = event.time();
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
        Optional.of(event.time()));
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
      Evidence evidence =
          signalEvidence(
              signal.signalId(),
              "resolved: " + signal.summary(),
              signal.measured(),
              signal.threshold(),
              signal.windowStart(),
              signal.windowEnd(),
              signal.sampleSize());
      observed(
          version,
          item,
          ItemState.PASSED,
          Optional.of(evidence),
          MONITOR_ACTOR,
          event,
          Optional.empty());
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
