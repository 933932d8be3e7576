package dev.preflight.monitor.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads labels from the feedback topic ({@code {requestId, label, timestamp}}) and keys them by
 * request id for the join; anything else is dead-lettered with the reason.
 */
class FeedbackParser implements Processor<byte[], byte[], String, Routed> {

  private ProcessorContext<String, Routed> context;

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    JsonNode json;
    try {
      json = record.value() == null ? null : InferenceAggregator.MAPPER.readTree(record.value());
    } catch (IOException e) {
      context.forward(DeadLetters.of(context, record, "not JSON: " + e.getMessage(), e.getClass()));
      return;
    }
    String problem = problem(json);
    if (problem != null) {
      context.forward(DeadLetters.of(context, record, problem, IllegalArgumentException.class));
      return;
    }
    ObjectNode label = InferenceAggregator.MAPPER.createObjectNode();
    label.put("type", "label");
    label.set("label", json.get("label"));
    context.forward(
        new Record<>(
            json.get("requestId").asText(),
            Routed.of(Routed.Route.BY_REQUEST, Views.write(label)),
            record.timestamp()));
  }

  private static String problem(JsonNode json) {
    if (json == null || !json.isObject()) {
      return "not a JSON object";
    }
    if (!json.path("requestId").isTextual() || json.path("requestId").asText().isBlank()) {
      return "requestId is required";
    }
    JsonNode label = json.get("label");
    if (label == null || !(label.isTextual() || label.isNumber() || label.isBoolean())) {
      return "label is required: a string, number or boolean";
    }
    if (!json.path("timestamp").isTextual()) {
      return "timestamp is required (RFC 3339)";
    }
    return null;
  }
}
