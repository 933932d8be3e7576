package dev.preflight.monitor.detect;

import dev.preflight.monitor.window.WindowAggregate;
import java.util.List;

/**
 * One family of detectors: what it observes of a window, each observation judged against its
 * threshold. A new family is a class implementing this and one line in {@code
 * META-INF/services/dev.preflight.monitor.detect.Detector}; its test is its own.
 */
public interface Detector {

  /** drift, accuracy, operational or security. */
  String family();

  /** Where its observations come in a window's list (ascending). */
  default int order() {
    return 100;
  }

  void evaluate(WindowAggregate window, Detectors.Context context, List<Observation> out);
}
