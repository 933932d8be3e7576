package dev.preflight.contracts.events;

import java.util.Optional;

/**
 * A pipeline event was applied, or had been applied already (a redelivery or a retry with the same
 * id), published on the lifecycle topic so that its producer learns what became of it.
 *
 * @param eventId the {@code id} of the pipeline's event
 * @param eventSource the {@code source} of the pipeline's event; id and source identify it
 * @param eventType the {@code type} of the pipeline's event
 * @param status the HTTP status the same REST call would have answered: 201 when it created the
 *     resource, 200 when it changed nothing
 * @param replayed whether the event had been applied before and this is its recorded outcome
 * @param resource the path of the resource it created or changed
 */
public record PipelineEventAccepted(
    String eventId,
    String eventSource,
    String eventType,
    int status,
    boolean replayed,
    Optional<String> resource) {}
