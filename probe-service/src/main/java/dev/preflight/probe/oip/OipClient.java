package dev.preflight.probe.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.ProbeHttp;
import dev.preflight.probe.http.Unreachable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A client of the Open Inference Protocol V2 REST API ({@code open_inference_rest.yaml}): server
 * liveness and readiness, model readiness and metadata, and inference, on the versioned paths.
 * Tabular rows travel as one input tensor per feature (shape {@code [n]}); the answer's output
 * tensors are turned back into rows.
 */
@ApplicationScoped
public class OipClient {

  private final ProbeHttp http;
  private final ObjectMapper mapper;

  public OipClient(ProbeHttp http, ObjectMapper mapper) {
    this.http = http;
    this.mapper = mapper;
  }

  public ProbeHttp.Answer live(OipEndpoint endpoint) throws EgressDenied, Unreachable {
    return get(endpoint, endpoint.resolve("v2/health/live"));
  }

  public ProbeHttp.Answer ready(OipEndpoint endpoint) throws EgressDenied, Unreachable {
    return get(endpoint, endpoint.resolve("v2/health/ready"));
  }

  public ProbeHttp.Answer modelReady(OipEndpoint endpoint) throws EgressDenied, Unreachable {
    return get(endpoint, endpoint.modelPath("/ready"));
  }

  public ProbeHttp.Answer metadata(OipEndpoint endpoint) throws EgressDenied, Unreachable {
    return get(endpoint, endpoint.modelPath(""));
  }

  /** The versions the model metadata reports, empty when it does not answer 200. */
  public List<String> reportedVersions(ProbeHttp.Answer metadata) {
    List<String> versions = new ArrayList<>();
    if (metadata.ok()) {
      json(metadata.text()).path("versions").forEach(v -> versions.add(v.asText()));
    }
    return versions;
  }

  /** Inference at the endpoint's version. */
  public InferenceResult infer(OipEndpoint endpoint, List<Map<String, Object>> rows)
      throws EgressDenied, Unreachable {
    return infer(endpoint, endpoint.modelPath("/infer"), rows);
  }

  /** Inference at any URL that speaks OIP V2 infer, e.g. a consumer-facing route. */
  public InferenceResult infer(OipEndpoint endpoint, URI url, List<Map<String, Object>> rows)
      throws EgressDenied, Unreachable {
    return result(
        http.send(
            ProbeHttp.Call.post(url, request(rows)).with(endpoint.credential()), endpoint.scope()),
        rows);
  }

  /** One inference attempt, no retries: what a latency measurement must see. */
  public InferenceResult inferOnce(OipEndpoint endpoint, List<Map<String, Object>> rows)
      throws EgressDenied, Unreachable {
    return result(
        http.once(
            ProbeHttp.Call.post(endpoint.modelPath("/infer"), request(rows))
                .with(endpoint.credential()),
            endpoint.scope(),
            1 << 20),
        rows);
  }

  private InferenceResult result(ProbeHttp.Answer answer, List<Map<String, Object>> rows) {
    if (!answer.ok()) {
      return new InferenceResult(
          answer.status(),
          Optional.empty(),
          List.of(),
          answer.elapsed(),
          json(answer.text()).path("error").asText(answer.text()));
    }
    JsonNode response = json(answer.text());
    return new InferenceResult(
        answer.status(),
        Optional.ofNullable(response.path("model_version").textValue()),
        outputs(response, rows.size()),
        answer.elapsed(),
        "");
  }

  /** One tensor per feature: numbers as FP64, booleans as BOOL, everything else as BYTES. */
  public String request(List<Map<String, Object>> rows) {
    Set<String> names = new LinkedHashSet<>();
    rows.forEach(row -> names.addAll(row.keySet()));
    ObjectNode request = mapper.createObjectNode();
    request.put("id", UUID.randomUUID().toString());
    ArrayNode inputs = request.putArray("inputs");
    for (String name : names) {
      ObjectNode input = inputs.addObject();
      input.put("name", name);
      Object sample =
          rows.stream().map(r -> r.get(name)).filter(v -> v != null).findFirst().orElse("");
      String datatype =
          sample instanceof Number ? "FP64" : sample instanceof Boolean ? "BOOL" : "BYTES";
      input.put("datatype", datatype);
      input.putArray("shape").add(rows.size());
      ArrayNode data = input.putArray("data");
      for (Map<String, Object> row : rows) {
        Object value = row.get(name);
        if (value instanceof Number number) {
          data.add(number.doubleValue());
        } else if (value instanceof Boolean bool) {
          data.add(bool);
        } else if (value == null) {
          if (datatype.equals("BYTES")) {
            data.add("");
          } else {
            data.addNull();
          }
        } else {
          data.add(value.toString());
        }
      }
    }
    try {
      return mapper.writeValueAsString(request);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Output tensors back into rows: element i of every output belongs to row i. */
  static List<Map<String, Object>> outputs(JsonNode response, int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(new LinkedHashMap<>());
    }
    for (JsonNode output : response.path("outputs")) {
      List<JsonNode> values = new ArrayList<>();
      flatten(output.path("data"), values);
      if (values.size() != count) {
        // A tensor with several values per row (e.g. class probabilities): keep them together.
        int width = count == 0 ? 0 : values.size() / count;
        for (int i = 0; i < count && width > 0; i++) {
          List<Object> slice = new ArrayList<>();
          for (int j = 0; j < width; j++) {
            slice.add(value(values.get(i * width + j)));
          }
          rows.get(i).put(output.path("name").asText(), slice);
        }
        continue;
      }
      for (int i = 0; i < count; i++) {
        rows.get(i).put(output.path("name").asText(), value(values.get(i)));
      }
    }
    return rows;
  }

  private static Object value(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.isNull() ? null : node.asText();
  }

  private static void flatten(JsonNode data, List<JsonNode> into) {
    if (data.isArray()) {
      data.forEach(element -> flatten(element, into));
    } else {
      into.add(data);
    }
  }

  private ProbeHttp.Answer get(OipEndpoint endpoint, URI uri) throws EgressDenied, Unreachable {
    return http.send(ProbeHttp.Call.get(uri).with(endpoint.credential()), endpoint.scope());
  }

  private JsonNode json(String text) {
    try {
      return mapper.readTree(text);
    } catch (IOException e) {
      return mapper.createObjectNode();
    }
  }
}
