package dev.preflight.checklist.messaging;

import dev.preflight.checklist.persistence.OutboxEventEntity;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.RawEvent;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;

/**
 * Writes events to the outbox table in the caller's transaction: an event leaves the service if and
 * only if the change it reports is committed.
 */
@ApplicationScoped
public class Outbox {

  private final EventCodec codec;
  private final jakarta.enterprise.event.Event<OutboxWritten> written;

  public Outbox(EventCodec codec, jakarta.enterprise.event.Event<OutboxWritten> written) {
    this.codec = codec;
    this.written = written;
  }

  /** Appends an event; its data is validated against the contract here, at write time. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void append(Event<?> event) {
    RawEvent raw = codec.encode(event);
    OutboxEventEntity row = new OutboxEventEntity();
    row.eventId = raw.id();
    row.topic = event.type().topic();
    row.recordKey = raw.modelId();
    row.eventType = raw.ceType();
    row.source = raw.source().toString();
    row.subject = event.subject();
    row.eventTime = event.time();
    row.modelId = raw.modelId();
    row.modelVersion = raw.modelVersion().orElse(null);
    row.correlationId = raw.correlationId();
    row.data = new String(raw.data(), StandardCharsets.UTF_8);
    Panache.getEntityManager().persist(row);
    written.fire(new OutboxWritten());
  }
}
