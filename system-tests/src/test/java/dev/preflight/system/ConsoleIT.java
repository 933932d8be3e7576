package dev.preflight.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.preflight.devstack.PreflightService;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console in a real headless Chromium, against the packaged services, real Kafka, PostgreSQL
 * and the real Keycloak login page (issue 17): people sign in, read a version's checklist and its
 * evidence, and an approver attests an item, which opens the gate.
 */
class ConsoleIT {

  private static final PreflightSystem system = PreflightSystem.get();

  private static String console() {
    return system.url(PreflightService.CONSOLE).toString();
  }

  @Test
  void anEngineerReadsAFailedItemsEvidenceAndAnApproverAttestsItWhichOpensTheTestGate() {
    // An owner without a contact: creator-logged fails.
    String model = registeredVersion();
    ThinSliceIT.awaitItem(model, "1.0.0", "creator-logged", "failed");
    waiveTheRestOfAfterTraining(model, "1.0.0", "creator-logged");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(gate(model, "1.0.0", "test").getString("decision")).isEqualTo("deny"));

    try (Browser browser = Browser.open()) {
      // A link from an alert: the console sends the browser through the sign-in and back.
      browser.get(console() + "/models?q=" + model);
      browser.signIn("engineer", "engineer");
      assertThat(browser.driver.getCurrentUrl()).endsWith("/models?q=" + model);
      assertThat(browser.text("header.top .user")).isEqualTo("engineer");
      assertThat(browser.text("tr[data-model='" + model + "']"))
          .contains("1.0.0", "fraud", "Ada Lovelace", "deny");
      browser.screenshot("models");

      browser.find("tr[data-model='" + model + "'] th a").click();
      browser.find("article[data-item='creator-logged']");
      assertThat(browser.driver.getCurrentUrl()).endsWith("/models/" + model + "/versions/1.0.0");
      String item = browser.text("article[data-item='creator-logged']");
      assertThat(item).contains("failed").contains("no contact").contains("Ada Lovelace");
      assertThat(browser.text(".gate[data-target='test']")).contains("deny", "creator-logged");
      // Failures first within the phase.
      assertThat(
              browser
                  .find("section[data-phase='after-training'] article.item")
                  .getAttribute("data-state"))
          .isEqualTo("failed");
      // An engineer is not an approver: no attestation is offered.
      assertThat(browser.has("form.attest")).isFalse();
      browser.screenshot("version-engineer");

      browser.get(console() + "/logout");
      browser.find("h1");
    }

    try (Browser browser = Browser.open()) {
      String page = console() + "/models/" + model + "/versions/1.0.0";
      browser.get(page);
      browser.signIn("approver", "approver");
      browser.find("article[data-item='creator-logged'] form.attest");

      // A forged post from the signed-in approver's browser, without the form's CSRF token.
      Object forged =
          ((JavascriptExecutor) browser.driver)
              .executeAsyncScript(
                  "const done = arguments[arguments.length - 1];"
                      + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type':"
                      + " 'application/x-www-form-urlencoded'}, body:"
                      + " 'decision=pass&evidenceUrl=https%3A%2F%2Fevil.example&comment=forged'})"
                      + ".then(r => done(r.status)).catch(e => done(String(e)));",
                  page + "/items/creator-logged/attestation");
      assertThat(forged).isEqualTo(400L);
      assertThat(ThinSliceIT.checklist(model, "1.0.0").getString(stateOf("creator-logged")))
          .isEqualTo("failed");

      // Passing needs evidence: the checklist's error shows next to the field.
      browser.find("#comment-creator-logged").sendKeys("Owner reachable through the team channel");
      browser.find("article[data-item='creator-logged'] form.attest button").click();
      browser.find("#evidence-error-creator-logged");
      browser.screenshot("version-attest-error");

      browser
          .find("#evidence-creator-logged")
          .sendKeys("https://wiki.example.com/fraud/owners#ada");
      browser.find("article[data-item='creator-logged'] form.attest button").click();
      browser.await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".notice")));
      assertThat(browser.find("article[data-item='creator-logged']").getAttribute("data-state"))
          .isEqualTo("passed");
      assertThat(browser.text(".gate[data-target='test']")).contains("allow");
      browser.screenshot("version-approver");
    }
    JsonPath attested = ThinSliceIT.checklist(model, "1.0.0");
    assertThat(attested.getString(stateOf("creator-logged"))).isEqualTo("passed");
    assertThat(attested.getString(itemOf("creator-logged") + ".updatedBy")).isEqualTo("approver");
    assertThat(gate(model, "1.0.0", "test").getString("decision")).isEqualTo("allow");
  }

  @Test
  void anotherTeamsEngineerSeesNoneOfItsModelsAndADirectLinkIsNotFound() {
    String model = registeredVersion();

    try (Browser browser = Browser.open()) {
      browser.get(console() + "/models?q=" + model);
      browser.signIn("recsys-engineer", "recsys-engineer");
      assertThat(browser.text("main")).contains("No models match");
      assertThat(browser.has("tr[data-model='" + model + "']")).isFalse();

      browser.get(console() + "/models/" + model + "/versions/1.0.0");
      assertThat(browser.text("h1")).isEqualTo("Not found");
      assertThat(browser.text("main")).doesNotContain("Ada Lovelace");
      browser.screenshot("not-found");
    }
  }

  @Test
  void aStoppedServiceIsNamedOnThePageWhileTheRestRenders() throws Exception {
    String model = registeredVersion();

    try (Browser browser = Browser.open()) {
      browser.get(console() + "/models?q=" + model);
      browser.signIn("engineer", "engineer");
      browser.find("tr[data-model='" + model + "']");
      system.stop(PreflightService.NOTIFIER);
      try {
        browser.get(console() + "/models?q=" + model);
        assertThat(browser.text(".problem[data-service='notifier-service']"))
            .contains("notifier-service is unavailable");
        assertThat(browser.text("tr[data-model='" + model + "']"))
            .contains("1.0.0")
            .contains("unavailable");
        browser.screenshot("models-notifier-down");
      } finally {
        system.start(PreflightService.NOTIFIER);
      }
    }
  }

  /** A new model of team fraud whose owner has no contact, with version 1.0.0, as a pipeline. */
  private static String registeredVersion() {
    String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    String pipeline = system.token("pipeline");
    ThinSliceIT.registerModel(pipeline, model, "{\"name\": \"Ada Lovelace\"}");
    ThinSliceIT.registerVersion(pipeline, model, "1.0.0");
    return model;
  }

  /** Waives every required item of after-training that is not satisfied, but one. */
  private static void waiveTheRestOfAfterTraining(String model, String version, String keep) {
    // The probe's checks first settle: a running item would fail after the waiver.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                afterTraining(model, version).stream()
                    .noneMatch(
                        i -> Boolean.TRUE.equals(i.get("automated")) && open(i.get("state"))));
    for (Map<String, Object> item : afterTraining(model, version)) {
      if (!item.get("itemId").equals(keep)
          && Boolean.TRUE.equals(item.get("required"))
          && !List.of("passed", "waived", "not-applicable").contains(item.get("state"))) {
        given()
            .auth()
            .oauth2(system.token("approver"))
            .contentType(ContentType.JSON)
            .body("{\"decision\": \"waive\", \"comment\": \"not part of this test\"}")
            .post(
                system.url(PreflightService.CHECKLIST)
                    + "/api/v1/models/{m}/versions/{v}/items/{i}/attestations",
                model,
                version,
                item.get("itemId"))
            .then()
            .statusCode(201);
      }
    }
  }

  private static boolean open(Object state) {
    return "pending".equals(state) || "running".equals(state);
  }

  private static List<Map<String, Object>> afterTraining(String model, String version) {
    return ThinSliceIT.checklist(model, version)
        .getList("phases.find { it.phase == 'after-training' }.items");
  }

  private static String itemOf(String itemId) {
    return "phases.flatten().items.flatten().find { it.itemId == '" + itemId + "' }";
  }

  private static String stateOf(String itemId) {
    return itemOf(itemId) + ".state";
  }

  private static JsonPath gate(String model, String version, String target) {
    return given()
        .auth()
        .oauth2(system.token("engineer"))
        .queryParam("target", target)
        .get(
            system.url(PreflightService.CHECKLIST) + "/api/v1/models/{m}/versions/{v}/gate",
            model,
            version)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
