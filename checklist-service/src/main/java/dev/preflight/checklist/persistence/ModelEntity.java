package dev.preflight.checklist.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A registered model. */
@Entity
@Table(name = "model")
public class ModelEntity {
  @Id public String id;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String team;

  @Column(name = "owner_name", nullable = false)
  public String ownerName;

  @Column(name = "owner_email")
  public String ownerEmail;

  public String description;

  /** The template the model's versions get their checklists from. */
  @Column(name = "template_id", nullable = false)
  public String templateId;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "created_by", nullable = false)
  public String createdBy;
}
