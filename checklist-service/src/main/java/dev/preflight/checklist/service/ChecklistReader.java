package dev.preflight.checklist.service;

import dev.preflight.checklist.domain.TemplateRef;
import dev.preflight.checklist.persistence.DeploymentEntity;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.persistence.ReadinessScoreEntity;
import dev.preflight.support.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Reads a version's checklist with its history, scores and deployments. */
@ApplicationScoped
public class ChecklistReader {

  private final VersionService versions;
  private final AuditLog audit;
  private final EntityManager entityManager;
  private final TemplateService templates;

  public ChecklistReader(
      VersionService versions,
      AuditLog audit,
      EntityManager entityManager,
      TemplateService templates) {
    this.versions = versions;
    this.audit = audit;
    this.entityManager = entityManager;
    this.templates = templates;
  }

  @Transactional
  public ChecklistSnapshot read(String modelId, String versionLabel, Caller caller) {
    ModelVersionEntity version = versions.get(modelId, versionLabel, caller);
    return new ChecklistSnapshot(
        version,
        templates.get(new TemplateRef(version.templateId, version.templateVersion)).title(),
        audit.ofVersion(modelId, versionLabel),
        entityManager
            .createQuery(
                "FROM ReadinessScoreEntity WHERE versionId = :id ORDER BY id",
                ReadinessScoreEntity.class)
            .setParameter("id", version.id)
            .getResultList(),
        deployments(version));
  }

  public java.util.List<DeploymentEntity> deployments(ModelVersionEntity version) {
    return entityManager
        .createQuery(
            "FROM DeploymentEntity WHERE modelVersion = :version ORDER BY environment DESC",
            DeploymentEntity.class)
        .setParameter("version", version)
        .getResultList();
  }
}
