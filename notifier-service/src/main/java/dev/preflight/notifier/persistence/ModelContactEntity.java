package dev.preflight.notifier.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A model's team and owner, as the lifecycle events announce them. */
@Entity
@Table(name = "model_contact")
public class ModelContactEntity {
  @Id
  @Column(name = "model_id")
  public String modelId;

  @Column(nullable = false)
  public String team;

  @Column(nullable = false)
  public String name;

  @Column(name = "owner_name", nullable = false)
  public String ownerName;

  @Column(name = "owner_email")
  public String ownerEmail;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;
}
