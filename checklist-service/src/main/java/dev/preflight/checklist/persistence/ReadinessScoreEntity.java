package dev.preflight.checklist.persistence;

import dev.preflight.contracts.model.Phase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A phase's readiness score at one moment: its history is the score over time. */
@Entity
@Table(name = "readiness_score")
public class ReadinessScoreEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "version_id", nullable = false)
  public Long versionId;

  @Convert(converter = PhaseConverter.class)
  @Column(nullable = false)
  public Phase phase;

  @Column(nullable = false)
  public BigDecimal points;

  @Column(name = "max_points", nullable = false)
  public int maxPoints;

  @Column(nullable = false)
  public OffsetDateTime at;
}
