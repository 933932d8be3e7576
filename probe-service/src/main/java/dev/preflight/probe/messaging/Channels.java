package dev.preflight.probe.messaging;

/** The messaging channels of probe-service. */
public final class Channels {
  /** {@code preflight.lifecycle.v1} → probe runs. */
  public static final String LIFECYCLE = "lifecycle";

  /** Probe runs → {@code preflight.probe-results.v1}. */
  public static final String PROBE_RESULTS = "probe-results";

  private Channels() {}

  /** Synthetic health probes → {@code preflight.signals.v1} (downtime). */
  public static final String SIGNALS = "signals";
}
