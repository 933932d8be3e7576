package dev.preflight.contracts.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What an item's state rests on: what was measured, what was expected, and how.
 *
 * @param source who produced it, e.g. {@code probe-service} or a person's name
 * @param reference the probe run, signal or attestation it comes from
 * @param measured the observed value(s)
 * @param expected the value(s) the check required
 * @param summary one sentence a reviewer can read
 * @param observations the individual observations behind the summary
 * @param link where more detail lives
 */
public record Evidence(
    String source,
    Optional<String> reference,
    Optional<JsonNode> measured,
    Optional<JsonNode> expected,
    String summary,
    List<String> observations,
    Optional<String> link) {}
