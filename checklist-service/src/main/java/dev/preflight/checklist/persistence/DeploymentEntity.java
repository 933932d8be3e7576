package dev.preflight.checklist.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The latest deployment of a version to one environment, as the pipeline reported it. */
@Entity
@Table(name = "deployment")
public class DeploymentEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "version_id")
  public ModelVersionEntity modelVersion;

  /** {@code test} or {@code prod}. */
  @Column(nullable = false)
  public String environment;

  /** The deployment in the contract's JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String deployment;

  @Column(name = "reported_at", nullable = false)
  public OffsetDateTime reportedAt;

  @Column(name = "reported_by", nullable = false)
  public String reportedBy;
}
