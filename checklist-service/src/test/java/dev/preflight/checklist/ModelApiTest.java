package dev.preflight.checklist;

import static dev.preflight.checklist.Requests.model;
import static dev.preflight.checklist.Requests.registerModel;
import static dev.preflight.checklist.Requests.uniqueModelId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.preflight.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ChecklistTestResources
class ModelApiTest {

  @Test
  void aPipelineRegistersAModelAndReadsItBack() {
    String id = uniqueModelId("fraud");

    registerModel(TestTokens.pipeline("fraud"), model(id, "fraud", "ada@example.com"))
        .statusCode(201)
        .header("Location", endsWith("/api/v1/models/" + id))
        .body("modelId", equalTo(id))
        .body("team", equalTo("fraud"))
        .body("owner.name", equalTo("Ada Lovelace"))
        .body("owner.email", equalTo("ada@example.com"));

    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .get("/api/v1/models/{id}", id)
        .then()
        .statusCode(200)
        .body("name", equalTo("Fraud detector"))
        .body("createdBy", equalTo("pipeline-fraud"));
  }

  @Test
  void repeatingTheSameRegistrationReturnsTheExistingModel() {
    String id = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(id, "fraud", "ada@example.com"))
        .statusCode(201);

    registerModel(TestTokens.pipeline("fraud"), model(id, "fraud", "ada@example.com"))
        .statusCode(200)
        .body("modelId", equalTo(id));
  }

  @Test
  void aConflictingRegistrationIsRefused() {
    String id = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(id, "fraud", "ada@example.com"))
        .statusCode(201);

    registerModel(TestTokens.pipeline("fraud"), model(id, "fraud", "grace@example.com"))
        .statusCode(409)
        .contentType("application/problem+json")
        .body("status", equalTo(409))
        .body("detail", containsString(id));
  }

  @Test
  void aSchemaInvalidRegistrationIsRefusedNamingTheFields() {
    registerModel(
            TestTokens.pipeline("fraud"),
            """
            {"modelId": "Not Valid!", "name": "x", "team": "fraud", "owner": {"email": "not-an-email"}}
            """)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("/modelId"))
        .body("errors.field", hasItem("/owner/name"))
        .body("errors.field", hasItem("/owner/email"));
  }

  @Test
  void malformedJsonIsRefusedAsAProblem() {
    given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .contentType(ContentType.JSON)
        .body("{\"modelId\": ")
        .post("/api/v1/models")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", equalTo("Malformed JSON"));
  }

  /** Found by RestFuzzIT: PostgreSQL stores no U+0000, so these were 500s. */
  @Test
  void nulCharactersAreRefusedAsProblemsNotFailedOnInTheDatabase() {
    given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .contentType(ContentType.JSON)
        .body(
            "{\"modelId\": \""
                + uniqueModelId("nul")
                + "\", \"name\": \"a\\u0000b\", \"team\": \"fraud\","
                + " \"owner\": {\"name\": \"Ada\"}}")
        .post("/api/v1/models")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("U+0000"));
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .urlEncodingEnabled(false)
        .get("/api/v1/models/%00/versions/1.0.0/checklist")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void withoutATokenTheAnswerIs401() {
    given()
        .contentType(ContentType.JSON)
        .body(model(uniqueModelId("fraud"), "fraud", null))
        .post("/api/v1/models")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"));
  }

  @Test
  void anEngineerCannotRegisterModels() {
    registerModel(TestTokens.engineer("fraud"), model(uniqueModelId("fraud"), "fraud", null))
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void aPipelineCannotRegisterAModelOfAnotherTeam() {
    registerModel(TestTokens.pipeline("recsys"), model(uniqueModelId("fraud"), "fraud", null))
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString("team 'fraud'"));
  }

  @Test
  void anotherTeamCanNeitherReadNorListTheModelWhichAnswersAsIfItDidNotExist() {
    String id = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(id, "fraud", null)).statusCode(201);

    given()
        .auth()
        .oauth2(TestTokens.engineer("recsys"))
        .get("/api/v1/models/{id}", id)
        .then()
        .statusCode(404)
        .body("detail", containsString("is not registered"));
    given()
        .auth()
        .oauth2(TestTokens.engineer("recsys"))
        .get("/api/v1/models")
        .then()
        .statusCode(200)
        .body("modelId", not(hasItem(id)));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models")
        .then()
        .statusCode(200)
        .body("modelId", hasItem(id));
  }

  @Test
  void anUnknownModelIs404() {
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .get("/api/v1/models/{id}", "no-such-model")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("no-such-model"));
  }

  @Test
  void healthMetricsAndOpenApiNeedNoToken() {
    given().get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200).body(containsString("preflight_outbox"));
    given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/models"));
  }

  @Test
  void whoamiTellsWhatTheTokenSays() {
    given()
        .auth()
        .oauth2(TestTokens.approver("fraud"))
        .get("/api/v1/whoami")
        .then()
        .statusCode(200)
        .body("name", equalTo("approver-fraud"))
        .body("roles", equalTo(java.util.List.of("approver", "engineer")))
        .body("teams", equalTo(java.util.List.of("fraud")));
  }

  @Test
  void everyOperationIsDocumented() {
    io.restassured.path.json.JsonPath openapi =
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    java.util.Map<String, java.util.Map<String, java.util.Map<String, Object>>> paths =
        openapi.getMap("paths");
    assertThat(paths).isNotEmpty();
    paths.forEach(
        (path, operations) ->
            operations.forEach(
                (method, operation) ->
                    assertThat(operation.get("summary"))
                        .as("summary of %s %s", method, path)
                        .isNotNull()));
  }
}
