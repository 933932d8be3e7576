package dev.preflight.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.preflight.devstack.PreflightService;
import dev.preflight.sample.SampleFiles;
import dev.preflight.sample.SampleModelServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A version verified by the packaged probe-service against a sample model server that checks real
 * Keycloak tokens: after training, in test and in production, the way a pipeline drives it.
 */
class ProbeSystemIT {

  private static PreflightSystem system;
  private static SampleModelServer model;

  @BeforeAll
  static void start() throws Exception {
    system = PreflightSystem.get();
    String issuer = system.keycloak.issuer();
    model =
        SampleModelServer.start(
            SampleModelServer.Settings.of(0, "fraud-detector", "1.0.0")
                .withAuth(issuer + "/protocol/openid-connect/certs", issuer)
                .withKafka(system.broker.bootstrapServers()));
  }

  @AfterAll
  static void stop() {
    model.close();
  }

  @Test
  void aVersionIsVerifiedFromTrainingToProductionAgainstARealEndpoint() {
    String modelId = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    String pipeline = system.token("pipeline");
    ThinSliceIT.registerModel(
        pipeline, modelId, "{\"name\": \"Ada Lovelace\", \"email\": \"ada@lovelace.dev\"}");
    given()
        .auth()
        .oauth2(pipeline)
        .contentType(ContentType.JSON)
        .body(manifest(model.url()))
        .post(system.url(PreflightService.CHECKLIST) + "/api/v1/models/{m}/versions", modelId)
        .then()
        .statusCode(201);

    // monitor-service builds the reference profile from the manifest's reference dataset.
    for (String item :
        List.of(
            "assets-stored", "particulars-stored", "production-format", "monitoring-in-place")) {
      ThinSliceIT.awaitItem(modelId, "1.0.0", item, "passed");
    }
    // as a pipeline does: the test gate (enforced) opens once after-training is verified
    given()
        .auth()
        .oauth2(pipeline)
        .queryParam("target", "test")
        .queryParam("wait", "PT90S")
        .get(
            system.url(PreflightService.CHECKLIST) + "/api/v1/models/{m}/versions/1.0.0/gate",
            modelId)
        .then()
        .statusCode(200)
        .body("decision", equalTo("allow"));

    deploy(pipeline, modelId, "test", "");
    for (String item :
        List.of(
            "test-uploaded",
            "test-version-matches",
            "test-infra-matches-prod",
            "test-metrics-match",
            "test-latency-ok")) {
      JsonPath result = ThinSliceIT.awaitItem(modelId, "1.0.0", item, "passed");
      assertThat(result.getString("evidence.source")).isEqualTo("probe-service");
    }

    deploy(
        pipeline,
        modelId,
        "prod",
        ", \"consumerUrl\": \""
            + model.url()
            + "/v2/models/fraud-detector/versions/1.0.0/infer\", \"trafficShare\": 1.0");
    for (String item :
        List.of(
            "prod-uploaded",
            "prod-version-matches-test",
            "prod-auth-required",
            "prod-reachable",
            "prod-returns-results")) {
      ThinSliceIT.awaitItem(modelId, "1.0.0", item, "passed");
    }
    JsonPath auth = ThinSliceIT.checklist(modelId, "1.0.0");
    assertThat(
            auth.getInt(
                "phases.flatten().items.flatten().find { it.itemId == 'prod-auth-required' }"
                    + ".evidence.measured.validToken"))
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(pipeline)
                    .get(
                        system.url(PreflightService.CHECKLIST)
                            + "/api/v1/models/{m}/versions/1.0.0",
                        modelId)
                    .then()
                    .body("phase", equalTo("in-production")));
  }

  private static void deploy(String token, String modelId, String environment, String extra) {
    deploy(token, modelId, environment, model.url(), extra);
  }

  /** Reports version 1.0.0 of a model deployed to an environment at an OIP V2 endpoint. */
  static void deploy(
      String token, String modelId, String environment, String endpoint, String extra) {
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(
            """
            {"environment": "%s", "endpointUrl": "%s", "protocol": "oip-v2",
             "modelName": "fraud-detector", "infrastructure": {"cpu": "2", "memory": "4Gi"}%s}
            """
                .formatted(environment, endpoint, extra))
        .post(
            PreflightSystem.get().url(PreflightService.CHECKLIST)
                + "/api/v1/models/{m}/versions/1.0.0/deployments",
            modelId)
        .then()
        .statusCode(201);
  }

  static String manifest(String files) {
    return """
    {"version": "1.0.0",
     "artifacts": [
       {"kind": "weights", "uri": "%1$s/files/weights.json", "sha256": "%2$s"},
       {"kind": "dependencies", "uri": "%1$s/files/requirements.txt", "sha256": "%3$s"}],
     "packaging": {"format": "zip", "reference": "%1$s/files/model.zip", "digest": "%4$s"},
     "trainingData": {"uri": "%1$s/files/reference.csv"},
     "features": [{"name": "amount", "type": "numeric"}, {"name": "distance_km", "type": "numeric"},
                  {"name": "hour", "type": "numeric"}, {"name": "country", "type": "categorical"}],
     "inputSchema": {"type": "object", "properties": {"amount": {"type": "number"},
       "distance_km": {"type": "number"}, "hour": {"type": "integer"}, "country": {"type": "string"}}},
     "outputSchema": {"type": "object", "required": ["label", "score"],
       "properties": {"label": {"enum": ["legit", "fraud"]}, "score": {"type": "number"}}},
     "trainingMetrics": {"accuracy": {"value": 0.874, "tolerance": 0.02},
                         "roc_auc": {"value": 0.9205, "tolerance": 0.02}},
     "validationDataset": {"uri": "%1$s/files/validation.csv", "format": "csv", "labelField": "label"},
     "referenceDataset": {"uri": "%1$s/files/reference.csv", "format": "csv"},
     "infrastructure": {"prod": {"cpu": "2", "memory": "4Gi"}},
     "slos": {"p95LatencyMs": 2000, "maxErrorRate": 0.01, "concurrency": 4}}
    """
        .formatted(files, sha256("weights.json"), sha256("requirements.txt"), sha256("model.zip"));
  }

  private static String sha256(String file) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(SampleFiles.read(file).orElseThrow()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
