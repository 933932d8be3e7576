package dev.preflight.notifier.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The notifier's counters: notifications sent, failed, retried and given up per receiver type;
 * alerts suppressed by silences, inhibition and deduplication; events applied.
 */
@ApplicationScoped
public class NotifierMetrics {

  private final MeterRegistry registry;

  public NotifierMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param outcome {@code sent}, {@code failed} (retried later), {@code dead} or {@code deferred}
   *     (held back by an open circuit)
   */
  public void delivery(String receiverType, String outcome) {
    registry
        .counter(
            "preflight.notifier.notifications", "receiver_type", receiverType, "outcome", outcome)
        .increment();
  }

  public void queued(String receiverType, String kind, int count) {
    registry
        .counter(
            "preflight.notifier.notifications.queued", "receiver_type", receiverType, "kind", kind)
        .increment(count);
  }

  /**
   * @param reason {@code silenced}, {@code inhibited} or {@code deduplicated}
   */
  public void suppressed(String reason, int count) {
    if (count > 0) {
      registry.counter("preflight.notifier.suppressed", "reason", reason).increment(count);
    }
  }

  public void deduplicated(int count) {
    suppressed("deduplicated", count);
  }

  /** A redelivered event, recognised by its id and skipped. */
  public void duplicateEvent() {
    registry.counter("preflight.notifier.events.redelivered").increment();
  }

  public void applied(String input, int count) {
    registry.counter("preflight.notifier.events.applied", "input", input).increment(count);
  }
}
