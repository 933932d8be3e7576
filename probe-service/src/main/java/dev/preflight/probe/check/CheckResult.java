package dev.preflight.probe.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.model.CheckStatus;
import java.util.List;

/**
 * What one check found.
 *
 * @param measured what was observed
 * @param expected what the item requires
 * @param summary one sentence a reviewer can read
 * @param observations the individual observations behind the summary
 */
public record CheckResult(
    CheckStatus status,
    JsonNode measured,
    JsonNode expected,
    String summary,
    List<String> observations) {

  public CheckResult {
    observations = List.copyOf(observations);
  }
}
