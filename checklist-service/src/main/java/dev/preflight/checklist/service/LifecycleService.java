package dev.preflight.checklist.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.checklist.domain.ChecklistTemplate;
import dev.preflight.checklist.domain.GateDecision;
import dev.preflight.checklist.domain.GateMode;
import dev.preflight.checklist.domain.TemplateRef;
import dev.preflight.checklist.messaging.Outbox;
import dev.preflight.checklist.persistence.ChecklistItemEntity;
import dev.preflight.checklist.persistence.DeploymentEntity;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.persistence.ModelVersionRepository;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.events.VersionRetired;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.Evidence;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import dev.preflight.support.rest.ConflictException;
import dev.preflight.support.rest.ProblemException;
import dev.preflight.support.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A version's way through the environments: deployments reported by pipelines enter the test and
 * production phases (the production gate permitting), and retirement ends it.
 */
@ApplicationScoped
public class LifecycleService {

  private static final Set<Phase> TEST_FROM = Set.of(Phase.AFTER_TRAINING, Phase.TEST_DEPLOYMENT);

  /** A replaced version may go back to production: a rollback verifies it there again. */
  private static final Set<Phase> PROD_FROM =
      Set.of(Phase.AFTER_TRAINING, Phase.TEST_DEPLOYMENT, Phase.PROD_DEPLOYMENT, Phase.REPLACED);

  private final ModelVersionRepository versions;
  private final EntityManager entityManager;
  private final TemplateService templates;
  private final StateChanges changes;
  private final AuditLog audit;
  private final Outbox outbox;
  private final ObjectMapper mapper;

  public LifecycleService(
      ModelVersionRepository versions,
      EntityManager entityManager,
      TemplateService templates,
      StateChanges changes,
      AuditLog audit,
      Outbox outbox,
      ObjectMapper mapper) {
    this.versions = versions;
    this.entityManager = entityManager;
    this.templates = templates;
    this.changes = changes;
    this.audit = audit;
    this.outbox = outbox;
    this.mapper = mapper;
  }

  /**
   * Records a deployment and enters its phase, which starts the probes. Reporting the same
   * deployment again changes nothing; a different one re-enters the phase and re-verifies it. A
   * production deployment passes the gate first: {@code enforce} refuses it while items before
   * production block, {@code advise} records them and goes on.
   */
  @Transactional
  public Registered<ModelVersionEntity> deploy(
      String modelId, String versionLabel, Deployment deployment, Caller caller) {
    return deploy(modelId, versionLabel, deployment, caller, UUID.randomUUID().toString());
  }

  /** Records a deployment; the events it publishes carry the given correlation id. */
  @Transactional
  public Registered<ModelVersionEntity> deploy(
      String modelId,
      String versionLabel,
      Deployment deployment,
      Caller caller,
      String correlationId) {
    ModelVersionEntity version = writableVersion(modelId, versionLabel, caller);
    String environment = deployment.environment();
    Phase target = environment.equals("test") ? Phase.TEST_DEPLOYMENT : Phase.PROD_DEPLOYMENT;
    Set<Phase> allowedFrom = environment.equals("test") ? TEST_FROM : PROD_FROM;
    if (!allowedFrom.contains(version.phase)) {
      throw new ConflictException(
          "version "
              + versionLabel
              + " is in "
              + version.phase
              + " and cannot be deployed to "
              + environment);
    }
    JsonNode reported = mapper.valueToTree(deployment);
    Optional<DeploymentEntity> existing = deploymentEntity(version, environment);
    if (existing.isPresent()
        && version.phase == target
        && readTree(existing.get().deployment).equals(reported)) {
      return new Registered<>(version, false);
    }
    passGate(version, environment, caller.name());
    DeploymentEntity entity = existing.orElseGet(DeploymentEntity::new);
    entity.modelVersion = version;
    entity.environment = environment;
    entity.deployment = reported.toString();
    entity.reportedAt = OffsetDateTime.now(ZoneOffset.UTC);
    entity.reportedBy = caller.name();
    if (existing.isEmpty()) {
      entityManager.persist(entity);
    }
    audit.append(
        new AuditRecord(
            "deployed",
            caller.name(),
            Optional.of(version.model.team),
            Optional.of(modelId),
            Optional.of(versionLabel),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(deployment),
            Optional.of("deployed to " + environment + " at " + deployment.endpointUrl()),
            Optional.empty()));
    if (version.phase == target) {
      reverify(version, target, caller.name(), correlationId);
    }
    changes.enterPhase(version, target, caller.name(), correlationId);
    return new Registered<>(version, existing.isEmpty());
  }

  /**
   * The gate of the environment: {@code enforce} refuses the deployment while items before it
   * block, {@code advise} records them and goes on. Found by a user: only the production gate was
   * enforced, and a test deployment got 201 while the test gate said deny.
   */
  private void passGate(ModelVersionEntity version, String environment, String actor) {
    GateDecision decision = GateService.decide(version, environment);
    if (decision.verdict() == GateDecision.Verdict.ALLOW) {
      return;
    }
    ChecklistTemplate template =
        templates.get(new TemplateRef(version.templateId, version.templateVersion));
    List<String> blocking = decision.blocking().stream().map(GateDecision.Blocker::itemId).toList();
    if (template.gateMode() == GateMode.ENFORCE) {
      throw new ProblemException(
          409,
          "gate-closed",
          environment.equals("prod") ? "The production gate is closed" : "The test gate is closed",
          "version "
              + version.version
              + (environment.equals("prod")
                  ? " may not enter production: "
                  : " may not be deployed to test: ")
              + String.join(", ", blocking)
              + (decision.verdict() == GateDecision.Verdict.DENY
                  ? " (failed or pending)"
                  : " (not verified yet)"),
          Map.of("decision", decision.verdict(), "blocking", decision.blocking()));
    }
    audit.append(
        AuditRecord.ofVersion(
            "gate-advised",
            actor,
            version.model.team,
            version.model.id,
            version.version,
            "entered "
                + environment
                + " past an advisory gate ("
                + decision.verdict().id()
                + "); blocking: "
                + String.join(", ", blocking)));
  }

  /** A new deployment to the same environment: its automated items are verified afresh. */
  private void reverify(
      ModelVersionEntity version, Phase phase, String actor, String correlationId) {
    for (ChecklistItemEntity item : version.items) {
      if (item.phase == phase
          && item.automated
          && item.state != ItemState.PENDING
          && item.state != ItemState.WAIVED
          && item.state != ItemState.NOT_APPLICABLE) {
        changes.change(
            version,
            item,
            ItemState.PENDING,
            Optional.of(
                new Evidence(
                    actor,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    "re-verified after a new deployment",
                    List.of(),
                    Optional.empty())),
            actor,
            false,
            "redeployment",
            correlationId);
        item.resultAt = OffsetDateTime.now(ZoneOffset.UTC);
      }
    }
  }

  /** Retires the version: it no longer serves. Idempotent. */
  @Transactional
  public Registered<ModelVersionEntity> retire(
      String modelId, String versionLabel, Optional<String> reason, Caller caller) {
    return retire(modelId, versionLabel, reason, caller, UUID.randomUUID().toString());
  }

  /** Retires the version; the events it publishes carry the given correlation id. */
  @Transactional
  public Registered<ModelVersionEntity> retire(
      String modelId,
      String versionLabel,
      Optional<String> reason,
      Caller caller,
      String correlationId) {
    ModelVersionEntity version = writableVersion(modelId, versionLabel, caller);
    if (version.phase == Phase.RETIRED) {
      return new Registered<>(version, false);
    }
    outbox.append(
        Event.of(
            EventType.VERSION_RETIRED,
            EventSource.CHECKLIST_SERVICE,
            modelId,
            versionLabel,
            correlationId,
            new VersionRetired(modelId, versionLabel, version.model.team, reason)));
    audit.append(
        AuditRecord.ofVersion(
            "retired",
            caller.name(),
            version.model.team,
            modelId,
            versionLabel,
            reason.orElse("retired")));
    changes.enterPhase(version, Phase.RETIRED, caller.name(), correlationId);
    return new Registered<>(version, true);
  }

  private ModelVersionEntity writableVersion(String modelId, String versionLabel, Caller caller) {
    ModelVersionEntity version =
        versions
            .findForUpdate(modelId, versionLabel)
            .orElseThrow(() -> Missing.version(modelId, versionLabel));
    caller.requireWritable(version.model.team, () -> Missing.model(modelId));
    return version;
  }

  private Optional<DeploymentEntity> deploymentEntity(
      ModelVersionEntity version, String environment) {
    return entityManager
        .createQuery(
            "FROM DeploymentEntity WHERE modelVersion = :version AND environment = :environment",
            DeploymentEntity.class)
        .setParameter("version", version)
        .setParameter("environment", environment)
        .getResultStream()
        .findFirst();
  }

  private JsonNode readTree(String json) {
    try {
      return mapper.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored deployment is not JSON", e);
    }
  }
}
