package dev.preflight.notifier.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A silence: alerts its matchers select are not notified between its start and end. */
@Entity
@Table(name = "silence")
public class SilenceEntity {
  @Id public UUID id;

  /** JSON array of matchers in Alertmanager's syntax. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String matchers;

  @Column(name = "starts_at", nullable = false)
  public OffsetDateTime startsAt;

  @Column(name = "ends_at", nullable = false)
  public OffsetDateTime endsAt;

  @Column(name = "created_by", nullable = false)
  public String createdBy;

  @Column(nullable = false)
  public String comment;

  /** The team the silence is scoped to; empty for an admin's silence across teams. */
  public String team;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;
}
