package dev.preflight.monitor.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.monitor.profile.VersionInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pairs KServe payload-logger CloudEvents: a {@code org.kubeflow.serving.inference.request} and its
 * {@code .response} share a {@code ce_id}. The pair becomes native inference records, one per row
 * of the batch: V2 input tensors map to features by name, or, for one two-dimensional tensor, by
 * the version's declared feature order; the first output tensor is the prediction (with a {@code
 * score}/{@code probability} tensor as its score). A half whose other half does not arrive in time,
 * or a pair that cannot be mapped, is dead-lettered with the reason.
 */
class KServePairer implements Processor<String, Routed, String, Routed> {

  static final String STORE = "kserve-halves";

  private final Settings settings;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, byte[]> halves;
  private KeyValueStore<String, byte[]> versions;
  private KeyValueStore<String, byte[]> profiles;

  KServePairer(Settings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.halves = context.getStateStore(STORE);
    this.versions = context.getStateStore(MonitorTopology.VERSIONS_STORE);
    this.profiles = context.getStateStore(MonitorTopology.PROFILES_STORE);
    java.time.Duration every = settings.pairTimeout().dividedBy(4);
    context.schedule(
        every.isZero() ? java.time.Duration.ofSeconds(1) : every,
        PunctuationType.WALL_CLOCK_TIME,
        this::expire);
  }

  private record Half(
      String type,
      String time,
      String modelId,
      String modelVersion,
      JsonNode body,
      long arrivedAt,
      int size,
      String originTopic,
      String originPartition,
      String originOffset) {}

  @Override
  public void process(Record<String, Routed> record) {
    String id = record.key();
    Headers headers = record.headers();
    String type = header(headers, "ce_type");
    boolean request = type.endsWith(".request");
    if (!request && !type.endsWith(".response")) {
      deadLetter(record, "unknown KServe event type '" + type + "'");
      return;
    }
    JsonNode body;
    try {
      body = InferenceAggregator.MAPPER.readTree(record.value().bytes());
      if (body == null || !body.isObject()) {
        deadLetter(
            record,
            "the data of a KServe "
                + (request ? "request" : "response")
                + " must be a JSON object");
        return;
      }
    } catch (IOException e) {
      deadLetter(record, "the data of a KServe event is not JSON: " + e.getMessage());
      return;
    }
    Half half =
        new Half(
            request ? "request" : "response",
            header(headers, "ce_time"),
            firstNonEmpty(
                header(headers, "ce_modelid"), header(headers, "ce_inferenceservicename")),
            header(headers, "ce_modelversion"),
            body,
            context.currentSystemTimeMs(),
            record.value().bytes().length,
            header(headers, DeadLetters.ORIGIN_TOPIC),
            header(headers, DeadLetters.ORIGIN_PARTITION),
            header(headers, DeadLetters.ORIGIN_OFFSET));
    byte[] otherBytes = halves.get(id);
    if (otherBytes == null) {
      halves.put(id, Views.write(half));
      return;
    }
    Half other = Views.read(otherBytes, Half.class).orElseThrow();
    if (other.type().equals(half.type())) {
      // A redelivered half: the first one stands.
      return;
    }
    halves.delete(id);
    Half req = request ? half : other;
    Half resp = request ? other : half;
    try {
      for (ObjectNode inference : pair(id, req, resp)) {
        context.forward(
            new Record<>(
                inference.get("requestId").asText(),
                Routed.of(Routed.Route.PAIRED, Views.write(inference)),
                record.timestamp()));
      }
    } catch (IllegalArgumentException e) {
      deadLetter(record, "KServe pair " + id + ": " + e.getMessage());
    }
  }

  private List<ObjectNode> pair(String id, Half req, Half resp) {
    String modelId = firstNonEmpty(req.modelId(), resp.modelId());
    String version =
        firstNonEmpty(
            firstNonEmpty(req.modelVersion(), resp.modelVersion()),
            resp.body().path("model_version").asText(""));
    if (modelId.isEmpty() || version.isEmpty()) {
      throw new IllegalArgumentException(
          "no model id (ce-modelid or ce-inferenceservicename) or version (ce-modelversion or"
              + " the response's model_version)");
    }
    String key = VersionKey.of(modelId, version);
    List<String> order = featureOrder(key);
    JsonNode inputs = req.body().path("inputs");
    if (!inputs.isArray() || inputs.isEmpty()) {
      throw new IllegalArgumentException("the request has no V2 inputs");
    }
    List<ObjectNode> rows = rows(inputs, order);
    List<JsonNode> predictions = predictions(resp.body().path("outputs"), rows.size());
    double latencyMs = latencyMs(req.time(), resp.time());
    String timestamp = req.time().isEmpty() ? OffsetDateTime.now().toString() : req.time();
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      ObjectNode inference = InferenceAggregator.MAPPER.createObjectNode();
      inference.put("modelId", modelId);
      inference.put("modelVersion", version);
      inference.put("requestId", rows.size() == 1 ? id : id + "#" + i);
      inference.put("timestamp", timestamp);
      inference.set("features", rows.get(i));
      if (i < predictions.size() && predictions.get(i) != null) {
        inference.set("prediction", predictions.get(i));
      }
      inference.put("latencyMs", latencyMs);
      inference.put("status", 200);
      inference.put("auth", "ok");
      inference.put("payloadBytes", req.size() / rows.size());
      records.add(inference);
    }
    return records;
  }

  private List<String> featureOrder(String key) {
    Optional<VersionInfo> info = Views.info(versions, key);
    List<String> order =
        info.map(i -> i.features().stream().map(VersionManifest.Feature::name).toList())
            .orElse(List.of());
    if (order.isEmpty()) {
      order =
          Views.profile(profiles, key)
              .map(p -> List.copyOf(p.features().keySet()))
              .orElse(List.of());
    }
    return order;
  }

  /** One features object per row of the batch. */
  private static List<ObjectNode> rows(JsonNode inputs, List<String> order) {
    if (inputs.size() == 1 && inputs.get(0).path("shape").size() == 2) {
      JsonNode tensor = inputs.get(0);
      int rowCount = tensor.path("shape").get(0).asInt();
      int columns = tensor.path("shape").get(1).asInt();
      if (order.size() != columns) {
        throw new IllegalArgumentException(
            "tensor '"
                + tensor.path("name").asText()
                + "' has "
                + columns
                + " columns, the version declares "
                + order.size()
                + " features");
      }
      JsonNode data = flatten(tensor.path("data"));
      if (data.size() != rowCount * columns) {
        throw new IllegalArgumentException(
            "tensor data does not match its shape " + tensor.path("shape"));
      }
      List<ObjectNode> rows = new ArrayList<>();
      for (int r = 0; r < rowCount; r++) {
        ObjectNode row = InferenceAggregator.MAPPER.createObjectNode();
        for (int c = 0; c < columns; c++) {
          row.set(order.get(c), data.get(r * columns + c));
        }
        rows.add(row);
      }
      return rows;
    }
    int rowCount = -1;
    for (JsonNode tensor : inputs) {
      int n = flatten(tensor.path("data")).size();
      if (rowCount >= 0 && n != rowCount) {
        throw new IllegalArgumentException("input tensors hold different numbers of rows");
      }
      rowCount = n;
    }
    List<ObjectNode> rows = new ArrayList<>();
    for (int r = 0; r < rowCount; r++) {
      ObjectNode row = InferenceAggregator.MAPPER.createObjectNode();
      for (JsonNode tensor : inputs) {
        row.set(tensor.path("name").asText(), flatten(tensor.path("data")).get(r));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<JsonNode> predictions(JsonNode outputs, int rows) {
    List<JsonNode> predictions = new ArrayList<>();
    if (!outputs.isArray() || outputs.isEmpty()) {
      return predictions;
    }
    JsonNode labels = null;
    JsonNode scores = null;
    for (JsonNode tensor : outputs) {
      String name = tensor.path("name").asText().toLowerCase(java.util.Locale.ROOT);
      if (name.contains("score") || name.contains("prob")) {
        scores = flatten(tensor.path("data"));
      } else if (labels == null) {
        labels = flatten(tensor.path("data"));
      }
    }
    if (labels == null) {
      labels = scores;
      scores = null;
    }
    for (int r = 0; r < rows; r++) {
      if (labels == null || r >= labels.size()) {
        predictions.add(null);
      } else if (scores != null && r < scores.size()) {
        ObjectNode p = InferenceAggregator.MAPPER.createObjectNode();
        p.set("label", labels.get(r));
        p.set("score", scores.get(r));
        predictions.add(p);
      } else {
        predictions.add(labels.get(r));
      }
    }
    return predictions;
  }

  private static JsonNode flatten(JsonNode data) {
    if (!data.isArray()) {
      return InferenceAggregator.MAPPER.createArrayNode();
    }
    boolean nested = false;
    for (JsonNode element : data) {
      nested |= element.isArray();
    }
    if (!nested) {
      return data;
    }
    ArrayNode flat = InferenceAggregator.MAPPER.createArrayNode();
    for (JsonNode element : data) {
      flatten(element).forEach(flat::add);
      if (!element.isArray()) {
        flat.add(element);
      }
    }
    return flat;
  }

  private static double latencyMs(String requestTime, String responseTime) {
    try {
      long from = OffsetDateTime.parse(requestTime).toInstant().toEpochMilli();
      long to = OffsetDateTime.parse(responseTime).toInstant().toEpochMilli();
      return Math.max(0, to - from);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Halves whose other half did not come in time go to the dead-letter topic. */
  private void expire(long now) {
    List<KeyValue<String, byte[]>> expired = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = halves.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        Views.read(entry.value, Half.class)
            .filter(h -> now - h.arrivedAt() > settings.pairTimeout().toMillis())
            .ifPresent(h -> expired.add(entry));
      }
    }
    for (KeyValue<String, byte[]> entry : expired) {
      Half half = Views.read(entry.value, Half.class).orElseThrow();
      Headers headers = new RecordHeaders();
      headers.add("ce_id", entry.key.getBytes(StandardCharsets.UTF_8));
      if (half.originTopic() != null) {
        headers.add(DeadLetters.ORIGIN_TOPIC, bytes(half.originTopic()));
        headers.add(DeadLetters.ORIGIN_PARTITION, bytes(half.originPartition()));
        headers.add(DeadLetters.ORIGIN_OFFSET, bytes(half.originOffset()));
      }
      context.forward(
          DeadLetters.of(
              context,
              entry.key,
              Views.write(half.body()),
              headers,
              now,
              "KServe "
                  + half.type()
                  + " "
                  + entry.key
                  + " without its "
                  + (half.type().equals("request") ? "response" : "request")
                  + " after "
                  + settings.pairTimeout(),
              IllegalStateException.class));
      halves.delete(entry.key);
    }
  }

  private void deadLetter(Record<String, Routed> record, String reason) {
    context.forward(
        DeadLetters.of(
            context,
            record.key(),
            record.value().bytes(),
            record.headers(),
            record.timestamp(),
            reason,
            IllegalArgumentException.class));
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String firstNonEmpty(String a, String b) {
    return a != null && !a.isEmpty() ? a : b == null ? "" : b;
  }
}
