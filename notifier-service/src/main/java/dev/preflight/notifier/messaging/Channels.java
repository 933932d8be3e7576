package dev.preflight.notifier.messaging;

/** The messaging channels of notifier-service. */
public final class Channels {
  /** {@code preflight.probe-results.v1} → alerts of failed checks. */
  public static final String PROBE_RESULTS = "probe-results";

  /** {@code preflight.signals.v1} → alerts of monitor signals, consumed in batches. */
  public static final String SIGNALS = "signals";

  /**
   * {@code preflight.signals.v1.dlq}: signal records that are not valid events, with the reason.
   */
  public static final String SIGNALS_DEAD_LETTERS = "signals-dlq";

  /** {@code preflight.lifecycle.v1} → model contacts and informational notifications. */
  public static final String LIFECYCLE = "lifecycle";

  private Channels() {}
}
