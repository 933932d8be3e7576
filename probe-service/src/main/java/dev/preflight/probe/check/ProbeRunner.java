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
import dev.preflight.probe.run.RunStopped;
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
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs the checks of the items a phase lists and turns their results into events. Event ids are
 * derived from the triggering event's id (and a result's from its verdict), so a redelivered
 * trigger yields the same ids for the same findings and downstream consumers, idempotent on ids,
 * apply each result once.
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
   * Runs one probe run over the automated items of the phase that have a check (all of them, or
   * some of them), handing each event to the sink as soon as it exists: {@code probe.run.started}
   * first, then one {@code check.completed} per item in the order the checks finish, then {@code
   * probe.run.completed}; so a reader sees the items running and each verdict as it is reached, and
   * one slow check holds back no other result. Checks run concurrently (at most {@code
   * check-concurrency} at a time), then those that must run alone, one after another; each within
   * its timeout; a check that reports {@code error} is run once more before the error stands.
   * Nothing reaches the sink when no listed item has a check. The sink is called on the calling
   * thread, one event at a time.
   *
   * @param onlyItems the items to verify; empty: every automated item of the phase with a check
   * @return the items whose checks could not verify ({@code error})
   */
  public List<String> run(
      Event<PhaseEntered> trigger, Set<String> onlyItems, Consumer<Event<?>> sink) {
    PhaseEntered phase = trigger.data();
    List<Check> toRun =
        phase.items().stream()
            .filter(PhaseEntered.PhaseItem::automated)
            .filter(item -> onlyItems.isEmpty() || onlyItems.contains(item.itemId()))
            .map(item -> checks.get(item.itemId()))
            .filter(check -> check != null)
            .toList();
    if (toRun.isEmpty()) {
      return List.of();
    }
    String runId = Event.derivedId(trigger.id(), "run");
    String modelId = phase.model().modelId();
    sink.accept(
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
    // Checks that share the endpoint run first, side by side; then each check that must run alone
    // (the latency measurement), one at a time: the order is fixed, and the quick verdicts never
    // wait for the slow measurement.
    List<Check> shared = toRun.stream().filter(check -> !check.exclusive()).toList();
    List<Check> alone = toRun.stream().filter(Check::exclusive).toList();
    Semaphore slots = new Semaphore(Math.max(1, config.checkConcurrency()), true);
    Tally tally = new Tally();
    complete(
        shared.stream().map(check -> task(check, trigger, runId, slots)).toList(), tally, sink);
    for (Check check : alone) {
      complete(List.of(task(check, trigger, runId, new Semaphore(1))), tally, sink);
    }
    sink.accept(
        event(
            trigger,
            "completed",
            EventType.PROBE_RUN_COMPLETED,
            new ProbeRunCompleted(
                runId,
                modelId,
                phase.version(),
                phase.phase(),
                tally.passed,
                tally.failed,
                tally.errors)));
    return List.copyOf(tally.errored);
  }

  /** How a run's checks ended. */
  private static final class Tally {
    int passed;
    int failed;
    int errors;
    final List<String> errored = new ArrayList<>();

    void count(CheckCompleted check) {
      switch (check.status()) {
        case PASSED -> passed++;
        case FAILED -> failed++;
        case ERROR -> {
          errors++;
          errored.add(check.itemId());
        }
      }
    }
  }

  private Callable<Event<CheckCompleted>> task(
      Check check, Event<PhaseEntered> trigger, String runId, Semaphore slots) {
    PhaseEntered phase = trigger.data();
    return () -> {
      slots.acquire();
      try {
        OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        CheckResult result = runWithTimeout(check, trigger);
        if (result.status() == CheckStatus.ERROR) {
          result = runWithTimeout(check, trigger);
        }
        // The id names the verdict too: a replayed phase that reaches the same verdict is a
        // duplicate consumers drop, one that reaches another (failed where a crash interrupted an
        // error's retries) is news (found by the fault suite: the later verdict was dropped and
        // the item stayed pending).
        return event(
            trigger,
            "check/" + check.itemId() + "/" + result.status().id(),
            EventType.CHECK_COMPLETED,
            new CheckCompleted(
                runId,
                phase.model().modelId(),
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
        slots.release();
      }
    };
  }

  /** Runs the tasks and hands each result to the sink as it completes, on this thread. */
  private void complete(
      List<Callable<Event<CheckCompleted>>> tasks, Tally tally, Consumer<Event<?>> sink) {
    CompletionService<Event<CheckCompleted>> completions =
        new ExecutorCompletionService<>(executor);
    List<Future<Event<CheckCompleted>>> pending = new ArrayList<>();
    tasks.forEach(task -> pending.add(completions.submit(task)));
    try {
      for (int i = 0; i < tasks.size(); i++) {
        Event<CheckCompleted> completed;
        try {
          completed = completions.take().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RunStopped("interrupted during a probe run", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("a probe run failed", e.getCause());
        }
        tally.count(completed.data());
        sink.accept(completed);
      }
    } finally {
      // A run that was interrupted (shutdown) or whose sink failed leaves no check behind.
      pending.forEach(future -> future.cancel(true));
    }
  }

  private CheckResult runWithTimeout(Check check, Event<PhaseEntered> trigger) {
    Timer.Sample sample = Timer.start(registry);
    CheckResult result;
    Future<CheckResult> future = executor.submit(() -> check.run(trigger.data(), trigger.time()));
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
