package dev.preflight.checklist.persistence;

import dev.preflight.contracts.model.Phase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A registered version of a model, with its manifest and checklist. */
@Entity
@Table(name = "model_version")
public class ModelVersionEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "model_id")
  public ModelEntity model;

  @Column(nullable = false)
  public String version;

  /** The manifest as the pipeline sent it, in the contract's JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String manifest;

  @Convert(converter = PhaseConverter.class)
  @Column(nullable = false)
  public Phase phase;

  @Column(name = "first_version", nullable = false)
  public boolean firstVersion;

  @Column(name = "template_id", nullable = false)
  public String templateId;

  @Column(name = "template_version", nullable = false)
  public int templateVersion;

  @Column(name = "registered_at", nullable = false)
  public OffsetDateTime registeredAt;

  @Column(name = "registered_by", nullable = false)
  public String registeredBy;

  /**
   * Where the manifest's previous version comes from: {@code manifest}, or {@code in-production}
   * when the manifest named none and the version in production was taken; null when there is none.
   */
  @Column(name = "previous_version_source")
  public String previousVersionSource;

  /** Whether the monitor holds a reference profile; null before its first coverage report. */
  @Column(name = "monitor_profile")
  public Boolean monitorProfile;

  /** The detectors the monitor has active (JSON array), latest report; null before the first. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "monitor_detectors")
  public String monitorDetectors;

  /** The latest window with records the monitor evaluated while the version was live (JSON). */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "monitor_observed")
  public String monitorObserved;

  /** When probe-service first ran the synthetic health probe of the live version. */
  @Column(name = "synthetic_probed_at")
  public OffsetDateTime syntheticProbedAt;

  @OneToMany(mappedBy = "modelVersion", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("position")
  public List<ChecklistItemEntity> items = new ArrayList<>();
}
