package dev.preflight.monitor.streams;

import dev.preflight.contracts.EventCodec;
import dev.preflight.monitor.config.MonitorConfig;
import dev.preflight.monitor.metrics.MonitorMetrics;
import dev.preflight.monitor.profile.Thresholds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Hands Quarkus the monitor's topology, configured. */
@ApplicationScoped
public class TopologyProducer {

  @Produces
  public Topology topology(EventCodec codec, MonitorConfig config, MonitorMetrics metrics) {
    return MonitorTopology.build(settings(config), codec, metrics);
  }

  public static Settings settings(MonitorConfig config) {
    return new Settings(
        config.window(),
        config.horizon(),
        config.flushInterval(),
        config.closeDelay(),
        config.evaluateEvery(),
        config.joinWindow(),
        config.joinPartitions(),
        config.pendingPerVersion(),
        config.pairTimeout(),
        Thresholds.defaults(
            config.minSample(),
            config.minDriftSample(),
            config.fireAfter(),
            config.resolveAfter()));
  }
}
