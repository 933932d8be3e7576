package dev.preflight.notifier.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An engineer took an alert on: repeats and escalation stop. */
@Entity
@Table(name = "acknowledgement")
public class AcknowledgementEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String fingerprint;

  @Column(name = "acknowledged_by", nullable = false)
  public String acknowledgedBy;

  public String comment;

  @Column(nullable = false)
  public String team;

  @Column(name = "model_id", nullable = false)
  public String modelId;

  public String version;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;
}
