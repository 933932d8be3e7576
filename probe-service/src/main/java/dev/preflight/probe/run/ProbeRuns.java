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
import java.util.Optional;

/**
 * The probe runs under way. A run is work this service owns, not a record held open: it executes
 * off the consumer's thread, runs of one version's phase one after another, at most {@code
 * run-concurrency} at a time, and publishes each event as it is reached.
 */
@ApplicationScoped
public class ProbeRuns {

  private final ProbeRunner runner;
  private final RunPublisher publisher;
  private final KeyedWork work;

  public ProbeRuns(
      ProbeRunner runner, RunPublisher publisher, ProbeConfig config, MeterRegistry registry) {
    this.runner = runner;
    this.publisher = publisher;
    this.work = new KeyedWork("probe-run", Math.max(1, config.runConcurrency()));
    Gauge.builder("preflight.probe.runs.in.flight", work, KeyedWork::inFlight)
        .description("probe runs accepted and not done, queued ones included")
        .register(registry);
  }

  /**
   * Starts a run of the phase (of one item, or all automated items with a check). The first stage
   * completes when the run has a place, the second when its last event is on the broker.
   */
  public KeyedWork.Accepted start(Event<PhaseEntered> trigger, Optional<String> onlyItem) {
    PhaseEntered phase = trigger.data();
    String key = phase.model().modelId() + "/" + phase.version() + "/" + phase.phase().id();
    return work.accept(key, () -> runner.run(trigger, onlyItem, publisher::publish));
  }

  @PreDestroy
  void stop() {
    work.close();
  }
}
