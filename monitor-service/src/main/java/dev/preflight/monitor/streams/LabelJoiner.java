package dev.preflight.monitor.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Joins predictions with their labels on request id, whichever arrives first, within the join
 * window: the waiting side sits in a window store whose retention is the join window, so unmatched
 * entries expire without a scan. A match goes to its version's evaluator, counted in the window in
 * which the label arrived.
 */
class LabelJoiner implements Processor<String, Routed, String, Routed> {

  static final String STORE = "label-join";

  private final Settings settings;
  private ProcessorContext<String, Routed> context;
  private WindowStore<String, byte[]> waiting;

  LabelJoiner(Settings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.waiting = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, Routed> record) {
    JsonNode incoming;
    try {
      incoming = InferenceAggregator.MAPPER.readTree(record.value().bytes());
    } catch (IOException e) {
      return;
    }
    String requestId = record.key();
    long now = context.currentSystemTimeMs();
    boolean isLabel = incoming.path("type").asText().equals("label");
    KeyValue<Long, byte[]> match = null;
    try (WindowStoreIterator<byte[]> candidates =
        waiting.fetch(requestId, now - settings.joinWindow().toMillis(), now)) {
      while (candidates.hasNext()) {
        KeyValue<Long, byte[]> candidate = candidates.next();
        if (candidate.value == null) {
          continue;
        }
        JsonNode other = InferenceAggregator.MAPPER.readTree(candidate.value);
        if (other.path("type").asText().equals("label") != isLabel) {
          match = candidate;
        }
      }
    } catch (IOException e) {
      match = null;
    }
    if (match == null) {
      waiting.put(requestId, record.value().bytes(), now);
      return;
    }
    waiting.put(requestId, null, match.key);
    JsonNode other;
    try {
      other = InferenceAggregator.MAPPER.readTree(match.value);
    } catch (IOException e) {
      return;
    }
    JsonNode prediction = isLabel ? other : incoming;
    JsonNode label = isLabel ? incoming : other;
    ObjectNode outcome = InferenceAggregator.MAPPER.createObjectNode();
    outcome.set("truth", label.get("label"));
    outcome.set("predicted", prediction.get("prediction"));
    byte[] json = Views.write(outcome);
    byte[] value =
        ByteBuffer.allocate(1 + 8 + json.length)
            .put(LiveWindows.OUTCOME)
            .putLong(now)
            .put(json)
            .array();
    context.forward(
        new Record<>(
            prediction.get("version").asText(),
            Routed.of(Routed.Route.BY_VERSION, value),
            record.timestamp()));
  }
}
