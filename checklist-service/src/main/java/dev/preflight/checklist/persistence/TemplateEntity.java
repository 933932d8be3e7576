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

/** One immutable version of a checklist template. */
@Entity
@Table(name = "checklist_template")
public class TemplateEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "template_id", nullable = false)
  public String templateId;

  @Column(nullable = false)
  public int version;

  @Column(nullable = false)
  public String title;

  @Column(name = "gate_mode", nullable = false)
  public String gateMode;

  /** The items, in the contract's JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String items;

  @Column(name = "derived_from_id")
  public String derivedFromId;

  @Column(name = "derived_from_version")
  public Integer derivedFromVersion;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "created_by", nullable = false)
  public String createdBy;
}
