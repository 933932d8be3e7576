package dev.preflight.checklist;

import static dev.preflight.checklist.Requests.manifest;
import static dev.preflight.checklist.Requests.model;
import static dev.preflight.checklist.Requests.registerModel;
import static dev.preflight.checklist.Requests.registerVersion;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.preflight.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint against every kind of caller it must refuse: no token, a forged token, a token
 * without the role, and a token of another team (which must not learn the model exists).
 */
@QuarkusTest
@ChecklistTestResources
class AuthorizationMatrixTest {

  private static final String MODEL = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String BASE = "/api/v1/models/" + MODEL + "/versions/1.0.0";

  /**
   * One endpoint.
   *
   * @param wrongRole a token whose roles do not allow it
   * @param otherTeam a token of another team with the right roles; null where no team applies
   */
  record Endpoint(
      String name,
      String method,
      String path,
      String body,
      Supplier<String> wrongRole,
      Supplier<String> otherTeam) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Endpoint> endpoints() {
    String deployment =
        "{\"environment\": \"test\", \"endpointUrl\": \"http://x:8080\", \"protocol\": \"oip-v2\","
            + " \"modelName\": \"x\"}";
    String waive = "{\"decision\": \"waive\", \"comment\": \"no\"}";
    return Stream.of(
        new Endpoint(
            "register model",
            "POST",
            "/api/v1/models",
            model("other-" + MODEL, "fraud", null),
            () -> TestTokens.engineer("fraud"),
            null),
        new Endpoint(
            "list models", "GET", "/api/v1/models", null, () -> TestTokens.noRole("fraud"), null),
        new Endpoint(
            "get model",
            "GET",
            "/api/v1/models/" + MODEL,
            null,
            () -> TestTokens.noRole("fraud"),
            () -> TestTokens.engineer("recsys")),
        new Endpoint(
            "register version",
            "POST",
            "/api/v1/models/" + MODEL + "/versions",
            manifest("2.0.0", null),
            () -> TestTokens.approver("fraud"),
            () -> TestTokens.pipeline("recsys")),
        new Endpoint(
            "list versions",
            "GET",
            "/api/v1/models/" + MODEL + "/versions",
            null,
            () -> TestTokens.noRole("fraud"),
            () -> TestTokens.engineer("recsys")),
        new Endpoint(
            "get version",
            "GET",
            BASE,
            null,
            () -> TestTokens.noRole("fraud"),
            () -> TestTokens.engineer("recsys")),
        new Endpoint(
            "checklist",
            "GET",
            BASE + "/checklist",
            null,
            () -> TestTokens.noRole("fraud"),
            () -> TestTokens.engineer("recsys")),
        new Endpoint(
            "report deployment",
            "POST",
            BASE + "/deployments",
            deployment,
            () -> TestTokens.engineer("fraud"),
            () -> TestTokens.pipeline("recsys")),
        new Endpoint(
            "gate",
            "GET",
            BASE + "/gate?target=prod",
            null,
            () -> TestTokens.noRole("fraud"),
            () -> TestTokens.pipeline("recsys")),
        new Endpoint(
            "attest",
            "POST",
            BASE + "/items/assets-stored/attestations",
            waive,
            () -> TestTokens.pipeline("fraud"),
            () -> TestTokens.approver("recsys")),
        new Endpoint(
            "retire",
            "POST",
            BASE + "/retirement",
            "{}",
            () -> TestTokens.approver("fraud"),
            () -> TestTokens.pipeline("recsys")),
        new Endpoint(
            "audit",
            "GET",
            "/api/v1/audit?modelId=" + MODEL,
            null,
            () -> TestTokens.noRole("fraud"),
            () -> TestTokens.engineer("recsys")),
        new Endpoint(
            "whoami", "GET", "/api/v1/whoami", null, () -> TestTokens.noRole("fraud"), null),
        new Endpoint(
            "list templates",
            "GET",
            "/api/v1/templates",
            null,
            () -> TestTokens.noRole("fraud"),
            null),
        new Endpoint(
            "template versions",
            "GET",
            "/api/v1/templates/default",
            null,
            () -> TestTokens.noRole("fraud"),
            null),
        new Endpoint(
            "template version",
            "GET",
            "/api/v1/templates/default/versions/1",
            null,
            () -> TestTokens.noRole("fraud"),
            null),
        new Endpoint(
            "derive template",
            "POST",
            "/api/v1/templates",
            "{\"id\": \"x\"}",
            () -> TestTokens.approver("fraud"),
            null));
  }

  static Stream<Arguments> refusals() {
    List<Function<Endpoint, Arguments>> callers =
        List.of(
            e -> Arguments.of(e, "no token", (Supplier<String>) () -> null, 401),
            e -> Arguments.of(e, "forged token", (Supplier<String>) TestTokens::forged, 401),
            e -> Arguments.of(e, "wrong role", e.wrongRole(), 403));
    Stream<Arguments> common = endpoints().flatMap(e -> callers.stream().map(c -> c.apply(e)));
    Stream<Arguments> teams =
        endpoints()
            .filter(e -> e.otherTeam() != null)
            .map(e -> Arguments.of(e, "other team", e.otherTeam(), 404));
    return Stream.concat(common, teams);
  }

  private static boolean registered;

  private static synchronized void aModelWithAVersion() {
    if (registered) {
      return;
    }
    registered = true;
    registerModel(TestTokens.pipeline("fraud"), model(MODEL, "fraud", "ada@acme.dev"))
        .statusCode(201);
    registerVersion(TestTokens.pipeline("fraud"), MODEL, manifest("1.0.0", null)).statusCode(201);
  }

  @ParameterizedTest(name = "{0}: {1} → {3}")
  @MethodSource("refusals")
  void isRefused(Endpoint endpoint, String caller, Supplier<String> tokens, int status) {
    aModelWithAVersion();
    String token = tokens.get();
    RequestSpecification request = given().contentType(ContentType.JSON);
    if (token != null) {
      request.auth().oauth2(token);
    }
    if (endpoint.body() != null) {
      request.body(endpoint.body());
    }
    var response =
        request
            .request(endpoint.method(), endpoint.path())
            .then()
            .statusCode(status)
            .contentType("application/problem+json");
    if (status == 404) {
      response.body("detail", containsString("is not registered"));
    }
  }
}
