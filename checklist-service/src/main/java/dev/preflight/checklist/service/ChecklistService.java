package dev.preflight.checklist.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.checklist.domain.ItemTransitions;
import dev.preflight.checklist.domain.PhaseStatus;
import dev.preflight.checklist.messaging.Outbox;
import dev.preflight.checklist.persistence.ChecklistItemEntity;
import dev.preflight.checklist.persistence.ItemChangeEntity;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.persistence.ModelVersionRepository;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.ItemUpdated;
import dev.preflight.contracts.events.PhaseCompleted;
import dev.preflight.contracts.events.ProbeRunStarted;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.Evidence;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import dev.preflight.support.persistence.ProcessedEvents;
import dev.preflight.support.rest.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Applies what the probes report to the checklists. */
@ApplicationScoped
public class ChecklistService {

  /** The consumer name under which probe results are recorded as processed. */
  public static final String PROBE_RESULTS_CONSUMER = "probe-results";

  private static final String PROBE_ACTOR = "probe-service";

  private final ModelVersionRepository versions;
  private final EntityManager entityManager;
  private final Outbox outbox;
  private final ObjectMapper mapper;

  public ChecklistService(
      ModelVersionRepository versions,
      EntityManager entityManager,
      Outbox outbox,
      ObjectMapper mapper) {
    this.versions = versions;
    this.entityManager = entityManager;
    this.outbox = outbox;
    this.mapper = mapper;
  }

  /** A probe run started: its pending items are now running. Idempotent on the event id. */
  @Transactional
  public void applyRunStarted(Event<ProbeRunStarted> event) {
    if (!ProcessedEvents.markProcessed(entityManager, PROBE_RESULTS_CONSUMER, event.id())) {
      return;
    }
    ProbeRunStarted run = event.data();
    ModelVersionEntity version = lockVersion(run.modelId(), run.version());
    for (String itemId : run.itemIds()) {
      ChecklistItemEntity item = item(version, itemId);
      ItemTransitions.onRunStarted(item.state)
          .ifPresent(
              next -> changeState(version, item, next, Optional.empty(), PROBE_ACTOR, event));
    }
  }

  /**
   * A check completed: the item takes its outcome with the evidence. Idempotent on the event id.
   */
  @Transactional
  public void applyCheck(Event<CheckCompleted> event) {
    if (!ProcessedEvents.markProcessed(entityManager, PROBE_RESULTS_CONSUMER, event.id())) {
      return;
    }
    CheckCompleted check = event.data();
    ModelVersionEntity version = lockVersion(check.modelId(), check.version());
    ChecklistItemEntity item = item(version, check.itemId());
    Evidence evidence =
        new Evidence(
            PROBE_ACTOR,
            Optional.of(check.runId()),
            Optional.ofNullable(check.measured()),
            Optional.ofNullable(check.expected()),
            check.status() == CheckStatus.ERROR
                ? "could not verify: " + check.summary()
                : check.summary(),
            check.observations(),
            Optional.empty());
    ItemTransitions.onCheck(item.state, check.status())
        .ifPresent(
            next -> changeState(version, item, next, Optional.of(evidence), PROBE_ACTOR, event));
  }

  private void changeState(
      ModelVersionEntity version,
      ChecklistItemEntity item,
      ItemState next,
      Optional<Evidence> evidence,
      String actor,
      Event<?> cause) {
    boolean phaseWasComplete = phaseStatus(version, item.phase) == PhaseStatus.COMPLETE;
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    ItemState previous = item.state;
    String evidenceJson = evidence.map(this::json).orElse(null);

    ItemChangeEntity change = new ItemChangeEntity();
    change.item = item;
    change.fromState = previous;
    change.toState = next;
    change.evidence = evidenceJson;
    change.actor = actor;
    change.cause = cause.id();
    change.changedAt = now;
    item.changes.add(change);

    item.state = next;
    if (evidenceJson != null) {
      item.evidence = evidenceJson;
    }
    item.updatedAt = now;
    item.updatedBy = actor;

    String team = version.model.team;
    outbox.append(
        Event.of(
            EventType.ITEM_UPDATED,
            EventSource.CHECKLIST_SERVICE,
            version.model.id,
            version.version,
            cause.correlationId(),
            new ItemUpdated(
                version.model.id,
                version.version,
                team,
                item.phase,
                item.itemId,
                next,
                previous,
                evidence,
                actor)));
    if (!phaseWasComplete && phaseStatus(version, item.phase) == PhaseStatus.COMPLETE) {
      outbox.append(
          Event.of(
              EventType.PHASE_COMPLETED,
              EventSource.CHECKLIST_SERVICE,
              version.model.id,
              version.version,
              cause.correlationId(),
              new PhaseCompleted(version.model.id, version.version, team, item.phase)));
    }
  }

  /** Where a phase of a version stands. */
  public static PhaseStatus phaseStatus(ModelVersionEntity version, Phase phase) {
    boolean reached = phase.ordinal() <= version.phase.ordinal();
    return PhaseStatus.of(
        reached,
        version.items.stream()
            .filter(item -> item.phase == phase && item.required)
            .map(item -> item.state)
            .toList());
  }

  private ModelVersionEntity lockVersion(String modelId, String version) {
    return versions
        .findForUpdate(modelId, version)
        .orElseThrow(() -> Missing.version(modelId, version));
  }

  private static ChecklistItemEntity item(ModelVersionEntity version, String itemId) {
    return version.items.stream()
        .filter(item -> item.itemId.equals(itemId))
        .findFirst()
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

  private String json(Evidence evidence) {
    try {
      return mapper.writeValueAsString(evidence);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise evidence", e);
    }
  }
}
