package dev.preflight.probe.check;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.events.ProbeRunCompleted;
import dev.preflight.contracts.events.ProbeRunStarted;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.probe.config.ProbeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs the checks of the items a phase lists and turns their results into events. Event ids are
 * derived from the triggering event's id, so a redelivered trigger yields the same ids and
 * downstream consumers, idempotent on ids, apply each result once.
 */
@ApplicationScoped
public class ProbeRunner {

  public static final URI SOURCE = URI.create("/preflight/probe-service");

  private final Map<String, Check> checks;
  private final ProbeConfig config;
  private final MeterRegistry registry;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(r -> new Thread(r, "probe-check"));

  public ProbeRunner(Instance<Check> checks, ProbeConfig config, MeterRegistry registry) {
    this.checks = checks.stream().collect(Collectors.toMap(Check::itemId, Function.identity()));
    this.config = config;
    this.registry = registry;
  }

  /** The checks this service runs, by item id. */
  public Map<String, Check> checks() {
    return checks;
  }

  /**
   * The events of one probe run over the automated items of the phase that have a check: {@code
   * probe.run.started}, one {@code check.completed} per item, {@code probe.run.completed}. Empty
   * when no listed item has a check.
   */
  public List<Event<?>> run(Event<PhaseEntered> trigger) {
    return run(trigger, Optional.empty());
  }

  /**
   * The events of one run, of every automated item with a check or of one item only. Checks run
   * concurrently (at most {@code check-concurrency} at a time), each within its timeout; a check
   * that reports {@code error} is run once more before the error stands.
   */
  public List<Event<?>> run(Event<PhaseEntered> trigger, Optional<String> onlyItem) {
    PhaseEntered phase = trigger.data();
    List<Check> toRun =
        phase.items().stream()
            .filter(PhaseEntered.PhaseItem::automated)
            .filter(item -> onlyItem.map(item.itemId()::equals).orElse(true))
            .map(item -> checks.get(item.itemId()))
            .filter(check -> check != null)
            .toList();
    if (toRun.isEmpty()) {
      return List.of();
    }
    String runId = Event.derivedId(trigger.id(), "run");
    String modelId = phase.model().modelId();
    List<Event<?>> events = new ArrayList<>();
    events.add(
        event(
            trigger,
            "started",
            EventType.PROBE_RUN_STARTED,
            new ProbeRunStarted(
                runId,
                modelId,
                phase.version(),
                phase.phase(),
                toRun.stream().map(Check::itemId).toList())));
    // An exclusive check takes every slot, so that it runs alone.
    int concurrency = Math.max(1, config.checkConcurrency());
    Semaphore slots = new Semaphore(concurrency, true);
    List<Future<Event<CheckCompleted>>> pending = new ArrayList<>();
    for (Check check : toRun) {
      pending.add(
          executor.submit(
              () -> {
                int permits = check.exclusive() ? concurrency : 1;
                slots.acquire(permits);
                try {
                  OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
                  CheckResult result = runWithTimeout(check, phase);
                  if (result.status() == CheckStatus.ERROR) {
                    result = runWithTimeout(check, phase);
                  }
                  return event(
                      trigger,
                      "check/" + check.itemId(),
                      EventType.CHECK_COMPLETED,
                      new CheckCompleted(
                          runId,
                          modelId,
                          phase.version(),
                          phase.model().team(),
                          phase.phase(),
                          check.itemId(),
                          result.status(),
                          result.measured(),
                          result.expected(),
                          result.summary(),
                          result.observations(),
                          startedAt,
                          OffsetDateTime.now(ZoneOffset.UTC)));
                } finally {
                  slots.release(permits);
                }
              }));
    }
    int passed = 0;
    int failed = 0;
    int errors = 0;
    for (Future<Event<CheckCompleted>> future : pending) {
      Event<CheckCompleted> completed;
      try {
        completed = future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during a probe run", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a probe run failed", e.getCause());
      }
      switch (completed.data().status()) {
        case PASSED -> passed++;
        case FAILED -> failed++;
        case ERROR -> errors++;
      }
      events.add(completed);
    }
    events.add(
        event(
            trigger,
            "completed",
            EventType.PROBE_RUN_COMPLETED,
            new ProbeRunCompleted(
                runId, modelId, phase.version(), phase.phase(), passed, failed, errors)));
    return events;
  }

  private CheckResult runWithTimeout(Check check, PhaseEntered phase) {
    Timer.Sample sample = Timer.start(registry);
    CheckResult result;
    Future<CheckResult> future = executor.submit(() -> check.run(phase));
    try {
      result = future.get(config.checkTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      result = error("the check took longer than " + config.checkTimeout());
    } catch (ExecutionException e) {
      result = error("the check failed to run: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = error("interrupted");
    }
    sample.stop(
        Timer.builder("preflight.probe.check.duration")
            .tag("item", check.itemId())
            .tag("status", result.status().id())
            .register(registry));
    return result;
  }

  private static CheckResult error(String why) {
    return new CheckResult(
        CheckStatus.ERROR,
        JsonNodeFactory.instance.nullNode(),
        JsonNodeFactory.instance.nullNode(),
        why,
        List.of(why));
  }

  private static <T> Event<T> event(
      Event<PhaseEntered> trigger, String what, EventType type, T data) {
    return Event.of(
            type,
            SOURCE,
            trigger.modelId(),
            trigger.data().version(),
            trigger.correlationId(),
            data)
        .withId(Event.derivedId(trigger.id(), what));
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}
