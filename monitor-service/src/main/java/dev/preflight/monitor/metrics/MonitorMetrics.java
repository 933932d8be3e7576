package dev.preflight.monitor.metrics;

import dev.preflight.monitor.config.MonitorConfig;
import dev.preflight.monitor.detect.DriftMethod;
import dev.preflight.monitor.detect.Observation;
import dev.preflight.monitor.detect.VersionState;
import dev.preflight.monitor.streams.MonitorListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics per model version, with bounded tag cardinality: the first {@code
 * monitor.metrics.max-versions} versions get their own series, the rest are summed under model and
 * version {@code (other)}.
 */
@ApplicationScoped
public class MonitorMetrics implements MonitorListener {

  static final String OTHER = "(other)";

  private final MeterRegistry registry;
  private final int maxVersions;
  private final Map<String, VersionGauges> gauges = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();

  private final io.micrometer.core.instrument.Counter ingested;

  public MonitorMetrics(MeterRegistry registry, MonitorConfig config) {
    this.registry = registry;
    this.ingested =
        io.micrometer.core.instrument.Counter.builder("preflight.monitor.ingest.records")
            .description("Inference records the ingest read (counted once committed, in windows)")
            .register(registry);
    this.maxVersions = config.metrics().maxVersions();
    Gauge.builder(
            "preflight.monitor.records.pending",
            pending,
            p -> p.values().stream().mapToLong(AtomicLong::get).sum())
        .description("Records held until their version is registered")
        .register(registry);
  }

  /** The latest window's figures of one version. */
  static final class VersionGauges {
    volatile double windowRecords;
    volatile double errorRate = Double.NaN;
    volatile double p99LatencyMs = Double.NaN;
    volatile double maxDrift = Double.NaN;
    volatile double firing;
  }

  private String[] tags(String versionKey) {
    boolean own = gauges.containsKey(versionKey) || gauges.size() < maxVersions;
    if (!own) {
      return new String[] {OTHER, OTHER};
    }
    int slash = versionKey.indexOf('/');
    return new String[] {versionKey.substring(0, slash), versionKey.substring(slash + 1)};
  }

  /** The ingest read a poll's records. */
  public void ingested(int records) {
    ingested.increment(records);
  }

  /** Where the ingest binds its Kafka clients' own metrics. */
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void flushed(String versionKey, long records) {
    String[] tags = tags(versionKey);
    registry
        .counter("preflight.monitor.inference.records", "model", tags[0], "version", tags[1])
        .increment(records);
  }

  @Override
  public void pending(String versionKey, int held) {
    pending.computeIfAbsent(versionKey, k -> new AtomicLong()).set(held);
    if (held == 0) {
      pending.remove(versionKey);
    }
  }

  @Override
  public void evaluated(String versionKey, VersionState state) {
    if (!gauges.containsKey(versionKey) && gauges.size() >= maxVersions) {
      return;
    }
    VersionGauges version = gauges.computeIfAbsent(versionKey, this::register);
    version.windowRecords = state.latestWindowRecords;
    version.firing = state.detectors.values().stream().filter(d -> d.signalId != null).count();
    version.errorRate = value(state, "error-rate");
    version.p99LatencyMs = value(state, "p99-latency");
    version.maxDrift =
        state.latest.stream()
            .filter(
                o ->
                    o.check().equals("feature-drift")
                        && o.value() != null
                        && DriftMethod.of(o.method()).map(m -> !m.pValue()).orElse(false))
            .mapToDouble(Observation::value)
            .max()
            .orElse(Double.NaN);
  }

  private static double value(VersionState state, String check) {
    return state.latest.stream()
        .filter(o -> o.check().equals(check) && o.value() != null)
        .mapToDouble(Observation::value)
        .findFirst()
        .orElse(Double.NaN);
  }

  private VersionGauges register(String versionKey) {
    VersionGauges version = new VersionGauges();
    int slash = versionKey.indexOf('/');
    Tags tags =
        Tags.of(
            "model", versionKey.substring(0, slash), "version", versionKey.substring(slash + 1));
    Gauge.builder("preflight.monitor.window.records", version, v -> v.windowRecords)
        .tags(tags)
        .description("Records in the version's latest evaluated window")
        .register(registry);
    Gauge.builder("preflight.monitor.window.error.rate", version, v -> v.errorRate)
        .tags(tags)
        .description("Share of requests with status >= 500 in the latest window")
        .register(registry);
    Gauge.builder("preflight.monitor.window.latency.p99", version, v -> v.p99LatencyMs)
        .tags(tags)
        .baseUnit("milliseconds")
        .description("p99 latency in the latest window")
        .register(registry);
    Gauge.builder("preflight.monitor.window.drift.max", version, v -> v.maxDrift)
        .tags(tags)
        .description(
            "Largest feature drift distance (Wasserstein/std or Jensen-Shannon) in the latest"
                + " window")
        .register(registry);
    Gauge.builder("preflight.monitor.signals.firing", version, v -> v.firing)
        .tags(tags)
        .description("Signals firing for the version")
        .register(registry);
    return version;
  }
}
