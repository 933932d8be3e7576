package dev.preflight.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Where the console finds the services, and how long it waits for them. */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {

  /** The services' base URLs. */
  Urls services();

  /** How long one call to a service may take before its part of the page says it is unavailable. */
  @WithDefault("5S")
  Duration timeout();

  /** Rows per page of the lists. */
  @WithDefault("20")
  int pageSize();

  interface Urls {
    URI checklist();

    URI probe();

    URI monitor();

    URI notifier();
  }
}
