package dev.preflight.monitor.detect;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/** One entry of a version's signal history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignalRecord(
    String signalId,
    String status,
    String kind,
    String check,
    String feature,
    String method,
    Double value,
    Double threshold,
    OffsetDateTime windowStart,
    OffsetDateTime windowEnd,
    long sampleSize,
    String summary,
    OffsetDateTime at) {}
