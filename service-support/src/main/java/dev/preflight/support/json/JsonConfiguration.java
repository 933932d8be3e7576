package dev.preflight.support.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** REST and events share the contract's JSON conventions; the event codec is a bean. */
public class JsonConfiguration {

  @Singleton
  @Produces
  ObjectMapperCustomizer contractConventions() {
    return Json::configure;
  }

  @Singleton
  @Produces
  ObjectMapperCustomizer refuseNulCharacters() {
    return mapper -> mapper.registerModule(new NulCharacters());
  }

  @Singleton
  @Produces
  EventCodec eventCodec(ObjectMapper mapper) {
    return new EventCodec(mapper);
  }
}
