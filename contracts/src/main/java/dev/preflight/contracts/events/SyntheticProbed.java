package dev.preflight.contracts.events;

import java.net.URI;
import java.time.OffsetDateTime;

/**
 * probe-service ran the scheduled synthetic health probe of a live version for the first time
 * (again after a restart): downtime is now detected even when no traffic flows.
 *
 * @param endpointUrl the production endpoint probed
 * @param up whether server-ready and model-ready answered
 * @param interval how often it is probed, ISO-8601
 */
public record SyntheticProbed(
    String modelId,
    String version,
    String team,
    URI endpointUrl,
    boolean up,
    OffsetDateTime probedAt,
    String interval) {}
