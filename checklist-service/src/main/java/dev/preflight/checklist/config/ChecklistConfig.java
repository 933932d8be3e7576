package dev.preflight.checklist.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Settings of checklist-service ({@code preflight.checklist.*}). */
@ConfigMapping(prefix = "preflight.checklist")
public interface ChecklistConfig {

  /** The base URL users reach this service at; checklist links in events and alerts use it. */
  @WithDefault("http://127.0.0.1:8081")
  URI publicUrl();

  /** The transactional outbox that carries events to Kafka. */
  Outbox outbox();

  interface Outbox {
    /** How often the relay looks for unpublished events, besides being woken by each write. */
    @WithDefault("1S")
    Duration pollInterval();

    /** The most events one relay transaction publishes. */
    @WithDefault("200")
    int batchSize();

    /** How long published events stay in the outbox table before they are deleted. */
    @WithDefault("P7D")
    Duration retention();
  }
}
