package dev.preflight.checklist.persistence;

import dev.preflight.contracts.model.ItemState;
import dev.preflight.contracts.model.Phase;
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

/** One item of a version's checklist, with its current state and evidence. */
@Entity
@Table(name = "checklist_item")
public class ChecklistItemEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "version_id")
  public ModelVersionEntity modelVersion;

  @Column(name = "item_id", nullable = false)
  public String itemId;

  @Convert(converter = PhaseConverter.class)
  @Column(nullable = false)
  public Phase phase;

  @Column(nullable = false)
  public int position;

  @Column(nullable = false)
  public String text;

  @Column(name = "new_versions_only", nullable = false)
  public boolean newVersionsOnly;

  @Column(nullable = false)
  public boolean automated;

  @Column(nullable = false)
  public boolean required;

  /** The template's settings of the item's check, in JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String parameters;

  @Convert(converter = ItemStateConverter.class)
  @Column(nullable = false)
  public ItemState state;

  /** The evidence of the current state, in the contract's JSON; null while none. */
  @JdbcTypeCode(SqlTypes.JSON)
  public String evidence;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  @Column(name = "updated_by", nullable = false)
  public String updatedBy;

  /** When the result the item shows was observed; an older result never overwrites it. */
  @Column(name = "result_at")
  public OffsetDateTime resultAt;

  /** Whether a person passed or waived it, rather than a probe. */
  @Column(nullable = false)
  public boolean attested;

  /** The monitor's signals about the item, id → their latest status and window end, in JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "firing_signals", nullable = false)
  public String firingSignals = "{}";
}
