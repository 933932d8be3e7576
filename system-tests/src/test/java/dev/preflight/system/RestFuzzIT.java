package dev.preflight.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.devstack.PreflightService;
import dev.preflight.system.fuzz.OpenApiFuzzer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Property-based fuzzing of every service's REST API from its own OpenAPI description: whatever a
 * caller sends, the answer is never a 5xx, and every refusal is {@code application/problem+json}.
 *
 * <p>{@code preflight.fuzz.requests} (1,000 by default; 10,000 with {@code -Pfaults}) requests per
 * service; {@code preflight.fuzz.seed} replays a run.
 */
class RestFuzzIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private static final int REQUESTS = Integer.getInteger("preflight.fuzz.requests", 1_000);
  private static final long SEED = Long.getLong("preflight.fuzz.seed", 20_261_128L);

  private static PreflightSystem system;
  private static String model;

  @BeforeAll
  static void start() {
    system = PreflightSystem.get();
    model = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
    String pipeline = system.token("pipeline");
    ThinSliceIT.registerModel(pipeline, model, "{\"name\": \"Ada Lovelace\"}");
    ThinSliceIT.registerVersion(pipeline, model, "1.0.0");
  }

  @ParameterizedTest
  // The four services' REST APIs (the console serves pages to signed-in browsers).
  @EnumSource(
      value = PreflightService.class,
      names = {"CHECKLIST", "PROBE", "MONITOR", "NOTIFIER"})
  void noGeneratedRequestGetsA5xxAndEveryRefusalIsAProblem(PreflightService service)
      throws Exception {
    URI base = system.url(service);
    JsonNode description = JSON.readTree(fetch(base.resolve("/q/openapi?format=json"), null));
    Map<String, List<String>> known =
        Map.of(
            "modelId", List.of(model, "fraud-detector"),
            "version", List.of("1.0.0"),
            "itemId", List.of("creator-logged", "model-card", "prod-auth-required"),
            "templateId", List.of("default"),
            "target", List.of("prod", "test"),
            "environment", List.of("prod", "test"),
            "status", List.of("firing", "resolved"),
            "team", List.of("fraud", "recsys"));
    OpenApiFuzzer fuzzer = new OpenApiFuzzer(description, SEED + service.ordinal(), known);
    assertThat(fuzzer.operations()).as("operations in %s's description", service).isNotEmpty();

    String routing = service == PreflightService.NOTIFIER ? routingDocument() : null;
    Map<String, String> tokens = new ConcurrentHashMap<>();
    tokens.put("admin", system.token("admin"));
    tokens.put("pipeline", system.token("pipeline"));
    tokens.put("engineer", system.token("engineer"));
    List<String> roles = List.of("admin", "admin", "pipeline", "engineer");

    Map<Integer, AtomicLong> statuses = new ConcurrentSkipListMap<>();
    Map<String, String> findings = new ConcurrentSkipListMap<>();
    List<OpenApiFuzzer.Request> requests = new ArrayList<>();
    List<String> callers = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      requests.add(fuzzer.next());
      callers.add(roles.get(i % roles.size()));
    }
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        OpenApiFuzzer.Request request = requests.get(i);
        String token = tokens.get(callers.get(i));
        running.add(pool.submit(() -> send(base, request, token, statuses, findings)));
      }
      for (Future<?> one : running) {
        one.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (routing != null) {
      restoreRouting(routing);
    }

    Map<String, Long> byStatus = new TreeMap<>();
    statuses.forEach((status, count) -> byStatus.put(String.valueOf(status), count.get()));
    System.out.printf(
        "%nREST fuzzing %s (seed %d): %,d requests over %d operations in %.0f s (%.0f/s); answers"
            + " by status %s; findings %d%n",
        service.module(),
        SEED + service.ordinal(),
        REQUESTS,
        fuzzer.operations().size(),
        seconds,
        REQUESTS / seconds,
        byStatus,
        findings.size());
    findings.forEach((finding, example) -> System.out.println("  " + finding + "\n    " + example));
    assertThat(findings).as("5xx answers and refusals that are not problems").isEmpty();
  }

  private static void send(
      URI base,
      OpenApiFuzzer.Request request,
      String token,
      Map<Integer, AtomicLong> statuses,
      Map<String, String> findings) {
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(URI.create(base + request.pathAndQuery()));
    } catch (IllegalArgumentException e) {
      // a URI the client itself will not send: nothing reached the service
      statuses.computeIfAbsent(0, s -> new AtomicLong()).incrementAndGet();
      return;
    }
    builder
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .method(
            request.method(),
            request.body().length == 0 && !request.method().equals("POST")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    String operation = request.operation().key();
    try {
      request.contentType().ifPresent(type -> builder.header("Content-Type", type));
      HttpResponse<String> response =
          HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
      String contentType = response.headers().firstValue("Content-Type").orElse("(none)");
      if (status >= 500) {
        findings.putIfAbsent(
            operation + " → " + status,
            request.describe() + "\n    answered " + clip(response.body()));
      } else if (status >= 400 && !contentType.startsWith("application/problem+json")) {
        findings.putIfAbsent(
            operation + " → " + status + " as " + contentType,
            request.describe() + "\n    answered " + clip(response.body()));
      } else if (status >= 400) {
        JsonNode problem = JSON.readTree(response.body());
        if (problem.path("status").asInt() != status || !problem.hasNonNull("title")) {
          findings.putIfAbsent(
              operation + " → " + status + " with a problem that does not say so",
              request.describe() + "\n    answered " + clip(response.body()));
        }
      }
    } catch (HttpTimeoutException e) {
      findings.putIfAbsent(operation + " → no answer in 60 s", request.describe());
    } catch (IOException e) {
      findings.putIfAbsent(
          operation + " → connection broken (" + e.getClass().getSimpleName() + ")",
          request.describe() + "\n    " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String routingDocument() throws Exception {
    return fetch(
        system.url(PreflightService.NOTIFIER).resolve("/api/v1/routing"), system.token("admin"));
  }

  /**
   * The fuzzer may have replaced the routing document with one it made up: put the real one back.
   */
  private static void restoreRouting(String document) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(system.url(PreflightService.NOTIFIER).resolve("/api/v1/routing"))
                .header("Authorization", "Bearer " + system.token("admin"))
                .header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(document))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static String fetch(URI uri, String token) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
    return response.body();
  }

  private static String clip(String body) {
    return body.length() > 400 ? body.substring(0, 400) + "…" : body;
  }
}
