package dev.preflight.contracts.events;

import java.time.OffsetDateTime;
import java.util.Optional;

/** A firing signal saw enough healthy windows to resolve. */
public record SignalResolved(
    String signalId,
    String modelId,
    String version,
    String team,
    String kind,
    String check,
    Optional<String> feature,
    Optional<String> method,
    double measured,
    double threshold,
    OffsetDateTime windowStart,
    OffsetDateTime windowEnd,
    long sampleSize,
    String summary) {}
