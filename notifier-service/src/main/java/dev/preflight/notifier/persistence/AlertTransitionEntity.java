package dev.preflight.notifier.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One firing or resolution of an alert: its history. */
@Entity
@Table(name = "alert_transition")
public class AlertTransitionEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String fingerprint;

  @Column(nullable = false)
  public String status;

  @Column(nullable = false)
  public OffsetDateTime at;

  public String summary;
}
