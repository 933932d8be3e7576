package dev.preflight.checklist;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** Request bodies and calls the tests share. */
final class Requests {

  static final String SHA_A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  private Requests() {}

  static String uniqueModelId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String model(String modelId, String team, String ownerEmail) {
    String email = ownerEmail == null ? "" : ", \"email\": \"" + ownerEmail + "\"";
    return """
    {"modelId": "%s", "name": "Fraud detector", "team": "%s",
     "owner": {"name": "Ada Lovelace"%s}, "description": "Scores card payments"}
    """
        .formatted(modelId, team, email);
  }

  static String manifest(String version, String previousVersion) {
    String previous =
        previousVersion == null ? "" : "\"previousVersion\": \"" + previousVersion + "\",";
    return """
    {"version": "%s", %s
     "artifacts": [{"kind": "weights", "uri": "s3://models/fraud/%s/model.onnx", "sha256": "%s"}],
     "features": [{"name": "amount", "type": "numeric"}, {"name": "country", "type": "categorical"}],
     "inputSchema": {"type": "object", "properties": {"amount": {"type": "number"}}},
     "outputSchema": {"type": "object", "properties": {"score": {"type": "number"}}},
     "trainingMetrics": {"accuracy": {"value": 0.93, "tolerance": 0.01}}}
    """
        .formatted(version, previous, version, SHA_A);
  }

  static ValidatableResponse registerModel(String token, String body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/models")
        .then();
  }

  static ValidatableResponse registerVersion(String token, String modelId, String body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/models/{modelId}/versions", modelId)
        .then();
  }

  static ValidatableResponse checklist(String token, String modelId, String version) {
    return given()
        .auth()
        .oauth2(token)
        .get("/api/v1/models/{modelId}/versions/{version}/checklist", modelId, version)
        .then();
  }
}
