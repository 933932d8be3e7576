package dev.preflight.probe.run;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.probe.check.ProbeRunner;
import dev.preflight.probe.config.ProbeConfig;
import dev.preflight.probe.messaging.RunPublisher;
import dev.preflight.support.work.KeyedWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The probe runs under way. A run is work this service owns, not a record held open: it executes
 * off the consumer's thread, runs of one version's phase one after another, at most {@code
 * run-concurrency} at a time, and publishes each event as it is reached. Checks that could not
 * verify are run again after each of the {@code error-retries} delays (the run's place is given up
 * while it waits), until they pass or fail or the delays are spent: an endpoint or a Preflight
 * service that was away for a while leaves no item pending for good.
 */
@ApplicationScoped
public class ProbeRuns {

  private static final Logger LOG = Logger.getLogger(ProbeRuns.class);

  private final ProbeRunner runner;
  private final RunPublisher publisher;
  private final List<Duration> retries;
  private final KeyedWork work;

  /** The latest phase.entered of each version's phase: older runs are not retried past it. */
  private final Map<String, String> latest = new ConcurrentHashMap<>();

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "probe-run-retries");
            thread.setDaemon(true);
            return thread;
          });

  public ProbeRuns(
      ProbeRunner runner, RunPublisher publisher, ProbeConfig config, MeterRegistry registry) {
    this.runner = runner;
    this.publisher = publisher;
    this.retries = List.copyOf(config.errorRetries());
    this.work = new KeyedWork("probe-run", Math.max(1, config.runConcurrency()));
    Gauge.builder("preflight.probe.runs.in.flight", work, KeyedWork::inFlight)
        .description("probe runs accepted and not done, queued ones included")
        .register(registry);
  }

  /**
   * Starts a run of the phase (of one item, or all automated items with a check). The first stage
   * completes when the run has a place, the second when its last event is on the broker, its
   * retries included.
   */
  public KeyedWork.Accepted start(Event<PhaseEntered> trigger, Optional<String> onlyItem) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (onlyItem.isEmpty()) {
      String key = key(trigger);
      latest.put(key, trigger.id());
      done.whenComplete((ignored, failure) -> latest.remove(key, trigger.id()));
    }
    KeyedWork.Accepted first =
        attempt(trigger, trigger, onlyItem.map(Set::of).orElse(Set.of()), 0, done);
    return new KeyedWork.Accepted(first.placed(), done);
  }

  private static String key(Event<PhaseEntered> trigger) {
    PhaseEntered phase = trigger.data();
    return phase.model().modelId() + "/" + phase.version() + "/" + phase.phase().id();
  }

  private KeyedWork.Accepted attempt(
      Event<PhaseEntered> first,
      Event<PhaseEntered> trigger,
      Set<String> items,
      int retry,
      CompletableFuture<Void> done) {
    String key = key(trigger);
    if (retry > 0 && !first.id().equals(latest.getOrDefault(key, first.id()))) {
      // the phase was entered again since (a new deployment): its own run verifies it
      done.complete(null);
      return new KeyedWork.Accepted(CompletableFuture.completedFuture(null), done);
    }
    AtomicReference<List<String>> errored = new AtomicReference<>(List.of());
    KeyedWork.Accepted accepted =
        work.accept(key, () -> errored.set(runner.run(trigger, items, publisher::publish)));
    accepted
        .done()
        .whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                done.completeExceptionally(failure);
              } else if (errored.get().isEmpty() || retry >= retries.size()) {
                done.complete(null);
              } else {
                retryLater(first, trigger, Set.copyOf(errored.get()), retry, done);
              }
            });
    return accepted;
  }

  /** The errored checks again, after the delay, as a run of their own with ids of its own. */
  private void retryLater(
      Event<PhaseEntered> first,
      Event<PhaseEntered> trigger,
      Set<String> items,
      int retry,
      CompletableFuture<Void> done) {
    Duration delay = retries.get(retry);
    LOG.infof(
        "%s %s %s: %s could not verify, again in %s",
        trigger.modelId(), trigger.data().version(), trigger.data().phase().id(), items, delay);
    // The retry's ids derive from the first trigger's, so a replayed phase retries alike.
    Event<PhaseEntered> again = first.withId(Event.derivedId(first.id(), "retry/" + (retry + 1)));
    try {
      timer.schedule(
          () -> attempt(first, again, items, retry + 1, done),
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      done.completeExceptionally(new RunStopped("stopped before a retry", stopping));
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    work.close();
  }
}
