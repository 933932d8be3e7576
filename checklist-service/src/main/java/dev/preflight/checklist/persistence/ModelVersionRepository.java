package dev.preflight.checklist.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;

@ApplicationScoped
public class ModelVersionRepository implements PanacheRepository<ModelVersionEntity> {

  public Optional<ModelVersionEntity> find(String modelId, String version) {
    return find("model.id = ?1 and version = ?2", modelId, version).firstResultOptional();
  }

  /**
   * The version, locked until the transaction ends: every write to a version's checklist takes this
   * lock, so its events reach the outbox in the order they happen.
   */
  public Optional<ModelVersionEntity> findForUpdate(String modelId, String version) {
    return find("model.id = ?1 and version = ?2", modelId, version)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  /** The model's version in production now, if any (the latest registered, should there be two). */
  public Optional<ModelVersionEntity> inProduction(String modelId) {
    return find(
            "model.id = ?1 and phase = ?2 order by registeredAt desc",
            modelId,
            dev.preflight.contracts.model.Phase.IN_PRODUCTION)
        .firstResultOptional();
  }

  public long countOfModel(String modelId) {
    return count("model.id", modelId);
  }

  public PanacheQuery<ModelVersionEntity> ofModel(String modelId) {
    return find("model.id = ?1 order by registeredAt", new Object[] {modelId});
  }
}
