package dev.preflight.contracts.events;

import java.util.List;

/**
 * A pipeline event was not applied, and why.
 *
 * @param status the HTTP status the same request would have got over REST
 */
public record PipelineEventRejected(
    String eventId, String eventType, int status, List<String> reasons) {}
