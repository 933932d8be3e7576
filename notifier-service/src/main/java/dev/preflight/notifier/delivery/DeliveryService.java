package dev.preflight.notifier.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.notifier.alerting.WebhookSignature;
import dev.preflight.notifier.config.NotifierConfig;
import dev.preflight.notifier.metrics.NotifierMetrics;
import dev.preflight.notifier.persistence.NotificationEntity;
import dev.preflight.notifier.routing.Integration;
import dev.preflight.notifier.service.NotificationsQueued;
import dev.preflight.notifier.service.RoutingService;
import dev.preflight.support.work.BackgroundWorker;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
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
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Delivers the delivery log's pending notifications: webhooks (signed), Slack, PagerDuty Events v2
 * and e-mail. A notification is claimed in the database before it is sent ({@code FOR UPDATE SKIP
 * LOCKED}), so several instances never send it at once; a claim that outlives a crashed instance
 * expires and is taken over. Failures are retried with exponential backoff and jitter (never a
 * refusal such as 400); a receiver that keeps failing has its circuit opened, holding its
 * notifications back without spending their attempts. Notifications with the same order key (one
 * group to one receiver, one alert to one PagerDuty service) go out in the order queued.
 */
@ApplicationScoped
public class DeliveryService {

  private static final Logger LOG = Logger.getLogger(DeliveryService.class);

  private static final String CLAIM =
      """
      SELECT n.* FROM notification n
       WHERE ((n.status IN ('pending', 'failed') AND n.next_attempt_at <= ?2)
              OR (n.status = 'sending' AND n.claimed_until < ?2))
         AND NOT EXISTS (SELECT 1 FROM notification earlier
                          WHERE earlier.order_key = n.order_key AND earlier.id < n.id
                            AND earlier.status IN ('pending', 'sending', 'failed'))
       ORDER BY n.id
       LIMIT ?1
       FOR UPDATE SKIP LOCKED
      """;

  private final EntityManager entityManager;
  private final NotifierConfig config;
  private final NotifierMetrics metrics;
  private final RoutingService routing;
  private final Mailer mailer;
  private final ObjectMapper mapper;
  private final HttpClient http;
  private final BackgroundWorker worker;
  private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();
  private final Queue<Sent> unrecorded = new ConcurrentLinkedQueue<>();

  public DeliveryService(
      EntityManager entityManager,
      NotifierConfig config,
      NotifierMetrics metrics,
      RoutingService routing,
      Mailer mailer,
      ObjectMapper mapper) {
    this.entityManager = entityManager;
    this.config = config;
    this.metrics = metrics;
    this.routing = routing;
    this.mailer = mailer;
    this.mapper = mapper;
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

  /**
   * Claims the due deliveries, sends them, and records each outcome; returns how many. An outcome
   * the database cannot take (PostgreSQL restarting) is kept and recorded first on the next pass,
   * before anything new is claimed: a notification the receiver accepted is not sent again when its
   * claim expires.
   */
  int deliverDue() {
    recordUnrecorded();
    List<Claimed> claimed = claim();
    for (int i = 0; i < claimed.size(); i++) {
      Claimed delivery = claimed.get(i);
      Circuit circuit = circuits.computeIfAbsent(delivery.target(), t -> new Circuit());
      Optional<Instant> openUntil = circuit.openUntil();
      if (openUntil.isPresent()) {
        defer(delivery, openUntil.get());
        continue;
      }
      Outcome outcome = send(delivery);
      circuit.record(outcome.delivered() || !outcome.retryable());
      try {
        record(delivery, outcome);
      } catch (RuntimeException e) {
        // The rest of the batch stays claimed unsent; its claims expire and are taken again.
        unrecorded.add(new Sent(delivery, outcome));
        throw e;
      }
    }
    return claimed.size();
  }

  /** A delivery sent whose outcome is not yet in the database. */
  private record Sent(Claimed delivery, Outcome outcome) {}

  private void recordUnrecorded() {
    for (Sent sent = unrecorded.peek(); sent != null; sent = unrecorded.peek()) {
      record(sent.delivery(), sent.outcome());
      unrecorded.remove();
    }
  }

  private record Claimed(
      long id, String receiverType, String target, String payload, int attempt) {}

  /**
   * @param statusCode the receiver's answer; empty when none came
   */
  record Outcome(
      boolean delivered, boolean retryable, Optional<Integer> statusCode, String error) {}

  private List<Claimed> claim() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
              @SuppressWarnings("unchecked")
              List<NotificationEntity> due =
                  entityManager
                      .createNativeQuery(CLAIM, NotificationEntity.class)
                      .setParameter(1, config.delivery().batchSize())
                      .setParameter(2, now)
                      .getResultList();
              OffsetDateTime claimedUntil = now.plus(config.delivery().timeout().multipliedBy(3));
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
    try {
      return Integration.EMAIL.equals(delivery.receiverType()) ? mail(delivery) : post(delivery);
    } catch (RuntimeException e) {
      return new Outcome(
          false, true, Optional.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Outcome post(Claimed delivery) {
    byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(delivery.target()));
    } catch (IllegalArgumentException e) {
      return new Outcome(false, false, Optional.empty(), "invalid target: " + e.getMessage());
    }
    request
        .timeout(config.delivery().timeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "Preflight-Notifier/1")
        .header("X-Preflight-Delivery", String.valueOf(delivery.id()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (Integration.WEBHOOK.equals(delivery.receiverType())) {
      routing
          .tree()
          .webhookSecret(delivery.target())
          .or(config::webhookSecret)
          .ifPresent(
              secret ->
                  request.header(
                      WebhookSignature.HEADER,
                      WebhookSignature.header(secret, Instant.now().getEpochSecond(), body)));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status / 100 == 2) {
        return new Outcome(true, false, Optional.of(status), null);
      }
      // A receiver that refuses the request (400, 403, 404…) will refuse it again.
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
    }
  }

  private Outcome mail(Claimed delivery) {
    JsonNode message;
    try {
      message = mapper.readTree(delivery.payload());
    } catch (IOException e) {
      return new Outcome(false, false, Optional.empty(), "unreadable e-mail: " + e.getMessage());
    }
    mailer.send(
        Mail.withText(
                message.path("to").asText(),
                message.path("subject").asText(),
                message.path("text").asText())
            .setHtml(message.path("html").asText(null))
            .addHeader("X-Preflight-Delivery", String.valueOf(delivery.id())));
    return new Outcome(true, false, Optional.empty(), null);
  }

  /** An open circuit: the notification waits, its attempt not spent. */
  private void defer(Claimed delivery, Instant until) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              NotificationEntity n = entityManager.find(NotificationEntity.class, delivery.id());
              n.attempts--;
              n.claimedUntil = null;
              n.status = n.attempts == 0 ? NotificationEntity.PENDING : NotificationEntity.FAILED;
              n.nextAttemptAt = OffsetDateTime.ofInstant(until, ZoneOffset.UTC);
              metrics.delivery(n.receiverType, "deferred");
            });
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
              if (outcome.delivered()) {
                n.status = NotificationEntity.SENT;
                n.deliveredAt = now;
              } else if (!outcome.retryable() || n.attempts >= config.delivery().maxAttempts()) {
                n.status = NotificationEntity.DEAD;
                LOG.warnf(
                    "notification %d to %s (%s) given up after %d attempt(s): %s",
                    n.id, n.receiver, n.receiverType, n.attempts, outcome.error());
              } else {
                n.status = NotificationEntity.FAILED;
                n.nextAttemptAt = now.plus(backoff(n.attempts));
              }
              metrics.delivery(n.receiverType, n.status);
            });
  }

  /**
   * Waits after the n-th failed attempt: the initial backoff doubled each time, capped, and a
   * random half of it taken off so that many notifications do not retry in step.
   */
  Duration backoff(int failedAttempts) {
    Duration initial = config.delivery().initialBackoff();
    Duration wait = initial.multipliedBy(1L << Math.min(failedAttempts - 1, 20));
    if (wait.compareTo(config.delivery().maxBackoff()) > 0) {
      wait = config.delivery().maxBackoff();
    }
    long millis = wait.toMillis();
    return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }

  /** One receiver's recent health, in this instance. */
  private final class Circuit {
    private int consecutiveFailures;
    private Instant openUntil = Instant.MIN;

    synchronized Optional<Instant> openUntil() {
      return Instant.now().isBefore(openUntil) ? Optional.of(openUntil) : Optional.empty();
    }

    synchronized void record(boolean answered) {
      if (answered) {
        consecutiveFailures = 0;
        return;
      }
      consecutiveFailures++;
      if (consecutiveFailures >= config.delivery().circuitFailures()) {
        openUntil = Instant.now().plus(config.delivery().circuitOpenFor());
        LOG.warnf(
            "a receiver failed %d times in a row: its deliveries wait %s",
            consecutiveFailures, config.delivery().circuitOpenFor());
      }
    }
  }
}
