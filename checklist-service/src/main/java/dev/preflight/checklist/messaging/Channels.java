package dev.preflight.checklist.messaging;

/** The messaging channels of checklist-service. */
public final class Channels {
  /** Outbox relay → every topic the service publishes to. */
  public static final String OUTBOX = "outbox";

  /** {@code preflight.probe-results.v1} → item states. */
  public static final String PROBE_RESULTS = "probe-results";

  /** {@code preflight.pipeline-events.v1} → the pipeline's actions. */
  public static final String PIPELINE_EVENTS = "pipeline-events";

  /** {@code preflight.signals.v1} → monitoring items. */
  public static final String SIGNALS = "signals";

  private Channels() {}
}
