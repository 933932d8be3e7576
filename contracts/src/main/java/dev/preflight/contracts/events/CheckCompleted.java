package dev.preflight.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.Phase;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One automated check finished.
 *
 * @param team the model's team, so alerts route without a look-up
 * @param measured what was observed
 * @param expected what the check required
 * @param summary one sentence a reviewer can read
 * @param observations the individual observations behind the summary
 */
public record CheckCompleted(
    String runId,
    String modelId,
    String version,
    String team,
    Phase phase,
    String itemId,
    CheckStatus status,
    JsonNode measured,
    JsonNode expected,
    String summary,
    List<String> observations,
    OffsetDateTime startedAt,
    OffsetDateTime completedAt) {}
