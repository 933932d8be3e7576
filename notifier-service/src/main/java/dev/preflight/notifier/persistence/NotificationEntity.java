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
  public static final String SENT = "sent";

  /** The last attempt failed; another is scheduled. */
  public static final String FAILED = "failed";

  /** Given up: the receiver refused it for good, or every attempt failed. */
  public static final String DEAD = "dead";

  /** A group's notification (firing and resolved alerts). */
  public static final String GROUP = "group";

  /** A notification to the next escalation level. */
  public static final String ESCALATION = "escalation";

  /** An acknowledgement forwarded to the receiver (PagerDuty). */
  public static final String ACKNOWLEDGE = "acknowledge";

  /** An informational notification (a retirement, a promotion), not an alert. */
  public static final String INFO = "info";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String receiver;

  @Column(name = "receiver_type", nullable = false)
  public String receiverType;

  @Column(nullable = false)
  public String target;

  /** The alert of a per-alert notification (PagerDuty); empty for a group's. */
  public String fingerprint;

  @Column(name = "alert_status")
  public String alertStatus;

  public String team;

  @Column(name = "model_id")
  public String modelId;

  @Column(name = "group_id")
  public String groupId;

  /** {@code group}, {@code escalation}, {@code acknowledge} or {@code info}. */
  @Column(nullable = false)
  public String kind;

  /** Notifications with the same key reach their receiver in the order they were queued. */
  @Column(name = "order_key", nullable = false)
  public String orderKey;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  public String payload;

  /**
   * {@code pending}, {@code sending}, {@code sent}, {@code failed} (to be retried) or {@code dead}.
   */
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
