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

/** A person's attestation of an item: passed on their evidence, or waived with their reason. */
@Entity
@Table(name = "attestation")
public class AttestationEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "item_id")
  public ChecklistItemEntity item;

  /** {@code pass} or {@code waive}. */
  @Column(nullable = false)
  public String decision;

  @Column(name = "evidence_url")
  public String evidenceUrl;

  @Column(nullable = false)
  public String comment;

  @Column(nullable = false)
  public String actor;

  @Column(nullable = false)
  public OffsetDateTime at;
}
