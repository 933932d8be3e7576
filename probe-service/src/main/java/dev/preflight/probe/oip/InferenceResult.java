package dev.preflight.probe.oip;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An inference answer: the version that answered, and per input row the outputs by name.
 *
 * @param status the HTTP status; {@code rows} is empty unless it is 200
 */
public record InferenceResult(
    int status,
    Optional<String> modelVersion,
    List<Map<String, Object>> rows,
    Duration elapsed,
    String error) {

  public boolean ok() {
    return status == 200;
  }
}
