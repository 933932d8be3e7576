package dev.preflight.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Bearer tokens from Keycloak for the demo principals of Preflight's realm. */
public final class Tokens {

  /** Confidential client of deployment pipelines of team {@code fraud} (client credentials). */
  public static final String PIPELINE_CLIENT = "preflight-pipeline";

  public static final String PIPELINE_SECRET = "pipeline-secret";

  /** Confidential client of a pipeline of another team, {@code recsys}. */
  public static final String RECSYS_PIPELINE_CLIENT = "preflight-pipeline-recsys";

  public static final String RECSYS_PIPELINE_SECRET = "pipeline-recsys-secret";

  /** Confidential client of a pipeline of team {@code fraud} whose tokens live two seconds. */
  public static final String BRIEF_PIPELINE_CLIENT = "preflight-pipeline-brief";

  public static final String BRIEF_PIPELINE_SECRET = "pipeline-brief-secret";

  /** Confidential client of probe-service (client credentials). */
  public static final String PROBE_CLIENT = "preflight-probe";

  public static final String PROBE_SECRET = "probe-secret";

  /** Public client for people's tokens (password grant, demo only). */
  public static final String CLI_CLIENT = "preflight-cli";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String issuer;

  public Tokens(String issuer) {
    this.issuer = issuer;
  }

  /** A token of a demo principal by role: pipeline, engineer, approver or admin. */
  public String forRole(String role) throws IOException {
    return switch (role) {
      case "pipeline" -> clientCredentials(PIPELINE_CLIENT, PIPELINE_SECRET);
      case "engineer", "approver", "admin" -> password(role, role);
      default ->
          throw new IllegalArgumentException(
              "no demo principal for role '" + role + "' (pipeline, engineer, approver, admin)");
    };
  }

  public String clientCredentials(String clientId, String secret) throws IOException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", clientId);
    form.put("client_secret", secret);
    return request(form);
  }

  public String password(String username, String password) throws IOException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", CLI_CLIENT);
    form.put("username", username);
    form.put("password", password);
    form.put("scope", "openid");
    return request(form);
  }

  private String request(Map<String, String> form) throws IOException {
    String body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .timeout(Duration.ofSeconds(15))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(
            "Keycloak refused a token (" + response.statusCode() + "): " + response.body());
      }
      JsonNode json = MAPPER.readTree(response.body());
      return json.get("access_token").asText();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while getting a token", e);
    }
  }
}
