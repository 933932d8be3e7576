package dev.preflight.checklist.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.checklist.domain.PhaseStatus;
import dev.preflight.checklist.domain.ReadinessScore;
import dev.preflight.checklist.messaging.Outbox;
import dev.preflight.checklist.persistence.ChecklistItemEntity;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.persistence.ReadinessScoreEntity;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.events.ItemUpdated;
import dev.preflight.contracts.events.PhaseCompleted;
import dev.preflight.contracts.events.VersionPromoted;
import dev.preflight.contracts.model.Evidence;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Every change of a checklist goes through here, in the caller's transaction: the item's new state
 * and evidence, the audit entry, {@code item.updated}, the readiness score, and what a change
 * completes — {@code phase.completed}, and a version that completes its production deployment going
 * live ({@code version.promoted}).
 */
@ApplicationScoped
public class StateChanges {

  private final EntityManager entityManager;
  private final Outbox outbox;
  private final AuditLog audit;
  private final PhaseEntries phases;
  private final ObjectMapper mapper;
  private final jakarta.enterprise.event.Event<ChecklistChanged> changed;

  public StateChanges(
      EntityManager entityManager,
      Outbox outbox,
      AuditLog audit,
      PhaseEntries phases,
      ObjectMapper mapper,
      jakarta.enterprise.event.Event<ChecklistChanged> changed) {
    this.entityManager = entityManager;
    this.outbox = outbox;
    this.audit = audit;
    this.phases = phases;
    this.mapper = mapper;
    this.changed = changed;
  }

  /**
   * Moves an item to a state (or gives it new evidence in the same state).
   *
   * @param attested a person decided it, not a probe
   * @param cause the event or request behind the change
   */
  public void change(
      ModelVersionEntity version,
      ChecklistItemEntity item,
      ItemState next,
      Optional<Evidence> evidence,
      String actor,
      boolean attested,
      String cause,
      String correlationId) {
    boolean phaseWasComplete = status(version, item.phase) == PhaseStatus.COMPLETE;
    ItemState previous = item.state;
    audit.append(
        new AuditRecord(
            "item-changed",
            actor,
            Optional.of(version.model.team),
            Optional.of(version.model.id),
            Optional.of(version.version),
            Optional.of(item.itemId),
            Optional.of(previous),
            Optional.of(next),
            evidence.map(e -> e),
            Optional.empty(),
            Optional.of(cause)));
    item.state = next;
    item.attested = attested && (next == ItemState.PASSED || next == ItemState.WAIVED);
    evidence.ifPresent(e -> item.evidence = json(e));
    item.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    item.updatedBy = actor;
    outbox.append(
        Event.of(
            EventType.ITEM_UPDATED,
            EventSource.CHECKLIST_SERVICE,
            version.model.id,
            version.version,
            correlationId,
            new ItemUpdated(
                version.model.id,
                version.version,
                version.model.team,
                item.phase,
                item.itemId,
                next,
                previous,
                evidence,
                actor)));
    recordScore(version, item.phase);
    if (!phaseWasComplete && status(version, item.phase) == PhaseStatus.COMPLETE) {
      phaseCompleted(version, item.phase, actor, correlationId);
    }
    changed.fire(new ChecklistChanged(version.model.id, version.version));
  }

  /** Enters a phase; one whose items are all satisfied already completes at once. */
  public void enterPhase(
      ModelVersionEntity version, Phase phase, String actor, String correlationId) {
    phases.enter(version, phase, actor, correlationId);
    if (phase.holdsItems() && status(version, phase) == PhaseStatus.COMPLETE) {
      phaseCompleted(version, phase, actor, correlationId);
    }
    changed.fire(new ChecklistChanged(version.model.id, version.version));
  }

  private void phaseCompleted(
      ModelVersionEntity version, Phase phase, String actor, String correlationId) {
    outbox.append(
        Event.of(
            EventType.PHASE_COMPLETED,
            EventSource.CHECKLIST_SERVICE,
            version.model.id,
            version.version,
            correlationId,
            new PhaseCompleted(version.model.id, version.version, version.model.team, phase)));
    audit.append(
        AuditRecord.ofVersion(
            "phase-completed",
            actor,
            version.model.team,
            version.model.id,
            version.version,
            phase + " is complete"));
    if (phase == Phase.PROD_DEPLOYMENT && version.phase == Phase.PROD_DEPLOYMENT) {
      promote(version, actor, correlationId);
    }
  }

  /**
   * The version's production deployment is verified: it is live, and replaces the version that was
   * in production, if one was (found by a user: 1.0.1 "replacing 1.0.0", which never left test).
   */
  private void promote(ModelVersionEntity version, String actor, String correlationId) {
    Optional<ModelVersionEntity> replaced = phases.liveVersion(version);
    Optional<String> replaces = replaced.map(old -> old.version);
    outbox.append(
        Event.of(
            EventType.VERSION_PROMOTED,
            EventSource.CHECKLIST_SERVICE,
            version.model.id,
            version.version,
            correlationId,
            new VersionPromoted(
                version.model.id, version.version, version.model.team, "prod", replaces)));
    audit.append(
        AuditRecord.ofVersion(
            "promoted",
            actor,
            version.model.team,
            version.model.id,
            version.version,
            "live in production" + replaces.map(old -> ", replacing " + old).orElse("")));
    enterPhase(version, Phase.IN_PRODUCTION, actor, correlationId);
    // The version it replaces no longer serves production: its live items stop counting, and the
    // pipeline retires it once its server is gone.
    replaced.ifPresent(old -> enterPhase(old, Phase.REPLACED, actor, correlationId));
  }

  /** Where a phase of a version stands. */
  public static PhaseStatus status(ModelVersionEntity version, Phase phase) {
    boolean reached = phase.ordinal() <= version.phase.ordinal();
    return PhaseStatus.of(
        reached,
        version.items.stream()
            .filter(item -> item.phase == phase && item.required)
            .map(item -> item.state)
            .toList());
  }

  /** The readiness score of a phase now. */
  public static ReadinessScore score(ModelVersionEntity version, Phase phase) {
    return ReadinessScore.of(
        version.items.stream()
            .filter(item -> item.phase == phase)
            .map(item -> new ReadinessScore.Item(item.state, item.attested))
            .toList());
  }

  private void recordScore(ModelVersionEntity version, Phase phase) {
    ReadinessScore score = score(version, phase);
    ReadinessScoreEntity entry = new ReadinessScoreEntity();
    entry.versionId = version.id;
    entry.phase = phase;
    entry.points = BigDecimal.valueOf(score.points());
    entry.maxPoints = score.maxPoints();
    entry.at = OffsetDateTime.now(ZoneOffset.UTC);
    entityManager.persist(entry);
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise evidence", e);
    }
  }
}
