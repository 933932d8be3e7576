package dev.preflight.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sample model speaks the Open Inference Protocol V2 REST API as its specification says. */
class SampleModelServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INFER =
      """
      {"id": "r-1", "inputs": [
        {"name": "amount", "datatype": "FP64", "shape": [2], "data": [12.5, 2400.0]},
        {"name": "distance_km", "datatype": "FP64", "shape": [2], "data": [3.0, 800.0]},
        {"name": "hour", "datatype": "INT32", "shape": [2], "data": [14, 3]},
        {"name": "country", "datatype": "BYTES", "shape": [2], "data": ["DE", "NG"]}]}
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private SampleModelServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        SampleModelServer.start(
            SampleModelServer.Settings.of(0, "fraud-detector", "1.0.0", "1.1.0")
                .withSplit(Map.of("1.0.0", 0.5)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void healthAndMetadataAnswerAsTheSpecificationSays() throws Exception {
    assertThat(get("/v2/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/v2/health/ready").statusCode()).isEqualTo(200);
    JsonNode serverMetadata = json(get("/v2"));
    assertThat(serverMetadata.has("name") && serverMetadata.has("version")).isTrue();
    assertThat(serverMetadata.path("extensions").isArray()).isTrue();

    JsonNode model = json(get("/v2/models/fraud-detector/versions/1.1.0"));
    assertThat(model.path("name").asText()).isEqualTo("fraud-detector");
    assertThat(model.path("platform").asText()).isNotBlank();
    assertThat(model.path("versions").get(0).asText()).isEqualTo("1.1.0");
    assertThat(model.path("inputs"))
        .allSatisfy(
            tensor ->
                assertThat(tensor.has("name") && tensor.has("datatype") && tensor.has("shape"))
                    .isTrue());
    assertThat(get("/v2/models/fraud-detector/versions/1.1.0/ready").statusCode()).isEqualTo(200);
    assertThat(get("/v2/models/fraud-detector/versions/9.9.9/ready").statusCode()).isEqualTo(404);
    assertThat(get("/v2/models/other/versions/1.1.0").statusCode()).isEqualTo(404);
  }

  @Test
  void inferenceScoresEveryRowWithTheRequestedVersion() throws Exception {
    JsonNode response = json(post("/v2/models/fraud-detector/versions/1.0.0/infer", INFER));
    assertThat(response.path("model_name").asText()).isEqualTo("fraud-detector");
    assertThat(response.path("model_version").asText()).isEqualTo("1.0.0");
    assertThat(response.path("id").asText()).isEqualTo("r-1");
    JsonNode label = output(response, "label");
    JsonNode score = output(response, "score");
    assertThat(label.path("shape").get(0).asInt()).isEqualTo(2);
    assertThat(label.path("data").get(0).asText()).isEqualTo("legit");
    assertThat(label.path("data").get(1).asText()).isEqualTo("fraud");
    assertThat(score.path("data").get(1).asDouble()).isGreaterThan(0.5);

    HttpResponse<String> bad =
        post(
            "/v2/models/fraud-detector/versions/1.0.0/infer",
            "{\"inputs\": [{\"name\": \"amount\"}]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("error").asText()).isNotBlank();
  }

  @Test
  void unversionedInferenceIsSplitBetweenTheVersions() throws Exception {
    int old = 0;
    for (int i = 0; i < 200; i++) {
      if (json(post("/v2/models/fraud-detector/infer", INFER))
          .path("model_version")
          .asText()
          .equals("1.0.0")) {
        old++;
      }
    }
    assertThat(old).isBetween(60, 140);
  }

  @Test
  void faultsChangeWhatTheServerAnswers() throws Exception {
    server.faults().reportedVersion("0.9.0").modelReady(false).errorRate(1.0);
    assertThat(
            json(get("/v2/models/fraud-detector/versions/1.0.0")).path("versions").get(0).asText())
        .isEqualTo("0.9.0");
    assertThat(get("/v2/models/fraud-detector/versions/1.0.0/ready").statusCode()).isEqualTo(503);
    assertThat(post("/v2/models/fraud-detector/versions/1.0.0/infer", INFER).statusCode())
        .isEqualTo(500);

    HttpResponse<String> changed =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/admin/faults"))
                .PUT(
                    HttpRequest.BodyPublishers.ofString("{\"errorRate\": 0, \"modelReady\": true}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(json(changed).path("errorRate").asDouble()).isZero();
    assertThat(post("/v2/models/fraud-detector/versions/1.0.0/infer", INFER).statusCode())
        .isEqualTo(200);

    server.faults().authRequired(true);
    HttpResponse<String> denied = post("/v2/models/fraud-detector/versions/1.0.0/infer", INFER);
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(get("/v2/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void theVersionsAssetsAreServed() throws Exception {
    for (String name : SampleFiles.NAMES) {
      assertThat(get("/files/" + name).statusCode()).as(name).isEqualTo(200);
    }
    assertThat(get("/files/../pom.xml").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static JsonNode output(JsonNode response, String name) {
    for (JsonNode output : response.path("outputs")) {
      if (output.path("name").asText().equals(name)) {
        return output;
      }
    }
    throw new AssertionError("no output " + name + " in " + response);
  }
}
