package dev.preflight.contracts.events;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A monitor detector breached its threshold for enough consecutive windows.
 *
 * @param kind {@code drift}, {@code accuracy}, {@code latency}, {@code throughput}, {@code errors},
 *     {@code downtime} or {@code security}
 * @param check the detector, e.g. {@code feature-drift} or {@code p99-latency}
 * @param feature the feature concerned, for per-feature detectors (or the client, for per-client
 *     ones)
 * @param method how the value was measured, e.g. {@code wasserstein}, {@code ks}, {@code
 *     jensen-shannon}, {@code chi-square}, {@code hdr-histogram}
 * @param severity {@code critical}, {@code warning} or {@code info}
 */
public record SignalFiring(
    String signalId,
    String modelId,
    String version,
    String team,
    String kind,
    String check,
    Optional<String> feature,
    Optional<String> method,
    String severity,
    double measured,
    double threshold,
    OffsetDateTime windowStart,
    OffsetDateTime windowEnd,
    long sampleSize,
    String summary) {}
