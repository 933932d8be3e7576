package dev.preflight.checklist.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The ids of the events each consumer has applied (Debezium's {@code MessageLog}): recorded in the
 * transaction that applies the event, so a redelivered event is recognised and skipped.
 */
@ApplicationScoped
public class ProcessedEvents {

  private final EntityManager entityManager;

  public ProcessedEvents(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * Records the event as processed; false when it had been already. Call inside the applying
   * transaction.
   */
  public boolean markProcessed(String consumer, String eventId) {
    int inserted =
        entityManager
            .createNativeQuery(
                "INSERT INTO processed_event (consumer, event_id, processed_at) VALUES (?1, ?2,"
                    + " now()) ON CONFLICT DO NOTHING")
            .setParameter(1, consumer)
            .setParameter(2, eventId)
            .executeUpdate();
    return inserted == 1;
  }
}
