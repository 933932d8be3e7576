package dev.preflight.checklist.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.checklist.messaging.Outbox;
import dev.preflight.checklist.persistence.ChecklistItemEntity;
import dev.preflight.checklist.persistence.DeploymentEntity;
import dev.preflight.checklist.persistence.ModelEntity;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.ModelRef;
import dev.preflight.contracts.model.Phase;
import dev.preflight.contracts.model.VersionManifest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A version entering a phase, announced with everything the probes need: the phase's applicable
 * items with their parameters, the manifest, the deployment, and the deployment of the version it
 * replaces.
 */
@ApplicationScoped
public class PhaseEntries {

  private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {};

  private final EntityManager entityManager;
  private final Outbox outbox;
  private final AuditLog audit;
  private final ObjectMapper mapper;

  public PhaseEntries(
      EntityManager entityManager, Outbox outbox, AuditLog audit, ObjectMapper mapper) {
    this.entityManager = entityManager;
    this.outbox = outbox;
    this.audit = audit;
    this.mapper = mapper;
  }

  /** Moves the version into the phase and publishes {@code phase.entered}. */
  public void enter(ModelVersionEntity version, Phase phase, String actor, String correlationId) {
    version.phase = phase;
    ModelEntity model = version.model;
    Optional<String> environment = environmentOf(phase);
    Optional<Deployment> deployment = environment.flatMap(env -> deployment(version, env));
    Optional<Deployment> previous =
        environment.flatMap(env -> replacedVersion(version).flatMap(old -> deployment(old, env)));
    Optional<Deployment> test =
        phase == Phase.PROD_DEPLOYMENT || phase == Phase.IN_PRODUCTION
            ? deployment(version, "test")
            : Optional.empty();
    outbox.append(
        Event.of(
            EventType.PHASE_ENTERED,
            EventSource.CHECKLIST_SERVICE,
            model.id,
            version.version,
            correlationId,
            new PhaseEntered(
                modelRef(model),
                version.version,
                phase,
                manifest(version),
                phaseItems(version, phase),
                deployment,
                previous,
                test)));
    audit.append(
        AuditRecord.ofVersion(
            "phase-entered", actor, model.team, model.id, version.version, "entered " + phase));
  }

  /** The environment whose deployment a phase verifies. */
  static Optional<String> environmentOf(Phase phase) {
    return switch (phase) {
      case TEST_DEPLOYMENT -> Optional.of("test");
      case PROD_DEPLOYMENT, IN_PRODUCTION -> Optional.of("prod");
      default -> Optional.empty();
    };
  }

  /** The version's latest deployment to an environment. */
  public Optional<Deployment> deployment(ModelVersionEntity version, String environment) {
    return entityManager
        .createQuery(
            "FROM DeploymentEntity WHERE modelVersion = :version AND environment = :environment",
            DeploymentEntity.class)
        .setParameter("version", version)
        .setParameter("environment", environment)
        .getResultStream()
        .findFirst()
        .map(entity -> read(entity.deployment, Deployment.class));
  }

  /**
   * The version this one replaces in production: the model's other version in production, else the
   * manifest's previous version.
   */
  public Optional<ModelVersionEntity> replacedVersion(ModelVersionEntity version) {
    Optional<ModelVersionEntity> live = liveVersion(version);
    if (live.isPresent()) {
      return live;
    }
    return manifest(version)
        .previousVersion()
        .flatMap(
            previous ->
                entityManager
                    .createQuery(
                        "FROM ModelVersionEntity WHERE model = :model AND version = :version",
                        ModelVersionEntity.class)
                    .setParameter("model", version.model)
                    .setParameter("version", previous)
                    .getResultStream()
                    .findFirst());
  }

  /**
   * The model's other version in production, if any: the one a promotion replaces (a previous
   * version that never left test replaces nothing).
   */
  public Optional<ModelVersionEntity> liveVersion(ModelVersionEntity version) {
    return entityManager
        .createQuery(
            "FROM ModelVersionEntity WHERE model = :model AND phase = :live AND id <> :self"
                + " ORDER BY registeredAt DESC",
            ModelVersionEntity.class)
        .setParameter("model", version.model)
        .setParameter("live", Phase.IN_PRODUCTION)
        .setParameter("self", version.id)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /** The applicable items of a phase, as the probes need them. */
  public List<PhaseEntered.PhaseItem> phaseItems(ModelVersionEntity version, Phase phase) {
    return version.items.stream()
        .filter(item -> item.phase == phase && item.state != ItemState.NOT_APPLICABLE)
        .map(
            item ->
                new PhaseEntered.PhaseItem(
                    item.itemId, item.text, item.automated, item.required, parameters(item)))
        .toList();
  }

  public VersionManifest manifest(ModelVersionEntity version) {
    return read(version.manifest, VersionManifest.class);
  }

  static ModelRef modelRef(ModelEntity model) {
    return new ModelRef(model.id, model.name, model.team, ModelService.owner(model));
  }

  private Map<String, Object> parameters(ChecklistItemEntity item) {
    try {
      return mapper.readValue(item.parameters, PARAMETERS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored parameters are not JSON", e);
    }
  }

  private <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
    }
  }
}
