package dev.preflight.support.persistence;

import jakarta.persistence.EntityManager;

/**
 * The ids of the events each consumer has applied (Debezium's {@code MessageLog}), in a service's
 * {@code processed_event} table: recorded in the transaction that applies the event, so a
 * redelivered event is recognised and skipped.
 */
public final class ProcessedEvents {

  private ProcessedEvents() {}

  /**
   * Records the event as processed by the consumer; false when it had been already. Call inside the
   * transaction that applies the event.
   */
  public static boolean markProcessed(
      EntityManager entityManager, String consumer, String eventId) {
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
