package dev.preflight.contracts.events;

import java.net.URI;
import java.util.List;

/**
 * A pipeline event was not applied, and why. Nothing of it took effect; a rejection is not recorded
 * against the id, so the same event may be sent again once the cause is fixed (e.g. the gate has
 * opened).
 *
 * @param eventId the {@code id} of the pipeline's event, empty when it had none
 * @param eventSource the {@code source} of the pipeline's event, empty when it had none
 * @param eventType the {@code type} of the pipeline's event, empty when it had none
 * @param status the HTTP status the same REST call would have answered
 * @param problemType the RFC 9457 problem type, e.g. {@code …/problems/gate-closed}
 * @param reasons what was wrong, one line each
 */
public record PipelineEventRejected(
    String eventId,
    String eventSource,
    String eventType,
    int status,
    URI problemType,
    List<String> reasons) {}
