package dev.preflight.monitor.streams;

import dev.preflight.monitor.profile.Thresholds;
import java.time.Duration;

/**
 * How the topology windows, evaluates and buffers.
 *
 * @param window tumbling evaluation window
 * @param horizon how long windows are kept (and client histories reach back)
 * @param flushInterval how often a partition's live aggregates leave as partials
 * @param closeDelay how long after a window's end its partials are awaited before it is evaluated
 * @param evaluateEvery how often closed windows are looked for
 * @param joinWindow how long a prediction waits for its label (and a label for its prediction)
 * @param joinPartitions partitions of the two repartition topics the label join reads
 * @param pendingPerVersion records of a version not registered yet kept per partition, beyond which
 *     they are dead-lettered
 * @param pairTimeout how long half of a KServe request/response pair waits for the other
 * @param defaults thresholds where a version's profile does not override them
 */
public record Settings(
    Duration window,
    Duration horizon,
    Duration flushInterval,
    Duration closeDelay,
    Duration evaluateEvery,
    Duration joinWindow,
    int joinPartitions,
    int pendingPerVersion,
    Duration pairTimeout,
    Thresholds defaults) {

  public long windowMs() {
    return window.toMillis();
  }

  public int horizonWindows() {
    return (int) Math.max(1, horizon.toMillis() / window.toMillis());
  }

  public long windowStart(long timestamp) {
    return Math.floorDiv(timestamp, windowMs()) * windowMs();
  }
}
