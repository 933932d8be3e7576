package dev.preflight.checklist.messaging;

import dev.preflight.checklist.config.ChecklistConfig;
import dev.preflight.checklist.persistence.OutboxEventEntity;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.RawEvent;
import dev.preflight.support.messaging.KafkaMessages;
import dev.preflight.support.work.BackgroundWorker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.context.ThreadContext;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Relays committed outbox rows to Kafka in write order ({@code acks=all}, idempotent producer),
 * then marks them published. One relay is active across all instances at a time (a PostgreSQL
 * advisory lock), so per-model order holds when the service is scaled out; a crash between send and
 * mark re-sends the same event ids, which consumers drop.
 */
@ApplicationScoped
public class OutboxRelay {

  /** The advisory lock key of the relay ("preflight-outbox"). */
  private static final long RELAY_LOCK = 0x7072_6566_6c69_6768L;

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final MutinyEmitter<byte[]> emitter;
  private final EntityManager entityManager;
  private final EventCodec codec;
  private final ChecklistConfig config;
  private final Counter published;
  private final BackgroundWorker worker;
  private final AtomicLong pending = new AtomicLong();
  private volatile long nextCleanup;

  public OutboxRelay(
      @Channel(Channels.OUTBOX) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
          MutinyEmitter<byte[]> emitter,
      EntityManager entityManager,
      EventCodec codec,
      ChecklistConfig config,
      MeterRegistry registry) {
    this.emitter = emitter;
    this.entityManager = entityManager;
    this.codec = codec;
    this.config = config;
    this.published =
        Counter.builder("preflight.outbox.published")
            .description("Events relayed from the outbox to Kafka")
            .register(registry);
    // Counted by the relay after each pass: a scrape must not wait on the database.
    registry.gauge("preflight.outbox.pending", pending);
    this.worker =
        new BackgroundWorker(
            "outbox-relay",
            config.outbox().pollInterval(),
            config.outbox().batchSize(),
            this::pass);
  }

  void start(@Observes StartupEvent event) {
    worker.start();
  }

  void stop(@Observes ShutdownEvent event) {
    worker.stop();
  }

  void onWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
    worker.wake();
  }

  private int pass() {
    int relayed = relayBatch();
    pending.set(countPending());
    if (System.currentTimeMillis() > nextCleanup) {
      deletePublishedBefore(OffsetDateTime.now(ZoneOffset.UTC).minus(config.outbox().retention()));
      nextCleanup = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
    }
    return relayed;
  }

  /**
   * Publishes the oldest unpublished rows, if this instance holds the relay lock; returns how many.
   */
  int relayBatch() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Boolean locked =
                  (Boolean)
                      entityManager
                          .createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                          .setParameter(1, RELAY_LOCK)
                          .getSingleResult();
              if (!locked) {
                return 0;
              }
              List<OutboxEventEntity> batch =
                  entityManager
                      .createQuery(
                          "FROM OutboxEventEntity WHERE publishedAt IS NULL ORDER BY seq",
                          OutboxEventEntity.class)
                      .setMaxResults(config.outbox().batchSize())
                      .getResultList();
              if (batch.isEmpty()) {
                return 0;
              }
              List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
              for (OutboxEventEntity row : batch) {
                acks.add(send(row));
              }
              CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                  .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
              OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
              batch.forEach(row -> row.publishedAt = now);
              published.increment(batch.size());
              return batch.size();
            });
  }

  private final ThreadContext withoutContext =
      ThreadContext.builder().propagated().unchanged().cleared(ThreadContext.ALL_REMAINING).build();

  private CompletableFuture<Void> send(OutboxEventEntity row) {
    RawEvent raw =
        new RawEvent(
            row.eventId,
            row.eventType,
            URI.create(row.source),
            Optional.of(row.subject),
            Optional.of(row.eventTime),
            row.modelId,
            Optional.ofNullable(row.modelVersion),
            row.correlationId,
            row.data.getBytes(StandardCharsets.UTF_8));
    // Subscribing here, row by row, hands the records to the producer in outbox order. Outside the
    // relay's transaction context: the producer's callbacks run on Kafka's threads, and a
    // transaction propagated there could not commit ("multiple threads active within it").
    return withoutContext
        .contextualSupplier(
            () ->
                emitter
                    .sendMessage(KafkaMessages.of(codec.toRecord(raw, row.topic)))
                    .subscribeAsCompletionStage())
        .get();
  }

  private void deletePublishedBefore(OffsetDateTime cutoff) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createQuery("DELETE FROM OutboxEventEntity WHERE publishedAt < :cutoff")
                    .setParameter("cutoff", cutoff)
                    .executeUpdate());
  }

  /** Unpublished rows: what the relay still owes Kafka. */
  private long countPending() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                entityManager
                    .createQuery(
                        "SELECT count(o) FROM OutboxEventEntity o WHERE o.publishedAt IS NULL",
                        Long.class)
                    .getSingleResult());
  }
}
