package dev.preflight.checklist.service;

import dev.preflight.checklist.domain.GateDecision;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Long-polled gate requests. A waiter is a future, not a thread: one thread re-decides the gates
 * that have waiters, right after a change of their version commits here and every second (for
 * changes made by other instances), once per version however many wait on it.
 */
@ApplicationScoped
public class GateWatch {

  private static final Logger LOG = Logger.getLogger(GateWatch.class);
  private static final Duration SWEEP = Duration.ofSeconds(1);

  private record Key(String modelId, String version, String target) {}

  private record Waiter(CompletableFuture<GateDecision> answer, long deadlineNanos) {}

  private final GateService gates;
  private final Map<Key, Set<Waiter>> waiters = new ConcurrentHashMap<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "gate-watch"));

  public GateWatch(GateService gates, MeterRegistry registry) {
    this.gates = gates;
    Gauge.builder("preflight.gate.waiting", this, GateWatch::waiting)
        .description("Gate requests held until their decision is final")
        .register(registry);
    thread.scheduleWithFixedDelay(
        this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The decision once it is final (allow or deny), or whatever it is when the wait is over.
   *
   * @param current the decision now, already checked against the caller's access
   */
  public Uni<GateDecision> await(
      String modelId, String version, GateDecision current, Duration wait) {
    if (current.isFinal() || wait.isZero()) {
      return Uni.createFrom().item(current);
    }
    Waiter waiter = new Waiter(new CompletableFuture<>(), System.nanoTime() + wait.toNanos());
    Key key = new Key(modelId, version, current.target());
    // added inside compute, as empty sets are dropped inside computeIfPresent: a waiter added to a
    // set that decide() had just dropped was never answered (a 60 s gate wait timed out in CI)
    waiters.compute(
        key,
        (k, set) -> {
          Set<Waiter> waiting = set == null ? ConcurrentHashMap.newKeySet() : set;
          waiting.add(waiter);
          return waiting;
        });
    return Uni.createFrom()
        .completionStage(waiter.answer())
        .onCancellation()
        .invoke(() -> remove(key, waiter));
  }

  /** How many requests are waiting now. */
  public int waiting() {
    return waiters.values().stream().mapToInt(Set::size).sum();
  }

  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChecklistChanged change) {
    waiters.keySet().stream()
        .filter(
            key -> key.modelId().equals(change.modelId()) && key.version().equals(change.version()))
        .forEach(key -> thread.execute(() -> decide(key)));
  }

  void stop(@Observes ShutdownEvent event) {
    thread.shutdownNow();
  }

  private void sweep() {
    for (Key key : waiters.keySet()) {
      decide(key);
    }
  }

  private void decide(Key key) {
    Set<Waiter> waiting = waiters.get(key);
    if (waiting == null || waiting.isEmpty()) {
      waiters.computeIfPresent(key, (k, set) -> set.isEmpty() ? null : set);
      return;
    }
    Optional<GateDecision> decision;
    try {
      decision =
          QuarkusTransaction.requiringNew()
              .call(() -> gates.decide(key.modelId(), key.version(), key.target()));
    } catch (RuntimeException e) {
      LOG.warnf(
          "cannot decide the %s gate of %s %s: %s",
          key.target(), key.modelId(), key.version(), e.getMessage());
      return;
    }
    long now = System.nanoTime();
    for (Waiter waiter : waiting) {
      boolean due =
          decision.map(GateDecision::isFinal).orElse(true) || now >= waiter.deadlineNanos();
      if (due) {
        waiting.remove(waiter);
        decision.ifPresentOrElse(
            waiter.answer()::complete,
            () ->
                waiter
                    .answer()
                    .completeExceptionally(new IllegalStateException("the version disappeared")));
      }
    }
    waiters.computeIfPresent(key, (k, set) -> set.isEmpty() ? null : set);
  }

  private void remove(Key key, Waiter waiter) {
    Set<Waiter> waiting = waiters.get(key);
    if (waiting != null) {
      waiting.remove(waiter);
    }
  }
}
