package dev.preflight.notifier.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An aggregation group: the alerts one route groups together, its timers, and what it last notified
 * (Alertmanager's notification log entry), so every instance decides alike.
 */
@Entity
@Table(name = "alert_group")
public class AlertGroupEntity {
  /** SHA-256 of the group key. */
  @Id public String id;

  @Column(name = "group_key", nullable = false)
  public String groupKey;

  @Column(name = "route_id", nullable = false)
  public String routeId;

  @Column(nullable = false)
  public String receiver;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "group_labels", nullable = false)
  public String groupLabels;

  public String team;

  @Column(name = "model_id")
  public String modelId;

  @Column(name = "group_wait_ms", nullable = false)
  public long groupWaitMs;

  @Column(name = "group_interval_ms", nullable = false)
  public long groupIntervalMs;

  @Column(name = "repeat_interval_ms", nullable = false)
  public long repeatIntervalMs;

  public String escalation;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "next_flush_at", nullable = false)
  public OffsetDateTime nextFlushAt;

  @Column(name = "first_notified_at")
  public OffsetDateTime firstNotifiedAt;

  @Column(name = "last_notified_at")
  public OffsetDateTime lastNotifiedAt;

  /** JSON array of the fingerprints notified as firing last time. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "notified_firing", nullable = false)
  public String notifiedFiring;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "notified_resolved", nullable = false)
  public String notifiedResolved;

  /** How many escalation levels have been notified. */
  @Column(name = "escalation_level", nullable = false)
  public int escalationLevel;

  @Column(name = "next_escalation_at")
  public OffsetDateTime nextEscalationAt;
}
