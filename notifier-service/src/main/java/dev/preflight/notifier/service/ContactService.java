package dev.preflight.notifier.service;

import dev.preflight.contracts.model.Owner;
import dev.preflight.notifier.persistence.ModelContactEntity;
import dev.preflight.support.persistence.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Keeps each model's team and owner as the lifecycle events announce them. */
@ApplicationScoped
public class ContactService {

  static final String CONSUMER = "lifecycle";

  private final EntityManager entityManager;

  public ContactService(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @Transactional
  public void record(String eventId, String modelId, String name, String team, Owner owner) {
    if (!ProcessedEvents.markProcessed(entityManager, CONSUMER, eventId)) {
      return;
    }
    ModelContactEntity contact = entityManager.find(ModelContactEntity.class, modelId);
    boolean isNew = contact == null;
    if (isNew) {
      contact = new ModelContactEntity();
      contact.modelId = modelId;
    }
    contact.name = name;
    contact.team = team;
    contact.ownerName = owner.name();
    contact.ownerEmail = owner.email().orElse(null);
    contact.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    if (isNew) {
      entityManager.persist(contact);
    }
  }
}
