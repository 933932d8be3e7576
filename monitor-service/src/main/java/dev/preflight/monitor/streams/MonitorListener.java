package dev.preflight.monitor.streams;

import dev.preflight.monitor.detect.VersionState;

/** Told of what the topology does, for metrics. */
public interface MonitorListener {

  /** Stage one sent a version's partials: the records they summarise. */
  default void flushed(String versionKey, long records) {}

  /** Records of a version not registered yet held by one partition. */
  default void pending(String versionKey, int held) {}

  /** Stage two evaluated windows of a version. */
  default void evaluated(String versionKey, VersionState state) {}

  MonitorListener NONE = new MonitorListener() {};
}
