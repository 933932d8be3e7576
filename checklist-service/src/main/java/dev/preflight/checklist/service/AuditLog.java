package dev.preflight.checklist.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.checklist.persistence.AuditEntryEntity;
import dev.preflight.contracts.model.ItemState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The append-only audit log: written in the transaction of each change, read by reviewers. */
@ApplicationScoped
public class AuditLog {

  private final EntityManager entityManager;
  private final ObjectMapper mapper;

  public AuditLog(EntityManager entityManager, ObjectMapper mapper) {
    this.entityManager = entityManager;
    this.mapper = mapper;
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public void append(AuditRecord record) {
    AuditEntryEntity entry = new AuditEntryEntity();
    entry.at = OffsetDateTime.now(ZoneOffset.UTC);
    entry.actor = record.actor();
    entry.action = record.action();
    entry.team = record.team().orElse(null);
    entry.modelId = record.modelId().orElse(null);
    entry.version = record.version().orElse(null);
    entry.itemId = record.itemId().orElse(null);
    entry.fromState = record.from().map(ItemState::id).orElse(null);
    entry.toState = record.to().map(ItemState::id).orElse(null);
    entry.evidence = record.evidence().map(this::json).orElse(null);
    entry.detail = record.detail().orElse(null);
    entry.cause = record.cause().orElse(null);
    entityManager.persist(entry);
  }

  /** The entries about a version, oldest first: the items' histories. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<AuditEntryEntity> ofVersion(String modelId, String version) {
    return entityManager
        .createQuery(
            "FROM AuditEntryEntity WHERE modelId = :model AND version = :version ORDER BY id",
            AuditEntryEntity.class)
        .setParameter("model", modelId)
        .setParameter("version", version)
        .getResultList();
  }

  /**
   * A page of entries, oldest first, after the entry {@code afterId}.
   *
   * @param teams the teams whose entries may be read; empty for all
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<AuditEntryEntity> page(
      Optional<String> modelId,
      Optional<OffsetDateTime> since,
      Optional<Collection<String>> teams,
      long afterId,
      int limit) {
    StringBuilder query = new StringBuilder("FROM AuditEntryEntity WHERE id > :after");
    modelId.ifPresent(m -> query.append(" AND modelId = :model"));
    since.ifPresent(s -> query.append(" AND at >= :since"));
    teams.ifPresent(t -> query.append(" AND team IN :teams"));
    query.append(" ORDER BY id");
    var typed =
        entityManager
            .createQuery(query.toString(), AuditEntryEntity.class)
            .setParameter("after", afterId)
            .setMaxResults(limit);
    modelId.ifPresent(m -> typed.setParameter("model", m));
    since.ifPresent(s -> typed.setParameter("since", s));
    teams.ifPresent(t -> typed.setParameter("teams", t.isEmpty() ? List.of("") : t));
    return typed.getResultList();
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise audit evidence", e);
    }
  }
}
