package dev.preflight.checklist.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An event written in the same transaction as the change it reports, waiting to be relayed to
 * Kafka. The row holds the whole CloudEvent, so the relay needs nothing else.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEventEntity {
  /** Relay order: the order of the writes. */
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long seq;

  @Column(name = "event_id", nullable = false, unique = true)
  public String eventId;

  @Column(nullable = false)
  public String topic;

  @Column(name = "record_key", nullable = false)
  public String recordKey;

  @Column(name = "event_type", nullable = false)
  public String eventType;

  @Column(nullable = false)
  public String source;

  @Column(nullable = false)
  public String subject;

  @Column(name = "event_time", nullable = false)
  public OffsetDateTime eventTime;

  @Column(name = "model_id", nullable = false)
  public String modelId;

  @Column(name = "model_version")
  public String modelVersion;

  @Column(name = "correlation_id", nullable = false)
  public String correlationId;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String data;

  @Column(name = "published_at")
  public OffsetDateTime publishedAt;
}
