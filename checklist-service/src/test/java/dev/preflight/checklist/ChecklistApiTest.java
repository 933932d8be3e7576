package dev.preflight.checklist;

import static dev.preflight.checklist.Requests.manifest;
import static dev.preflight.checklist.Requests.model;
import static dev.preflight.checklist.Requests.registerModel;
import static dev.preflight.checklist.Requests.registerVersion;
import static dev.preflight.checklist.Requests.uniqueModelId;
import static dev.preflight.checklist.TwoVersionLifecycleTest.awaitState;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Phase;
import dev.preflight.devstack.TopicClient;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ChecklistTestResources
class ChecklistApiTest {

  private static TopicClient kafka;

  @BeforeAll
  static void connect() {
    kafka = new TopicClient(KafkaResource.bootstrapServers());
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  @Test
  void theChecklistIsExportedAsTheMarkdownDocumentThatShipsWithTheModel() {
    String model = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(model, "fraud", "ada@acme.dev"))
        .statusCode(201);
    registerVersion(TestTokens.pipeline("fraud"), model, manifest("1.0.0", null)).statusCode(201);
    kafka.publish(
        Signals.check(
            model, "1.0.0", Phase.AFTER_TRAINING, ItemIds.ASSETS_STORED, CheckStatus.PASSED));
    awaitState(model, "1.0.0", ItemIds.ASSETS_STORED, "passed");

    String markdown =
        given()
            .auth()
            .oauth2(TestTokens.engineer("fraud"))
            .accept("text/markdown")
            .get("/api/v1/models/{m}/versions/1.0.0/checklist", model)
            .then()
            .statusCode(200)
            .contentType(containsString("text/markdown"))
            .header("Content-Disposition", containsString(model + "-1.0.0-checklist.md"))
            .extract()
            .asString();

    assertThat(markdown)
        .startsWith(
            "# ML Model Deployment Checklist\n\nMODEL NAME: Fraud detector </br>\nMODEL ID: "
                + model)
        .contains("MODEL VERSION: 1.0.0")
        .contains(
            "### 💻 AFTER MODEL TRAINING", "### 🔬 WHILE MODEL IS DEPLOYED TO `PROD` ENVIRONMENT")
        .contains("- [x] Model assets are stored in communal location")
        .contains("passed, verified by probe-service on ")
        .contains("- [ ] Model monitoring is in place\n  - pending: not verified yet")
        .contains("  #### For new model versions\n- [x] ~~New model version conforms");
  }

  @Test
  void inputAndOutputSchemasMustBeJsonSchemas() {
    String model = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(model, "fraud", null)).statusCode(201);

    registerVersion(
            TestTokens.pipeline("fraud"),
            model,
            """
            {"version": "1.0.0", "inputSchema": {"type": "objekt"},
             "outputSchema": {"type": "object", "required": "score"}}
            """)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("/inputSchema/type"))
        .body("errors.field", hasItem("/outputSchema/required"));
  }

  @Test
  void modelsAreFoundByPartOfTheirIdOrName() {
    String model = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(model, "fraud", null)).statusCode(201);
    String suffix = model.substring(model.lastIndexOf('-') + 1);

    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .queryParam("q", suffix.toUpperCase(java.util.Locale.ROOT))
        .get("/api/v1/models")
        .then()
        .statusCode(200)
        .header("X-Total-Count", "1")
        .body("modelId", equalTo(java.util.List.of(model)));
    // By name; the LIKE wildcards are taken literally.
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .queryParam("q", "fraud detector")
        .queryParam("size", 200)
        .get("/api/v1/models")
        .then()
        .statusCode(200)
        .body("modelId", hasItem(model));
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .queryParam("q", "%")
        .get("/api/v1/models")
        .then()
        .statusCode(200)
        .header("X-Total-Count", "0");
    // Another team's search finds nothing of this team.
    given()
        .auth()
        .oauth2(TestTokens.engineer("recsys"))
        .queryParam("q", suffix)
        .get("/api/v1/models")
        .then()
        .statusCode(200)
        .header("X-Total-Count", "0");
  }

  @Test
  void listsArePaginated() {
    String model = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(model, "fraud", null)).statusCode(201);
    for (String version : new String[] {"1.0.0", "1.1.0", "1.2.0"}) {
      registerVersion(TestTokens.pipeline("fraud"), model, manifest(version, null)).statusCode(201);
    }

    Response first =
        given()
            .auth()
            .oauth2(TestTokens.engineer("fraud"))
            .queryParam("size", 2)
            .get("/api/v1/models/{m}/versions", model);
    first
        .then()
        .statusCode(200)
        .header("X-Total-Count", "3")
        .body("version", equalTo(java.util.List.of("1.0.0", "1.1.0")));
    assertThat(first.getHeader("Link")).contains("rel=\"next\"").contains("page=1");

    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .queryParam("size", 2)
        .queryParam("page", 1)
        .get("/api/v1/models/{m}/versions", model)
        .then()
        .body("version", equalTo(java.util.List.of("1.2.0")));
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .queryParam("size", 5000)
        .get("/api/v1/models")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("size"));
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .queryParam("modelId", model)
        .queryParam("limit", 2)
        .get("/api/v1/audit")
        .then()
        .statusCode(200)
        .body("$", hasSize(2))
        .header("Link", containsString("after="));
  }
}
