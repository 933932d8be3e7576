package dev.preflight.checklist.service;

import dev.preflight.checklist.domain.Gate;
import dev.preflight.checklist.domain.GateDecision;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Decides gates from the current state of a version's items. */
@ApplicationScoped
public class GateService {

  private final EntityManager entityManager;

  public GateService(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  public static String requireTarget(String target) {
    if (target == null || !Gate.TARGETS.contains(target)) {
      throw new InvalidRequestException(
          "unknown gate target",
          List.of(new Problem.FieldError("target", "must be test, prod or live")));
    }
    return target;
  }

  /** The decision for a version as loaded, e.g. inside a deployment's transaction. */
  public static GateDecision decide(ModelVersionEntity version, String target) {
    return Gate.decide(
        target,
        version.phase,
        version.items.stream()
            .map(
                item ->
                    new Gate.Item(item.itemId, item.phase, item.required, item.state, item.text))
            .toList());
  }

  /** The decision from the database, in one query; empty when the version does not exist. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<GateDecision> decide(String modelId, String version, String target) {
    List<Tuple> rows =
        entityManager
            .createQuery(
                "SELECT v.phase AS phase, i.itemId AS itemId, i.phase AS itemPhase, i.required AS"
                    + " required, i.state AS state, i.text AS text FROM ChecklistItemEntity i JOIN"
                    + " i.modelVersion v WHERE v.model.id = :model AND v.version = :version",
                Tuple.class)
            .setParameter("model", modelId)
            .setParameter("version", version)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Phase phase = rows.get(0).get("phase", Phase.class);
    return Optional.of(
        Gate.decide(
            target,
            phase,
            rows.stream()
                .map(
                    row ->
                        new Gate.Item(
                            row.get("itemId", String.class),
                            row.get("itemPhase", Phase.class),
                            row.get("required", Boolean.class),
                            row.get("state", ItemState.class),
                            row.get("text", String.class)))
                .toList()));
  }
}
