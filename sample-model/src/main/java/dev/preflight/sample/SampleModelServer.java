package dev.preflight.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample model served over the Open Inference Protocol V2 (REST): server liveness and
 * readiness, server metadata, model metadata, model readiness and inference, on the versioned paths
 * ({@code /v2/models/{name}/versions/{version}/…}) and the unversioned ones, where a server that
 * holds several versions splits the traffic between them as a canary router would. Model endpoints
 * need a bearer token when authentication is on; health endpoints never do. Every inference is
 * logged, as a payload logger would, to {@code preflight.inference-logs.v1} when Kafka is
 * configured. {@code /files/…} serves the version's assets; {@code /admin/faults} switches faults.
 */
public final class SampleModelServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MODEL_PATH =
      Pattern.compile("^/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/infer)?/?$");

  private final Settings settings;
  private final SampleModel model = SampleModel.load();
  private final Faults faults;
  private final Authenticator authenticator;
  private final InferenceLog log;
  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * How a server is set up.
   *
   * @param modelName the model's name on the server
   * @param modelId the model id in Preflight, for the inference logs
   * @param versions the versions it serves; unversioned inference goes to the last unless split
   * @param split version → share of unversioned inference (the rest goes to the last version)
   * @param kafkaBootstrap where to log inferences; empty for no logging
   * @param jwksUrl the issuer's key set; with {@code issuer}, turns authentication on
   */
  public record Settings(
      String host,
      int port,
      String modelName,
      String modelId,
      List<String> versions,
      Map<String, Double> split,
      Optional<String> kafkaBootstrap,
      Optional<String> jwksUrl,
      Optional<String> issuer) {

    public static Settings of(int port, String modelName, String... versions) {
      return new Settings(
          "127.0.0.1",
          port,
          modelName,
          modelName,
          List.of(versions),
          Map.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }

    public Settings withKafka(String bootstrap) {
      return new Settings(
          host, port, modelName, modelId, versions, split, Optional.of(bootstrap), jwksUrl, issuer);
    }

    public Settings withAuth(String jwks, String tokenIssuer) {
      return new Settings(
          host,
          port,
          modelName,
          modelId,
          versions,
          split,
          kafkaBootstrap,
          Optional.of(jwks),
          Optional.ofNullable(tokenIssuer));
    }

    public Settings withSplit(Map<String, Double> shares) {
      return new Settings(
          host, port, modelName, modelId, versions, shares, kafkaBootstrap, jwksUrl, issuer);
    }
  }

  private SampleModelServer(Settings settings) throws IOException {
    this.settings = settings;
    this.faults = new Faults().authRequired(settings.jwksUrl().isPresent());
    this.authenticator = new Authenticator(settings.jwksUrl(), settings.issuer());
    this.log = InferenceLog.to(settings.kafkaBootstrap());
    this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 200);
    this.executor = Executors.newFixedThreadPool(32, r -> new Thread(r, "sample-model"));
    server.createContext("/", this::handle);
    server.setExecutor(executor);
  }

  public static SampleModelServer start(Settings settings) throws IOException {
    // Without TCP_NODELAY the JDK server's separate writes of headers and body meet the client's
    // delayed ACK: every answer would take some 40 ms more than the model does.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    SampleModelServer server = new SampleModelServer(settings);
    server.server.start();
    return server;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL of the server, e.g. {@code http://127.0.0.1:9000}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public Faults faults() {
    return faults;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/v2/health/live")) {
        respond(exchange, 200, JSON.createObjectNode().put("live", true));
      } else if (path.equals("/v2/health/ready")) {
        respond(
            exchange,
            faults.modelReady() ? 200 : 503,
            JSON.createObjectNode().put("ready", faults.modelReady()));
      } else if (path.equals("/v2") || path.equals("/v2/")) {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("name", "preflight-sample-model");
        metadata.put("version", "1");
        metadata.putArray("extensions");
        respond(exchange, 200, metadata);
      } else if (path.startsWith("/files/") && method.equals("GET")) {
        files(exchange, path.substring("/files/".length()));
      } else if (path.equals("/admin/faults")) {
        admin(exchange);
      } else {
        Matcher matcher = MODEL_PATH.matcher(path);
        if (matcher.matches()) {
          model(
              exchange, matcher.group(1), Optional.ofNullable(matcher.group(2)), matcher.group(3));
        } else {
          error(exchange, 404, "no such endpoint: " + path);
        }
      }
    } catch (RuntimeException e) {
      error(exchange, 500, "internal error: " + e.getMessage());
    }
  }

  private void model(HttpExchange exchange, String name, Optional<String> version, String action)
      throws IOException {
    long started = System.nanoTime();
    byte[] body = exchange.getRequestBody().readAllBytes();
    boolean infer = "/infer".equals(action);
    if (infer != exchange.getRequestMethod().equals("POST")) {
      error(exchange, 405, "method not allowed");
      return;
    }
    if (!name.equals(settings.modelName())
        || version.isPresent() && !settings.versions().contains(version.get())) {
      error(
          exchange,
          404,
          "model " + name + version.map(v -> " version " + v).orElse("") + " not found");
      return;
    }
    Authenticator.Verdict verdict =
        faults.authRequired()
            ? authenticator.verify(exchange.getRequestHeaders().getFirst("Authorization"))
            : Authenticator.Verdict.NOT_REQUIRED;
    if (!verdict.allowed()) {
      if (infer) {
        log.failed(settings.modelId(), version.orElse(lastVersion()), 401, verdict, body.length);
      }
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
      error(exchange, 401, verdict.reason());
      return;
    }
    if (action == null) {
      respond(exchange, 200, metadata(version));
    } else if (action.equals("/ready")) {
      respond(
          exchange,
          faults.modelReady() ? 200 : 503,
          JSON.createObjectNode().put("name", name).put("ready", faults.modelReady()));
    } else {
      infer(exchange, version.orElseGet(this::routedVersion), body, verdict, started);
    }
  }

  private ObjectNode metadata(Optional<String> version) {
    ObjectNode metadata = JSON.createObjectNode();
    metadata.put("name", settings.modelName());
    ArrayNode versions = metadata.putArray("versions");
    if (version.isPresent()) {
      versions.add(reported(version.get()));
    } else {
      settings.versions().forEach(v -> versions.add(reported(v)));
    }
    metadata.put("platform", "preflight-logistic-regression");
    ArrayNode inputs = metadata.putArray("inputs");
    for (String feature : SampleModel.NUMERIC) {
      tensor(inputs, feature, "FP64");
    }
    tensor(inputs, SampleModel.CATEGORICAL, "BYTES");
    ArrayNode outputs = metadata.putArray("outputs");
    tensor(outputs, "label", "BYTES");
    tensor(outputs, "score", "FP64");
    return metadata;
  }

  private static void tensor(ArrayNode tensors, String name, String datatype) {
    ObjectNode tensor = tensors.addObject();
    tensor.put("name", name);
    tensor.put("datatype", datatype);
    tensor.putArray("shape").add(-1);
  }

  private void infer(
      HttpExchange exchange,
      String version,
      byte[] body,
      Authenticator.Verdict verdict,
      long started)
      throws IOException {
    sleep(faults.latencyMs());
    if (faults.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < faults.errorRate()) {
      log.failed(settings.modelId(), version, 500, verdict, body.length);
      error(exchange, 500, "injected fault: the model failed");
      return;
    }
    JsonNode request;
    List<Map<String, Object>> rows;
    try {
      request = JSON.readTree(body);
      rows = Tensors.rows(request);
    } catch (IOException | IllegalArgumentException e) {
      log.failed(settings.modelId(), version, 400, verdict, body.length);
      error(exchange, 400, "invalid inference request: " + e.getMessage());
      return;
    }
    String requestId =
        request.hasNonNull("id") ? request.get("id").asText() : UUID.randomUUID().toString();
    List<SampleModel.Prediction> predictions = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      SampleModel.Prediction prediction = model.predict(row);
      if (faults.invertPredictions()) {
        prediction =
            new SampleModel.Prediction(
                1 - prediction.score(), prediction.label().equals("fraud") ? "legit" : "fraud");
      }
      predictions.add(prediction);
    }
    ObjectNode response = JSON.createObjectNode();
    response.put("model_name", settings.modelName());
    response.put("model_version", reported(version));
    response.put("id", requestId);
    ArrayNode outputs = response.putArray("outputs");
    List<String> wanted = new ArrayList<>();
    request.path("outputs").forEach(o -> wanted.add(o.path("name").asText()));
    if (wanted.isEmpty() || wanted.contains("label")) {
      ArrayNode data = output(outputs, "label", "BYTES", predictions.size());
      predictions.forEach(p -> data.add(p.label()));
    }
    if (wanted.isEmpty() || wanted.contains("score")) {
      ArrayNode data = output(outputs, "score", "FP64", predictions.size());
      predictions.forEach(p -> data.add(p.score()));
    }
    respond(exchange, 200, response);
    double latencyMs = (System.nanoTime() - started) / 1e6;
    log.succeeded(
        settings.modelId(), version, requestId, rows, predictions, latencyMs, verdict, body.length);
  }

  private static ArrayNode output(ArrayNode outputs, String name, String datatype, int size) {
    ObjectNode output = outputs.addObject();
    output.put("name", name);
    output.put("datatype", datatype);
    output.putArray("shape").add(size);
    return output.putArray("data");
  }

  /** The version an unversioned request goes to: by the split, else the last version. */
  private String routedVersion() {
    double draw = ThreadLocalRandom.current().nextDouble();
    double cumulative = 0;
    for (Map.Entry<String, Double> share : settings.split().entrySet()) {
      cumulative += share.getValue();
      if (draw < cumulative) {
        return share.getKey();
      }
    }
    return lastVersion();
  }

  private String lastVersion() {
    return settings.versions().get(settings.versions().size() - 1);
  }

  private String reported(String version) {
    return faults.reportedVersion().orElse(version);
  }

  private void files(HttpExchange exchange, String name) throws IOException {
    Optional<byte[]> file = SampleFiles.read(name);
    if (file.isEmpty()) {
      error(exchange, 404, "no such file: " + name);
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", contentType(name));
    exchange.sendResponseHeaders(200, file.get().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(file.get());
    }
  }

  private void admin(HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("PUT") || exchange.getRequestMethod().equals("POST")) {
      faults.apply(JSON.readTree(exchange.getRequestBody()));
    }
    respond(exchange, 200, faults.toJson());
  }

  private static String contentType(String name) {
    if (name.endsWith(".json")) {
      return "application/json";
    }
    if (name.endsWith(".csv")) {
      return "text/csv";
    }
    if (name.endsWith(".zip")) {
      return "application/zip";
    }
    return "text/plain; charset=utf-8";
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    respond(exchange, status, JSON.createObjectNode().put("error", message));
  }

  private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    log.close();
  }

  /** {@code java -cp … dev.preflight.sample.SampleModelServer --port 9000 --versions 1.0.0 …}. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    String name = options.getOrDefault("model-name", "fraud-detector");
    Map<String, Double> split = new LinkedHashMap<>();
    if (options.containsKey("split")) {
      for (String share : options.get("split").split(",")) {
        String[] parts = share.split("=", 2);
        split.put(parts[0].trim(), Double.parseDouble(parts[1].trim()));
      }
    }
    Settings settings =
        new Settings(
            options.getOrDefault("host", "127.0.0.1"),
            Integer.parseInt(options.getOrDefault("port", "9000")),
            name,
            options.getOrDefault("model-id", name),
            List.of(options.getOrDefault("versions", "1.0.0").split(",")),
            split,
            Optional.ofNullable(options.get("kafka")),
            Optional.ofNullable(options.get("jwks-url")),
            Optional.ofNullable(options.get("issuer")));
    SampleModelServer server = start(settings);
    server.faults().latencyMs(Long.parseLong(options.getOrDefault("latency-ms", "0")));
    server.faults().errorRate(Double.parseDouble(options.getOrDefault("error-rate", "0")));
    server.faults().reportedVersion(options.get("report-version"));
    if ("off".equals(options.get("auth"))) {
      server.faults().authRequired(false);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println(
        "Sample model "
            + name
            + " "
            + settings.versions()
            + " serving on "
            + server.url()
            + (server.faults().authRequired() ? " (bearer tokens required)" : ""));
    Thread.currentThread().join();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String key = args[i].substring(2);
      if (key.contains("=")) {
        options.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
      } else {
        options.put(key, args[++i]);
      }
    }
    return options;
  }
}
