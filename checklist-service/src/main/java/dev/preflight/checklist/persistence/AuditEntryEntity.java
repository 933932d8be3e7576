package dev.preflight.checklist.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One entry of the append-only audit log (the database refuses updates and deletes). */
@Entity
@Immutable
@Table(name = "audit_entry")
public class AuditEntryEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public OffsetDateTime at;

  @Column(nullable = false)
  public String actor;

  /** What happened, e.g. {@code item-changed}, {@code attested}, {@code deployed}. */
  @Column(nullable = false)
  public String action;

  public String team;

  @Column(name = "model_id")
  public String modelId;

  public String version;

  @Column(name = "item_id")
  public String itemId;

  @Column(name = "from_state")
  public String fromState;

  @Column(name = "to_state")
  public String toState;

  @JdbcTypeCode(SqlTypes.JSON)
  public String evidence;

  public String detail;

  /** The event or request that caused it, e.g. a {@code check.completed} id. */
  public String cause;
}
