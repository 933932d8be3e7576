package dev.preflight.contracts.events;

import java.util.Optional;

/**
 * A pipeline event was applied (or had been applied already, for a redelivery).
 *
 * @param eventId the {@code ce_id} of the pipeline's event
 * @param eventType the {@code ce_type} of the pipeline's event
 * @param resource the path of the resource it created or changed
 */
public record PipelineEventAccepted(String eventId, String eventType, Optional<String> resource) {}
