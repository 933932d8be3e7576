package dev.preflight.monitor.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.contracts.Json;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads native inference records and keys them by model version; a record that is not JSON or does
 * not name a model and version goes to the dead-letter topic with the reason. (Profiles, drift and
 * the other detectors build on this stream.)
 */
class InferenceLogParser implements Processor<byte[], byte[], String, Routed> {

  private static final ObjectMapper MAPPER = Json.mapper();

  private final MeterRegistry registry;
  private ProcessorContext<String, Routed> context;

  InferenceLogParser(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    JsonNode json;
    try {
      json = record.value() == null ? null : MAPPER.readTree(record.value());
    } catch (IOException e) {
      context.forward(DeadLetters.of(context, record, "not JSON: " + e.getMessage(), e.getClass()));
      return;
    }
    if (json == null || !json.isObject()) {
      context.forward(
          DeadLetters.of(context, record, "not a JSON object", IllegalArgumentException.class));
      return;
    }
    String modelId = json.path("modelId").asText("");
    String version = json.path("modelVersion").asText("");
    if (!VersionKey.validModelId(modelId) || !VersionKey.validVersion(version)) {
      context.forward(
          DeadLetters.of(
              context,
              record,
              "modelId and modelVersion are required and must be valid ids (got '"
                  + modelId
                  + "', '"
                  + version
                  + "')",
              IllegalArgumentException.class));
      return;
    }
    registry
        .counter("preflight.monitor.inference.records", "model", modelId, "version", version)
        .increment();
    context.forward(
        record.withKey(VersionKey.of(modelId, version)).withValue(Routed.valid(modelId)));
  }
}
