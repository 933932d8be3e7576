package dev.preflight.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.preflight.devstack.PreflightService;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What callers meet at the edge with real Keycloak tokens: authentication, roles, teams, bad input.
 */
class ApiBoundaryIT {

  private static PreflightSystem system;

  @BeforeAll
  static void start() {
    system = PreflightSystem.get();
  }

  @Test
  void withoutATokenTheAnswerIs401AsAProblem() {
    given()
        .get(models())
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"));
  }

  @Test
  void aForgedTokenIsRefused() {
    String forged = system.token("pipeline");
    String tampered = forged.substring(0, forged.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
    given().auth().oauth2(tampered).get(models()).then().statusCode(401);
  }

  @Test
  void anEngineerMayReadButNotRegister() {
    given()
        .auth()
        .oauth2(system.token("engineer"))
        .contentType(ContentType.JSON)
        .body(model(uniqueId(), "fraud"))
        .post(models())
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    given().auth().oauth2(system.token("engineer")).get(models()).then().statusCode(200);
  }

  @Test
  void anotherTeamsModelAnswersAsIfItDidNotExist() {
    String id = uniqueId();
    given()
        .auth()
        .oauth2(system.token("pipeline"))
        .contentType(ContentType.JSON)
        .body(model(id, "fraud"))
        .post(models())
        .then()
        .statusCode(201);

    given()
        .auth()
        .oauth2(system.recsysPipelineToken())
        .contentType(ContentType.JSON)
        .body("{\"version\": \"1.0.0\"}")
        .post(models() + "/{id}/versions", id)
        .then()
        .statusCode(404)
        .body("detail", containsString("is not registered"));
  }

  @Test
  void aMalformedBodyIs400NamingTheProblem() {
    given()
        .auth()
        .oauth2(system.token("pipeline"))
        .contentType(ContentType.JSON)
        .body("{\"modelId\": \"x\", ")
        .post(models())
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(system.token("pipeline"))
        .contentType(ContentType.JSON)
        .body(
            "{\"modelId\": \"x\", \"name\": \"X\", \"team\": \"fraud\", \"owner\": {\"name\":"
                + " \"A\", \"email\": \"nope\"}}")
        .post(models())
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("/owner/email"));
  }

  @Test
  void anUnknownModelIs404() {
    given()
        .auth()
        .oauth2(system.token("engineer"))
        .get(models() + "/{id}", "no-such-model")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
  }

  @ParameterizedTest
  @EnumSource(PreflightService.class)
  void healthMetricsAndOpenApiAreOpenOnEveryService(PreflightService service) {
    String url = system.url(service).toString();
    given().get(url + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get(url + "/q/health/live").then().statusCode(200);
    given().get(url + "/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    if (service != PreflightService.CONSOLE) {
      // The console serves pages, not an API.
      given().get(url + "/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }
  }

  private static String models() {
    return system.url(PreflightService.CHECKLIST) + "/api/v1/models";
  }

  private static String uniqueId() {
    return "fraud-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String model(String id, String team) {
    return """
    {"modelId": "%s", "name": "Fraud detector", "team": "%s", "owner": {"name": "Ada Lovelace"}}
    """
        .formatted(id, team);
  }
}
