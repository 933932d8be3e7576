package dev.preflight.probe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of probe-service ({@code preflight.probe.*}). */
@ConfigMapping(prefix = "preflight.probe")
public interface ProbeConfig {

  /** The longest one check may take; a check still running then reports {@code error}. */
  @WithDefault("PT30S")
  Duration checkTimeout();

  /** How many checks of one run execute at the same time. */
  @WithDefault("4")
  int checkConcurrency();

  /**
   * How many probe runs are under way at the same time (runs of one version's phase queue behind
   * each other); past that the lifecycle consumer waits for a run to end.
   */
  @WithDefault("8")
  int runConcurrency();

  /**
   * When the checks of a run that could not verify ({@code error}: an endpoint, a dataset or
   * Preflight's own notifier, monitor or checklist away) are run again, counted from the end of the
   * previous attempt; empty: never. The phase's record is acknowledged after the last attempt, so a
   * crash meanwhile replays the phase.
   */
  @WithDefault("PT30S,PT1M,PT2M,PT4M,PT8M")
  List<Duration> errorRetries();

  Http http();

  Egress egress();

  Credentials credentials();

  Replay replay();

  Synthetic synthetic();

  /** Requests to declared URLs. */
  interface Http {
    @WithDefault("PT3S")
    Duration connectTimeout();

    @WithDefault("PT10S")
    Duration requestTimeout();

    /** Downloads of assets, streamed and hashed. */
    @WithDefault("PT5M")
    Duration downloadTimeout();

    /** Retries of a request that got no answer, or 502, 503, 504. */
    @WithDefault("2")
    int retries();

    @WithDefault("PT0.5S")
    Duration retryBackoff();

    /** Concurrent requests to one endpoint (scheme, host and port). */
    @WithDefault("8")
    int endpointConcurrency();

    /** The largest answer read into memory: metadata, inference answers, datasets. */
    @WithDefault("67108864")
    long maxResponseBytes();

    /** The largest asset streamed and hashed. */
    @WithDefault("2147483648")
    long maxDownloadBytes();
  }

  /** Where the probe may send requests (see EgressGuard). */
  interface Egress {
    /**
     * Per scope ({@code artifacts}, {@code test}, {@code prod}): whether loopback and private
     * addresses may be probed. Link-local and metadata addresses never are.
     */
    Map<String, Boolean> allowPrivate();
  }

  /** Where the probe's own token may be sent. */
  interface Credentials {
    /** Host names (or {@code *.suffix} patterns) that may receive the probe's bearer token. */
    Optional<List<String>> hosts();
  }

  /** Replays of datasets against deployments. */
  interface Replay {
    /** Rows per inference request when replaying the validation set. */
    @WithDefault("50")
    int batchSize();

    /** The most rows of a dataset used. */
    @WithDefault("10000")
    int maxRows();

    /** Requests of the latency check. */
    @WithDefault("200")
    int latencyRequests();

    /** Concurrency of the latency check when the SLO declares none. */
    @WithDefault("4")
    int latencyConcurrency();

    /** Requests through the consumer URL for the traffic share. */
    @WithDefault("200")
    int trafficRequests();

    /** How long the old version is watched for inference logs after the cutover. */
    @WithDefault("PT10S")
    Duration shutdownObservation();

    /**
     * How long after the cutover the old version may still serve requests in flight: its records
     * produced later than the cutover plus this fail the shutdown check.
     */
    @WithDefault("PT30S")
    Duration shutdownGrace();

    /** How soon a TLS certificate may expire before prod-reachable fails. */
    @WithDefault("P14D")
    Duration tlsExpiryMargin();
  }

  /** Scheduled health probes of versions in production. */
  interface Synthetic {
    @WithDefault("PT30S")
    Duration interval();

    /** Consecutive failures before a version is reported down. */
    @WithDefault("2")
    int failuresBeforeDown();
  }
}
