package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import java.time.OffsetDateTime;

/** The automated verification of one checklist item. */
public interface Check {

  /** The checklist item this check verifies, e.g. {@code creator-logged}. */
  String itemId();

  /** What the check verifies, in a sentence. */
  String description();

  /**
   * Verifies the item for the version that entered the phase. Reports {@code error}, not an
   * exception, when something it needs cannot be reached.
   */
  CheckResult run(PhaseEntered phase);

  /**
   * As {@link #run(PhaseEntered)}, knowing when the phase was entered (the deployment reported):
   * the checks that judge what happened since then override this one.
   */
  default CheckResult run(PhaseEntered phase, OffsetDateTime enteredAt) {
    return run(phase);
  }

  /**
   * Whether the check must run alone, after the others of its run: a measurement that other checks'
   * load on the same endpoint would distort (latency).
   */
  default boolean exclusive() {
    return false;
  }
}
