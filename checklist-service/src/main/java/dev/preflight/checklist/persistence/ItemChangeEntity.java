package dev.preflight.checklist.persistence;

import dev.preflight.contracts.model.ItemState;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
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

/** One state change of a checklist item: the item's history. */
@Entity
@Table(name = "checklist_item_change")
public class ItemChangeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "item_id")
  public ChecklistItemEntity item;

  @Convert(converter = ItemStateConverter.class)
  @Column(name = "from_state", nullable = false)
  public ItemState fromState;

  @Convert(converter = ItemStateConverter.class)
  @Column(name = "to_state", nullable = false)
  public ItemState toState;

  @JdbcTypeCode(SqlTypes.JSON)
  public String evidence;

  @Column(nullable = false)
  public String actor;

  /** The event that caused the change, e.g. a {@code check.completed} id. */
  public String cause;

  @Column(name = "changed_at", nullable = false)
  public OffsetDateTime changedAt;
}
