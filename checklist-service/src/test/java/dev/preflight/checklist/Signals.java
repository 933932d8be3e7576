package dev.preflight.checklist;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.CoverageUpdated;
import dev.preflight.contracts.events.SignalFiring;
import dev.preflight.contracts.events.SignalResolved;
import dev.preflight.contracts.events.SyntheticProbed;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.Phase;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Events the probes and the monitor publish, as the tests need them. */
final class Signals {

  static final URI PROBE = URI.create("/preflight/probe-service");
  static final URI MONITOR = URI.create("/preflight/monitor-service");

  /** Every detector the in-production items need. */
  static final List<String> ALL_DETECTORS =
      List.of(
          "drift",
          "latency",
          "throughput",
          "errors",
          "downtime",
          "auth-failures",
          "request-rate",
          "out-of-distribution",
          "payload-size");

  private Signals() {}

  static Event<CheckCompleted> check(
      String model,
      String version,
      Phase phase,
      String itemId,
      CheckStatus status,
      OffsetDateTime startedAt) {
    return Event.of(
        EventType.CHECK_COMPLETED,
        PROBE,
        model,
        version,
        "corr-" + model,
        new CheckCompleted(
            "run-" + UUID.randomUUID(),
            model,
            version,
            "fraud",
            phase,
            itemId,
            status,
            JsonNodeFactory.instance.objectNode().put("observed", status.id()),
            JsonNodeFactory.instance.objectNode().put("observed", "passed"),
            itemId + " " + status.id(),
            List.of(),
            startedAt,
            startedAt.plusSeconds(1)));
  }

  static Event<CheckCompleted> check(
      String model, String version, Phase phase, String itemId, CheckStatus status) {
    return check(model, version, phase, itemId, status, OffsetDateTime.now(ZoneOffset.UTC));
  }

  static Event<CoverageUpdated> coverage(
      String model, String version, boolean profile, List<String> detectors) {
    return Event.of(
        EventType.COVERAGE_UPDATED,
        MONITOR,
        model,
        version,
        "corr-" + model,
        new CoverageUpdated(model, version, "fraud", profile, detectors));
  }

  /** The monitor evaluated a window of the live version's logs, {@code labelled} of them joined. */
  static Event<CoverageUpdated> observed(String model, String version, long labelled) {
    OffsetDateTime end = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
    return Event.of(
        EventType.COVERAGE_UPDATED,
        MONITOR,
        model,
        version,
        "corr-" + model,
        new CoverageUpdated(
            model,
            version,
            "fraud",
            true,
            ALL_DETECTORS,
            Optional.of(
                new CoverageUpdated.ObservedWindow(end.minusMinutes(1), end, 600, labelled))));
  }

  /** probe-service ran the live version's synthetic health probe. */
  static Event<SyntheticProbed> syntheticProbed(String model, String version) {
    return Event.of(
        EventType.SYNTHETIC_PROBED,
        PROBE,
        model,
        version,
        "corr-" + model,
        new SyntheticProbed(
            model,
            version,
            "fraud",
            URI.create("http://fraud-prod.internal:8080"),
            true,
            OffsetDateTime.now(ZoneOffset.UTC),
            "PT30S"));
  }

  static Event<SignalFiring> firing(
      String model, String version, String signalId, String kind, OffsetDateTime windowEnd) {
    return Event.of(
        EventType.SIGNAL_FIRING,
        MONITOR,
        model,
        version,
        "corr-" + model,
        new SignalFiring(
            signalId,
            model,
            version,
            "fraud",
            kind,
            "p99-latency",
            Optional.empty(),
            Optional.of("hdr-histogram"),
            "critical",
            412.0,
            250.0,
            windowEnd.minusMinutes(1),
            windowEnd,
            1800,
            "p99 latency 412 ms above 250 ms"));
  }

  static Event<SignalResolved> resolved(
      String model, String version, String signalId, String kind, OffsetDateTime windowEnd) {
    return Event.of(
        EventType.SIGNAL_RESOLVED,
        MONITOR,
        model,
        version,
        "corr-" + model,
        new SignalResolved(
            signalId,
            model,
            version,
            "fraud",
            kind,
            "p99-latency",
            Optional.empty(),
            Optional.of("hdr-histogram"),
            180.0,
            250.0,
            windowEnd.minusMinutes(1),
            windowEnd,
            1700,
            "p99 latency back under 250 ms"));
  }
}
