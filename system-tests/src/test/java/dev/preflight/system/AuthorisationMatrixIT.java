package dev.preflight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.devstack.PreflightService;
import dev.preflight.devstack.Tokens;
import dev.preflight.system.fuzz.OpenApiFuzzer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every operation of every service's OpenAPI description, called with real Keycloak tokens that
 * must not get in: none, expired, from another issuer, with a tampered payload, without a Preflight
 * role, with a role the operation does not allow, and of another team — each refused as the design
 * says (401, 403, or 404 for another team's model), as a problem, and with nothing of the other
 * team's model in any answer.
 */
class AuthorisationMatrixIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** Operations a role that may read must not call: role → service → "METHOD path". */
  private static final Map<String, Map<PreflightService, Set<String>>> FORBIDDEN =
      Map.of(
          "engineer",
          Map.of(
              PreflightService.CHECKLIST,
              Set.of(
                  "POST /api/v1/models",
                  "POST /api/v1/models/{modelId}/versions",
                  "POST /api/v1/models/{modelId}/versions/{version}/deployments",
                  "POST /api/v1/models/{modelId}/versions/{version}/retirement",
                  "POST /api/v1/models/{modelId}/versions/{version}/items/{itemId}/attestations",
                  "POST /api/v1/events",
                  "POST /api/v1/templates"),
              PreflightService.MONITOR,
              Set.of("PUT /api/v1/profiles/{modelId}/{version}", "POST /api/v1/cloudevents"),
              PreflightService.NOTIFIER,
              Set.of("GET /api/v1/routing", "PUT /api/v1/routing")),
          "pipeline",
          Map.of(
              PreflightService.CHECKLIST,
              Set.of(
                  "POST /api/v1/models/{modelId}/versions/{version}/items/{itemId}/attestations",
                  "POST /api/v1/templates"),
              PreflightService.NOTIFIER,
              Set.of(
                  "GET /api/v1/routing",
                  "PUT /api/v1/routing",
                  "POST /api/v1/silences",
                  "DELETE /api/v1/silences/{id}",
                  "POST /api/v1/alerts/{fingerprint}/acknowledgement",
                  "GET /api/v1/alerts",
                  "GET /api/v1/alert-groups",
                  "GET /api/v1/silences/{id}/alerts",
                  "GET /api/v1/notifications")));

  private static PreflightSystem system;
  private static String model;
  private static String marker;
  private static Map<String, String> pathValues;
  private static Map<String, String> credentials;

  @BeforeAll
  static void start() throws Exception {
    system = PreflightSystem.get();
    model = "authz-" + UUID.randomUUID().toString().substring(0, 8);
    marker = "Owner " + UUID.randomUUID().toString().substring(0, 8);
    ThinSliceIT.registerModel(system.token("pipeline"), model, "{\"name\": \"" + marker + "\"}");
    ThinSliceIT.registerVersion(system.token("pipeline"), model, "1.0.0");
    // creator-logged fails for a model without an owner e-mail: the notifier has an alert for it
    String fingerprint =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    get(
                            PreflightService.NOTIFIER,
                            "/api/v1/alerts?modelId=" + model,
                            system.token("engineer"))
                        .path(0)
                        .path("fingerprint")
                        .asText(),
                f -> !f.isEmpty());
    String silence =
        send(
                PreflightService.NOTIFIER,
                "POST",
                "/api/v1/silences",
                system.token("engineer"),
                """
                {"matchers": ["model=\\"%s\\""], "endsAt": "%s", "comment": "authz matrix"}
                """
                    .formatted(model, java.time.OffsetDateTime.now().plusHours(1)))
            .body();
    pathValues =
        Map.of(
            "modelId",
            model,
            "version",
            "1.0.0",
            "itemId",
            "creator-logged",
            "templateId",
            "default",
            "fingerprint",
            fingerprint,
            "id",
            JSON.readTree(silence).path("id").asText());

    Tokens fromKeycloak = system.tokens;
    String brief =
        fromKeycloak.clientCredentials(Tokens.BRIEF_PIPELINE_CLIENT, Tokens.BRIEF_PIPELINE_SECRET);
    // the same realm reached by another host name issues tokens of another issuer, signed alike
    String otherIssuer =
        new Tokens(system.keycloak.issuer().replace("127.0.0.1", "localhost"))
            .clientCredentials(Tokens.PIPELINE_CLIENT, Tokens.PIPELINE_SECRET);
    credentials = new LinkedHashMap<>();
    credentials.put("none", null);
    credentials.put("expired", brief);
    credentials.put("wrong issuer", otherIssuer);
    credentials.put("tampered", tampered(system.token("pipeline")));
    credentials.put("unsigned", unsigned(system.token("pipeline")));
    credentials.put("garbage", "not-a-jwt");
    // Until the brief token has expired (its exp is in whole seconds; one more for the services'
    // clocks to agree).
    long expires =
        JSON.readTree(Base64.getUrlDecoder().decode(brief.split("\\.")[1])).path("exp").asLong();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Instant.now().getEpochSecond() > expires + 1);
  }

  @ParameterizedTest
  // The four services' REST APIs (the console serves pages to signed-in browsers).
  @EnumSource(
      value = PreflightService.class,
      names = {"CHECKLIST", "PROBE", "MONITOR", "NOTIFIER"})
  void everyOperationRefusesEveryoneWhoMayNotCallIt(PreflightService service) throws Exception {
    JsonNode description =
        JSON.readTree(
            HTTP.send(
                    HttpRequest.newBuilder(system.url(service).resolve("/q/openapi?format=json"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    List<String> wrong = new ArrayList<>();
    String visitor = system.tokens.password("visitor", "visitor");
    String recsysPipeline = system.recsysPipelineToken();
    String recsysEngineer = system.tokens.password("recsys-engineer", "recsys-engineer");
    int calls = 0;
    for (OpenApiFuzzer.Operation operation : OpenApiFuzzer.operations(description)) {
      String path = path(operation);
      String body = body(operation);
      for (Map.Entry<String, String> credential : credentials.entrySet()) {
        HttpResponse<String> answer =
            send(service, operation.method(), path, credential.getValue(), body);
        calls++;
        expect(wrong, operation, credential.getKey(), answer, Set.of(401));
      }
      calls++;
      expect(
          wrong,
          operation,
          "no Preflight role",
          send(service, operation.method(), path, visitor, body),
          Set.of(403));
      for (Map.Entry<String, Map<PreflightService, Set<String>>> role : FORBIDDEN.entrySet()) {
        if (role.getValue().getOrDefault(service, Set.of()).contains(operation.key())) {
          calls++;
          expect(
              wrong,
              operation,
              "role " + role.getKey(),
              send(service, operation.method(), path, system.token(role.getKey()), body),
              Set.of(403));
        }
      }
      for (Map.Entry<String, String> other :
          Map.of("recsys pipeline", recsysPipeline, "recsys engineer", recsysEngineer).entrySet()) {
        HttpResponse<String> answer =
            send(service, operation.method(), path, other.getValue(), body);
        calls++;
        if (operation.path().matches(".*\\{(modelId|fingerprint|id)}.*")) {
          expect(wrong, operation, other.getKey(), answer, Set.of(403, 404));
        } else if (answer.statusCode() >= 500) {
          wrong.add(describe(operation, other.getKey(), answer, "not a 5xx"));
        }
        if (answer.body().contains(marker)
            || (answer.statusCode() < 300 && answer.body().contains(model))) {
          wrong.add(describe(operation, other.getKey(), answer, "nothing of team fraud's model"));
        }
      }
    }
    System.out.printf(
        "%nAuthorisation matrix %s: %d operations, %d calls, %d wrong%n",
        service.module(), OpenApiFuzzer.operations(description).size(), calls, wrong.size());
    wrong.forEach(w -> System.out.println("  " + w));
    assertThat(wrong).isEmpty();
  }

  private static void expect(
      List<String> wrong,
      OpenApiFuzzer.Operation operation,
      String who,
      HttpResponse<String> answer,
      Set<Integer> statuses) {
    String type = answer.headers().firstValue("Content-Type").orElse("");
    if (!statuses.contains(answer.statusCode()) || !type.startsWith("application/problem+json")) {
      wrong.add(describe(operation, who, answer, statuses + " as application/problem+json"));
    }
  }

  private static String describe(
      OpenApiFuzzer.Operation operation, String who, HttpResponse<String> answer, String wanted) {
    String body = answer.body().length() > 200 ? answer.body().substring(0, 200) : answer.body();
    return operation.key()
        + " as "
        + who
        + ": "
        + answer.statusCode()
        + " "
        + answer.headers().firstValue("Content-Type").orElse("")
        + " (want "
        + wanted
        + ") "
        + body;
  }

  /** The operation's path for the fixture model, with its model-scoped query parameters. */
  private static String path(OpenApiFuzzer.Operation operation) {
    String path = operation.path();
    for (Map.Entry<String, String> value : pathValues.entrySet()) {
      path =
          path.replace(
              "{" + value.getKey() + "}",
              URLEncoder.encode(value.getValue(), StandardCharsets.UTF_8));
    }
    path = path.replaceAll("\\{[^}]+}", "x");
    List<String> query = new ArrayList<>();
    for (JsonNode parameter : operation.spec().path("parameters")) {
      String name = parameter.path("name").asText();
      if (parameter.path("in").asText().equals("query")
          && (name.equals("modelId") || name.equals("team"))) {
        query.add(name + "=" + (name.equals("team") ? "fraud" : model));
      }
    }
    return query.isEmpty() ? path : path + "?" + String.join("&", query);
  }

  /** The operation's example body, about the fixture model; {@code {}} when it has none. */
  private static String body(OpenApiFuzzer.Operation operation) {
    JsonNode content = operation.spec().path("requestBody").path("content");
    if (content.isEmpty()) {
      return null;
    }
    JsonNode media = content.elements().next();
    JsonNode examples = media.path("examples");
    String example =
        examples.isEmpty() ? "{}" : examples.elements().next().path("value").toString();
    return example.replace("fraud-detector", model);
  }

  private static HttpResponse<String> send(
      PreflightService service, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(system.url(service) + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(PreflightService service, String path, String token)
      throws IOException, InterruptedException {
    return JSON.readTree(send(service, "GET", path, token, null).body());
  }

  /** The token with its payload changed to every role and team, its signature kept. */
  private static String tampered(String token) throws IOException {
    String[] parts = token.split("\\.");
    ObjectNode payload = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    payload.putArray("teams").add("fraud").add("recsys");
    payload.putObject("realm_access").putArray("roles").add("admin").add("engineer");
    return parts[0] + "." + encode(payload) + "." + parts[2];
  }

  /** The token re-issued with {@code alg: none} and no signature. */
  private static String unsigned(String token) throws IOException {
    String[] parts = token.split("\\.");
    ObjectNode header = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    header.put("alg", "none");
    return encode(header) + "." + parts[1] + ".";
  }

  private static String encode(JsonNode json) throws IOException {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(json));
  }
}
