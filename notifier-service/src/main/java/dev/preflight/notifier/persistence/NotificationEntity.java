package dev.preflight.notifier.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One notification to one receiver and its delivery: a row of the persistent delivery log. */
@Entity
@Table(name = "notification")
public class NotificationEntity {

  public static final String PENDING = "pending";
  public static final String SENDING = "sending";
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String receiver;

  @Column(name = "receiver_type", nullable = false)
  public String receiverType;

  @Column(nullable = false)
  public String target;

  @Column(nullable = false)
  public String fingerprint;

  @Column(name = "alert_status", nullable = false)
  public String alertStatus;

  @Column(nullable = false)
  public String team;

  @Column(name = "model_id", nullable = false)
  public String modelId;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String payload;

  /** {@code pending}, {@code sending}, {@code delivered} or {@code failed}. */
  @Column(nullable = false)
  public String status;

  @Column(nullable = false)
  public int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  public OffsetDateTime nextAttemptAt;

  /** While {@code sending}: the instance that claimed it owns it until then. */
  @Column(name = "claimed_until")
  public OffsetDateTime claimedUntil;

  @Column(name = "last_status_code")
  public Integer lastStatusCode;

  @Column(name = "last_error")
  public String lastError;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "delivered_at")
  public OffsetDateTime deliveredAt;
}
