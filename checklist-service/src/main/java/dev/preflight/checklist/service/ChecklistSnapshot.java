package dev.preflight.checklist.service;

import dev.preflight.checklist.persistence.AuditEntryEntity;
import dev.preflight.checklist.persistence.DeploymentEntity;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.persistence.ReadinessScoreEntity;
import java.util.List;

/** Everything a checklist view shows, read in one go. */
public record ChecklistSnapshot(
    ModelVersionEntity version,
    String templateTitle,
    List<AuditEntryEntity> audit,
    List<ReadinessScoreEntity> scores,
    List<DeploymentEntity> deployments) {}
