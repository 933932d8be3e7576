package dev.preflight.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An Open Inference Protocol V2 server that is not {@code sample-model}, written from the
 * specification ({@code shared/reference/open_inference_rest.yaml}) for the probe's tests: a
 * threshold model over two numeric inputs {@code x1} and {@code x2} — class 1 when {@code x1 + x2 >
 * 1}, with the score {@code 1 / (1 + e^(-4 (x1 + x2 - 1)))} — whose class output travels in the
 * datatype a test chooses (INT64, FP32, BOOL, or BYTES with names of its own), and files served
 * under {@code /files/} as a test puts them. It answers what the specification says, in its own
 * way: FP32 scores, integer classes as JSON integers, errors as {@code {"error": …}}, and a 500 on
 * every n-th inference when a test asks for one.
 */
public final class IndependentOipServer implements AutoCloseable {

  /** How the class output travels. */
  public enum LabelOutput {
    INT64,
    FP32,
    BOOL,
    /** {@code "positive"} / {@code "negative"}, or the names given to {@link #names}. */
    BYTES
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String model;
  private final String version;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final AtomicInteger inferences = new AtomicInteger();
  private volatile LabelOutput labelOutput = LabelOutput.INT64;
  private volatile String positiveName = "positive";
  private volatile String negativeName = "negative";
  private volatile int failEveryNth;
  private final AtomicInteger failNext = new AtomicInteger();

  private IndependentOipServer(String model, String version) throws IOException {
    this.model = model;
    this.version = version;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::handle);
    server.start();
  }

  public static IndependentOipServer start(String model, String version) throws IOException {
    return new IndependentOipServer(model, version);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String fileUrl(String name) {
    return url() + "/files/" + name;
  }

  public IndependentOipServer file(String name, String content) {
    files.put(name, content.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public IndependentOipServer labelOutput(LabelOutput output) {
    this.labelOutput = output;
    return this;
  }

  /** The class names of a BYTES label output. */
  public IndependentOipServer names(String positive, String negative) {
    this.positiveName = positive;
    this.negativeName = negative;
    return this;
  }

  /** Every n-th inference answers 500 (0: none). */
  public IndependentOipServer failEveryNth(int n) {
    this.failEveryNth = n;
    return this;
  }

  /** The next n inferences answer 500, the ones after them as usual. */
  public IndependentOipServer failNext(int n) {
    failNext.set(n);
    return this;
  }

  /** The class the model gives a row: exactly what a test may compute on its own. */
  public static boolean positive(double x1, double x2) {
    return x1 + x2 > 1;
  }

  public static double score(double x1, double x2) {
    return 1 / (1 + Math.exp(-4 * (x1 + x2 - 1)));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String modelPath = "/v2/models/" + model;
      if (path.startsWith("/files/")) {
        byte[] file = files.get(path.substring("/files/".length()));
        if (file == null) {
          error(exchange, 404, "no such file");
        } else {
          send(exchange, 200, "text/plain", file);
        }
      } else if (path.equals("/v2/health/live") || path.equals("/v2/health/ready")) {
        send(exchange, 200, "application/json", new byte[0]);
      } else if (path.equals(modelPath + "/ready")
          || path.equals(modelPath + "/versions/" + version + "/ready")) {
        send(exchange, 200, "application/json", new byte[0]);
      } else if (path.equals(modelPath) || path.equals(modelPath + "/versions/" + version)) {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("name", model);
        metadata.putArray("versions").add(version);
        metadata.put("platform", "threshold");
        ArrayNode inputs = metadata.putArray("inputs");
        for (String name : new String[] {"x1", "x2"}) {
          inputs.addObject().put("name", name).put("datatype", "FP64").putArray("shape").add(-1);
        }
        ArrayNode outputs = metadata.putArray("outputs");
        outputs.addObject().put("name", "label").put("datatype", labelOutput.name());
        outputs.addObject().put("name", "score").put("datatype", "FP32");
        json(exchange, 200, metadata);
      } else if ((path.equals(modelPath + "/infer")
              || path.equals(modelPath + "/versions/" + version + "/infer"))
          && exchange.getRequestMethod().equals("POST")) {
        infer(exchange);
      } else {
        error(exchange, 404, "unknown path " + path);
      }
    }
  }

  private void infer(HttpExchange exchange) throws IOException {
    int n = inferences.incrementAndGet();
    if ((failEveryNth > 0 && n % failEveryNth == 0)
        || failNext.getAndUpdate(k -> Math.max(0, k - 1)) > 0) {
      error(exchange, 500, "the model crashed");
      return;
    }
    JsonNode request;
    try {
      request = JSON.readTree(exchange.getRequestBody());
    } catch (IOException e) {
      error(exchange, 400, "the body is not JSON");
      return;
    }
    double[] x1 = tensor(request, "x1");
    double[] x2 = tensor(request, "x2");
    if (x1 == null || x2 == null || x1.length != x2.length) {
      error(exchange, 400, "inputs x1 and x2 of one shape are required");
      return;
    }
    ObjectNode response = JSON.createObjectNode();
    response.put("model_name", model);
    response.put("model_version", version);
    if (request.has("id")) {
      response.put("id", request.get("id").asText());
    }
    ArrayNode outputs = response.putArray("outputs");
    ObjectNode label = outputs.addObject();
    label.put("name", "label").put("datatype", labelOutput.name());
    label.putArray("shape").add(x1.length);
    ArrayNode labels = label.putArray("data");
    ObjectNode score = outputs.addObject();
    score.put("name", "score").put("datatype", "FP32");
    score.putArray("shape").add(x1.length);
    ArrayNode scores = score.putArray("data");
    for (int i = 0; i < x1.length; i++) {
      boolean positive = positive(x1[i], x2[i]);
      switch (labelOutput) {
        case INT64 -> labels.add(positive ? 1L : 0L);
        case FP32 -> labels.add(positive ? 1.0f : 0.0f);
        case BOOL -> labels.add(positive);
        case BYTES -> labels.add(positive ? positiveName : negativeName);
      }
      scores.add((float) score(x1[i], x2[i]));
    }
    json(exchange, 200, response);
  }

  private static double[] tensor(JsonNode request, String name) {
    for (JsonNode input : request.path("inputs")) {
      if (input.path("name").asText().equals(name)) {
        JsonNode data = input.path("data");
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = data.get(i).asDouble();
        }
        return values;
      }
    }
    return null;
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    json(exchange, status, JSON.createObjectNode().put("error", message));
  }

  private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
