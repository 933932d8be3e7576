package dev.preflight.notifier.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The current state of one alert, identified by its fingerprint. */
@Entity
@Table(name = "alert")
public class AlertEntity {
  @Id public String fingerprint;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String labels;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String annotations;

  /** {@code firing} or {@code resolved}. */
  @Column(nullable = false)
  public String status;

  @Column(nullable = false)
  public String team;

  @Column(name = "model_id", nullable = false)
  public String modelId;

  public String version;

  @Column(name = "starts_at", nullable = false)
  public OffsetDateTime startsAt;

  @Column(name = "ends_at")
  public OffsetDateTime endsAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  @Column(name = "acknowledged_by")
  public String acknowledgedBy;

  @Column(name = "acknowledged_at")
  public OffsetDateTime acknowledgedAt;

  @Column(name = "ack_comment")
  public String ackComment;

  public boolean isFiring() {
    return "firing".equals(status);
  }

  public boolean isAcknowledged() {
    return acknowledgedAt != null;
  }
}
