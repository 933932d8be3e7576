package dev.preflight.monitor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** monitor-service's settings ({@code monitor.*}); every one has an environment variable too. */
@ConfigMapping(prefix = "monitor")
public interface MonitorConfig {

  /** Tumbling evaluation window. */
  @WithDefault("PT60S")
  Duration window();

  /** Sliding horizon the windows are kept for (and client request histories reach back). */
  @WithDefault("PT1H")
  Duration horizon();

  /** How often each partition's live aggregates leave as partials. */
  @WithDefault("PT10S")
  Duration flushInterval();

  /** How long after a window ends its partials are awaited before it is evaluated. */
  @WithDefault("PT15S")
  Duration closeDelay();

  /** How often closed windows are looked for. */
  @WithDefault("PT1S")
  Duration evaluateEvery();

  /** How long a prediction waits for its label. */
  @WithDefault("PT24H")
  Duration joinWindow();

  /** Partitions of the label join's repartition topics; 0 = the source topics'. */
  @WithDefault("0")
  int joinPartitions();

  /** Records of an unregistered version held per partition before they are dead-lettered. */
  @WithDefault("10000")
  int pendingPerVersion();

  /** How long half of a KServe request/response pair waits for the other. */
  @WithDefault("PT5M")
  Duration pairTimeout();

  /** Fewer records (or labels) in a window report insufficient-data. */
  @WithDefault("100")
  long minSample();

  /** Fewer values of a feature in a window report insufficient-data for its drift. */
  @WithDefault("500")
  long minDriftSample();

  /** Consecutive breaching windows before a signal fires. */
  @WithDefault("3")
  int fireAfter();

  /** Consecutive healthy windows before a firing signal resolves. */
  @WithDefault("3")
  int resolveAfter();

  Ingest ingest();

  Profiles profiles();

  Metrics metrics();

  CloudEvents cloudevents();

  /** The plain ingest of inference records (ADR 0015). */
  interface Ingest {
    /** Whether this instance reads the inference logs (off: REST and evaluation only). */
    @WithDefault("true")
    boolean enabled();

    /**
     * This instance's name in the ingest's {@code transactional.id}; by default one kept in the
     * state directory. Give each instance its own (a StatefulSet's pod name) where the state
     * directory does not outlive the process, or a restarted instance waits up to the transaction
     * timeout for its predecessor's open transaction.
     */
    java.util.Optional<String> instanceId();

    /**
     * Ingest threads, each a consumer of the group and a transactional producer: more threads on
     * more cores (the partitions of the inference logs are shared out among all of them).
     */
    @WithDefault("2")
    int threads();

    /** Records per poll. */
    @WithDefault("2000")
    int maxPollRecords();

    /** The ingest consumer's session: how soon a dead instance's partitions move. */
    @WithDefault("PT10S")
    Duration sessionTimeout();
  }

  /** Building profiles from reference datasets. */
  interface Profiles {
    /** Whether reference datasets may live on loopback or private addresses. */
    @WithDefault("false")
    boolean allowPrivateNetworks();

    @WithDefault("104857600")
    long maxBytes();

    @WithDefault("1000000")
    int maxRows();

    @WithDefault("PT60S")
    Duration timeout();
  }

  /** Prometheus metrics. */
  interface Metrics {
    /** Versions with their own gauges; the rest are summed under version "(other)". */
    @WithDefault("200")
    int maxVersions();
  }

  /** {@code POST /api/v1/cloudevents}. */
  interface CloudEvents {
    /**
     * Whether the endpoint needs a bearer token. KServe's payload logger sends none: inside a
     * cluster, turn this off and let a network policy guard the endpoint.
     */
    @WithDefault("true")
    boolean tokenRequired();
  }
}
