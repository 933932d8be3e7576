package dev.preflight.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A webhook receiver that keeps what it is sent: the local stack points the notifier's team
 * webhooks at it ({@code GET /inbox} lists the deliveries), and the tests assert on it.
 */
public final class WebhookInbox implements AutoCloseable {

  /** The {@code answered} of a request whose answer never went out. */
  public static final int UNANSWERED = 0;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_KEPT = 10_000;

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();

  private WebhookInbox(HttpServer server) {
    this.server = server;
  }

  /** Starts on 127.0.0.1:port (a free port when 0). */
  public static WebhookInbox start(int port) throws IOException {
    return start("127.0.0.1", port);
  }

  /** Starts on host:port; {@code 0.0.0.0} inside a container. */
  public static WebhookInbox start(String host, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 50);
    WebhookInbox inbox = new WebhookInbox(server);
    server.createContext("/", inbox::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return inbox;
  }

  /**
   * One request the inbox received.
   *
   * @param answered the status it was answered with; {@link #UNANSWERED} when the answer could not
   *     be written (the inbox was stopping)
   */
  public record Delivery(
      Instant receivedAt,
      String method,
      String path,
      Map<String, String> headers,
      String body,
      int answered) {

    /** Whether the inbox accepted it (answered 2xx). */
    public boolean accepted() {
      return answered / 100 == 2;
    }

    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The URL of a path on this inbox, e.g. {@code /hooks/fraud}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  public List<Delivery> deliveries(String path) {
    return deliveries.stream().filter(d -> d.path().equals(path)).toList();
  }

  /**
   * The statuses the next requests to a path are answered with, in order (e.g. 503 to exercise
   * retries); 200 once they are used up.
   */
  public void script(String path, int... statuses) {
    Deque<Integer> queue = scripted.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>());
    for (int status : statuses) {
      queue.add(status);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if ("GET".equals(exchange.getRequestMethod()) && path.equals("/inbox")) {
        respond(exchange, 200, list());
        return;
      }
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, String> headers =
          exchange.getRequestHeaders().entrySet().stream()
              .collect(
                  Collectors.toMap(
                      e -> e.getKey().toLowerCase(),
                      e -> String.join(",", e.getValue()),
                      (a, b) -> a));
      Integer status = Optional.ofNullable(scripted.get(path)).map(Deque::poll).orElse(200);
      Instant receivedAt = Instant.now();
      int answered = UNANSWERED;
      try {
        respond(exchange, status, "{}");
        answered = status;
      } finally {
        // Kept once answered: a request cut off as the inbox stops was not accepted, whatever
        // status was meant for it; the sender will try it again.
        deliveries.add(
            new Delivery(receivedAt, exchange.getRequestMethod(), path, headers, body, answered));
        while (deliveries.size() > MAX_KEPT) {
          deliveries.remove(0);
        }
      }
    }
  }

  private String list() throws IOException {
    ArrayNode array = MAPPER.createArrayNode();
    for (Delivery delivery : deliveries) {
      ObjectNode node = array.addObject();
      node.put("receivedAt", delivery.receivedAt().toString());
      node.put("method", delivery.method());
      node.put("path", delivery.path());
      node.put("answered", delivery.answered());
      node.set("headers", MAPPER.valueToTree(delivery.headers()));
      try {
        node.set("body", MAPPER.readTree(delivery.body()));
      } catch (IOException notJson) {
        node.put("body", delivery.body());
      }
    }
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  /** Runs an inbox as a process of its own: {@code --port 8089 [--host 127.0.0.1]}. */
  public static void main(String[] args) throws Exception {
    Arguments arguments = Arguments.parse(args);
    WebhookInbox inbox =
        start(
            arguments.value("host", "127.0.0.1"),
            Integer.parseInt(arguments.value("port", "8089")));
    Runtime.getRuntime().addShutdownHook(new Thread(inbox::close, "inbox-stop"));
    System.out.println("Webhook inbox on " + inbox.url("/inbox"));
    Thread.currentThread().join();
  }
}
