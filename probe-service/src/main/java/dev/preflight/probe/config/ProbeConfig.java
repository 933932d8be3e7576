package dev.preflight.probe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of probe-service ({@code preflight.probe.*}). */
@ConfigMapping(prefix = "preflight.probe")
public interface ProbeConfig {

  /** The longest one check may take; a check still running then reports {@code error}. */
  @WithDefault("PT30S")
  Duration checkTimeout();
}
