package dev.preflight.notifier.messaging;

/** The messaging channels of notifier-service. */
public final class Channels {
  /** {@code preflight.probe-results.v1} → alerts. */
  public static final String PROBE_RESULTS = "probe-results";

  /** {@code preflight.lifecycle.v1} → model contacts. */
  public static final String LIFECYCLE = "lifecycle";

  private Channels() {}
}
