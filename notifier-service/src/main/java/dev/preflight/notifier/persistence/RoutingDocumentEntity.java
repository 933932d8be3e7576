package dev.preflight.notifier.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The routing document in force, shared by every notifier instance. */
@Entity
@Table(name = "routing_document")
public class RoutingDocumentEntity {
  public static final int ID = 1;

  @Id public int id = ID;

  @Column(nullable = false)
  public String document;

  /** {@code file}, {@code rest} or {@code default}. */
  @Column(nullable = false)
  public String source;

  /** SHA-256 of the routing file last imported. */
  @Column(name = "file_hash")
  public String fileHash;

  @Column(nullable = false)
  public long revision;

  @Column(name = "updated_by", nullable = false)
  public String updatedBy;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;
}
