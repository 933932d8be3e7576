package dev.preflight.notifier.config;

import dev.preflight.notifier.alerting.Links;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The links notifications carry, from the configured URLs. */
public class LinksProducer {

  @Produces
  @Singleton
  Links links(NotifierConfig config) {
    return new Links(
        config.externalUrl().toString(),
        config.checklistUrl().toString(),
        config.consoleUrl().map(Object::toString));
  }
}
