package dev.preflight.notifier.delivery;

import dev.preflight.notifier.alerting.WebhookSignature;
import dev.preflight.notifier.config.NotifierConfig;
import dev.preflight.notifier.persistence.NotificationEntity;
import dev.preflight.notifier.service.NotificationsQueued;
import dev.preflight.support.work.BackgroundWorker;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Delivers queued notifications with retries and exponential backoff. A delivery is claimed in the
 * database before it is sent ({@code FOR UPDATE SKIP LOCKED}), so several notifier instances never
 * send the same notification at once; a claim that outlives a crashed instance expires and is taken
 * over. Notifications of one alert reach one receiver in the order they were queued.
 */
@ApplicationScoped
public class DeliveryService {

  private static final Logger LOG = Logger.getLogger(DeliveryService.class);

  private static final String CLAIM =
      """
      SELECT n.* FROM notification n
       WHERE ((n.status = 'pending' AND n.next_attempt_at <= now())
              OR (n.status = 'sending' AND n.claimed_until < now()))
         AND NOT EXISTS (SELECT 1 FROM notification earlier
                          WHERE earlier.receiver = n.receiver AND earlier.fingerprint = n.fingerprint
                            AND earlier.id < n.id AND earlier.status IN ('pending', 'sending'))
       ORDER BY n.id
       LIMIT ?1
       FOR UPDATE SKIP LOCKED
      """;

  private final EntityManager entityManager;
  private final NotifierConfig config;
  private final MeterRegistry registry;
  private final HttpClient http;
  private final BackgroundWorker worker;

  public DeliveryService(
      EntityManager entityManager, NotifierConfig config, MeterRegistry registry) {
    this.entityManager = entityManager;
    this.config = config;
    this.registry = registry;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.delivery().timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            // Plain HTTP/1.1: receivers need not understand an h2c upgrade.
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.worker =
        new BackgroundWorker(
            "notification-delivery",
            config.delivery().pollInterval(),
            config.delivery().batchSize(),
            this::deliverDue);
  }

  void start(@Observes StartupEvent event) {
    worker.start();
  }

  void stop(@Observes ShutdownEvent event) {
    worker.stop();
  }

  void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) NotificationsQueued queued) {
    worker.wake();
  }

  /** Claims the due deliveries, sends them, and records each outcome; returns how many. */
  int deliverDue() {
    List<Claimed> claimed = claim();
    for (Claimed delivery : claimed) {
      Outcome outcome = send(delivery);
      record(delivery, outcome);
    }
    return claimed.size();
  }

  private record Claimed(
      long id, String receiverType, String target, String payload, int attempt) {}

  /**
   * @param statusCode the receiver's answer; empty when none came
   */
  private record Outcome(
      boolean delivered, boolean retryable, Optional<Integer> statusCode, String error) {}

  private List<Claimed> claim() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              @SuppressWarnings("unchecked")
              List<NotificationEntity> due =
                  entityManager
                      .createNativeQuery(CLAIM, NotificationEntity.class)
                      .setParameter(1, config.delivery().batchSize())
                      .getResultList();
              OffsetDateTime claimedUntil =
                  OffsetDateTime.now(ZoneOffset.UTC)
                      .plus(config.delivery().timeout().multipliedBy(3));
              return due.stream()
                  .map(
                      n -> {
                        n.status = NotificationEntity.SENDING;
                        n.claimedUntil = claimedUntil;
                        n.attempts++;
                        return new Claimed(n.id, n.receiverType, n.target, n.payload, n.attempts);
                      })
                  .toList();
            });
  }

  private Outcome send(Claimed delivery) {
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(delivery.target()))
            .timeout(config.delivery().timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "Preflight-Notifier/1")
            .header("X-Preflight-Delivery", String.valueOf(delivery.id()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    config
        .webhookSecret()
        .ifPresent(
            secret ->
                request.header(
                    WebhookSignature.HEADER,
                    WebhookSignature.header(secret, Instant.now().getEpochSecond(), body)));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status / 100 == 2) {
        return new Outcome(true, false, Optional.of(status), null);
      }
      // Alertmanager's rule: a receiver that rejects the request will reject it again.
      boolean retryable = status >= 500 || status == 408 || status == 429;
      return new Outcome(
          false,
          retryable,
          Optional.of(status),
          "HTTP " + status + ": " + abbreviate(response.body()));
    } catch (IOException e) {
      return new Outcome(
          false, true, Optional.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(false, true, Optional.empty(), "interrupted");
    } catch (IllegalArgumentException e) {
      return new Outcome(false, false, Optional.empty(), "invalid target: " + e.getMessage());
    }
  }

  private void record(Claimed delivery, Outcome outcome) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              NotificationEntity n = entityManager.find(NotificationEntity.class, delivery.id());
              OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
              n.claimedUntil = null;
              n.lastStatusCode = outcome.statusCode().orElse(null);
              n.lastError = outcome.error();
              String result;
              if (outcome.delivered()) {
                n.status = NotificationEntity.DELIVERED;
                n.deliveredAt = now;
                result = "delivered";
              } else if (!outcome.retryable() || n.attempts >= config.delivery().maxAttempts()) {
                n.status = NotificationEntity.FAILED;
                result = "failed";
                LOG.warnf(
                    "notification %d to %s given up after %d attempt(s): %s",
                    n.id, n.receiver, n.attempts, outcome.error());
              } else {
                n.status = NotificationEntity.PENDING;
                n.nextAttemptAt = now.plus(backoff(n.attempts));
                result = "retry";
              }
              registry
                  .counter(
                      "preflight.notifier.deliveries",
                      "receiver_type",
                      n.receiverType,
                      "outcome",
                      result)
                  .increment();
            });
  }

  /** Waits after the n-th failed attempt: initial backoff, doubled each time, capped. */
  Duration backoff(int failedAttempts) {
    Duration initial = config.delivery().initialBackoff();
    Duration wait = initial.multipliedBy(1L << Math.min(failedAttempts - 1, 20));
    return wait.compareTo(config.delivery().maxBackoff()) > 0
        ? config.delivery().maxBackoff()
        : wait;
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }
}
