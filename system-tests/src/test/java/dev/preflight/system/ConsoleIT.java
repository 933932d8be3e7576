package dev.preflight.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.Topics;
import dev.preflight.devstack.PreflightService;
import dev.preflight.devstack.TopicClient;
import dev.preflight.sample.SampleModelServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium, against the packaged services, real Kafka, PostgreSQL
 * and the real Keycloak login page (issue 17): people sign in, read a version's checklist and its
 * evidence, and an approver attests an item, which opens the gate; an alert from a fault on a model
 * server comes onto the alerts board by itself and is acknowledged and silenced there.
 */
class ConsoleIT {

  private static final PreflightSystem system = PreflightSystem.get();
  private static SampleModelServer sampleModel;

  @BeforeAll
  static void startTheSampleModel() throws IOException {
    sampleModel =
        SampleModelServer.start(SampleModelServer.Settings.of(0, "fraud-detector", "1.0.0"));
  }

  @AfterAll
  static void stopTheSampleModel() {
    sampleModel.close();
  }

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

      // The fleet: the model's row with its failed item, which links to the item's card.
      browser.get(console() + "/fleet?q=" + model);
      String cell = "tr[data-model='" + model + "'] td[data-item='creator-logged']";
      assertThat(browser.find(cell).getAttribute("data-state")).isEqualTo("failed");
      assertThat(browser.find("tr[data-model='" + model + "']").getAttribute("data-failed"))
          .isNotEqualTo("0");
      browser.screenshot("fleet");
      browser.find(cell + " a").click();
      browser.await().until(ExpectedConditions.urlContains("#item-creator-logged"));
      assertThat(browser.driver.getCurrentUrl())
          .endsWith("/models/" + model + "/versions/1.0.0#item-creator-logged");

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
      // The readiness score over time, as the checklist recorded it after every change.
      assertThat(browser.text("#chart-readiness ul.legend")).contains("after-training");
      assertThat(browser.has("#chart-readiness svg circle")).isTrue();
      browser.screenshot("version-approver");
    }
    JsonPath attested = ThinSliceIT.checklist(model, "1.0.0");
    assertThat(attested.getString(stateOf("creator-logged"))).isEqualTo("passed");
    assertThat(attested.getString(itemOf("creator-logged") + ".updatedBy")).isEqualTo("approver");
    assertThat(gate(model, "1.0.0", "test").getString("decision")).isEqualTo("allow");
  }

  @Test
  void anotherTeamsEngineerSeesNoneOfItsModelsAlertsOrSilencesAndADirectLinkIsNotFound()
      throws Exception {
    String model = registeredVersion();
    String fingerprint =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> alertOf(model, "creator-logged").path("fingerprint").asText(),
                f -> !f.isEmpty());
    String silence =
        given()
            .auth()
            .oauth2(system.token("engineer"))
            .contentType(ContentType.JSON)
            .body(
                """
                {"matchers": ["model=\\"%s\\""], "endsAt": "%s", "comment": "Ada's silence"}
                """
                    .formatted(model, OffsetDateTime.now().plusHours(1)))
            .post(system.url(PreflightService.NOTIFIER) + "/api/v1/silences")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getString("id");

    try (Browser browser = Browser.open()) {
      browser.get(console() + "/models?q=" + model);
      browser.signIn("recsys-engineer", "recsys-engineer");
      assertThat(browser.text("main")).contains("No models match");
      assertThat(browser.has("tr[data-model='" + model + "']")).isFalse();

      browser.get(console() + "/models/" + model + "/versions/1.0.0");
      assertThat(browser.text("h1")).isEqualTo("Not found");
      assertThat(browser.text("main")).doesNotContain("Ada Lovelace");
      browser.screenshot("not-found");

      browser.get(console() + "/alerts?state=all");
      browser.find("#board");
      assertThat(browser.has("[data-fingerprint='" + fingerprint + "']")).isFalse();
      assertThat(browser.text("main")).doesNotContain(model);
      browser.get(console() + "/alerts/" + fingerprint);
      assertThat(browser.text("h1")).isEqualTo("Not found");
      browser.get(console() + "/silences");
      browser.find("h1");
      assertThat(browser.has("#silence-" + silence)).isFalse();
      assertThat(browser.text("main")).doesNotContain(model).doesNotContain("Ada's silence");
      browser.get(console() + "/silences/" + silence + "/edit");
      assertThat(browser.text("h1")).isEqualTo("Not found");
      browser.get(console() + "/fleet?q=" + model);
      assertThat(browser.has("tr[data-model='" + model + "']")).isFalse();
      browser.get(console() + "/models/" + model + "/versions/1.0.0/monitoring");
      assertThat(browser.text("h1")).isEqualTo("Not found");
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

  @Test
  void anAlertAppearsOnTheBoardWithoutAReloadAndAnEngineerAcknowledgesAndSilencesIt()
      throws Exception {
    // A version verified after training, whose test endpoint reports the wrong version.
    String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    String pipeline = system.token("pipeline");
    ThinSliceIT.registerModel(
        pipeline, model, "{\"name\": \"Ada Lovelace\", \"email\": \"ada@lovelace.dev\"}");
    given()
        .auth()
        .oauth2(pipeline)
        .contentType(ContentType.JSON)
        .body(ProbeSystemIT.manifest(sampleModel.url()))
        .post(system.url(PreflightService.CHECKLIST) + "/api/v1/models/{m}/versions", model)
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(pipeline)
        .queryParam("target", "test")
        .queryParam("wait", "PT90S")
        .get(
            system.url(PreflightService.CHECKLIST) + "/api/v1/models/{m}/versions/1.0.0/gate",
            model)
        .then()
        .statusCode(200)
        .body("decision", equalTo("allow"));
    sampleModel.faults().reportedVersion("0.9.0");

    try (Browser browser = Browser.open()) {
      browser.get(console() + "/alerts?team=fraud");
      browser.signIn("engineer", "engineer");
      browser.find("#board");
      // A reload would drop this mark: the alert must come in by the page's own refresh.
      JavascriptExecutor page = (JavascriptExecutor) browser.driver;
      page.executeScript("window.preflightMark = 'not reloaded';");

      // The fault on the model: test-version-matches fails, and the notifier fires an alert.
      ProbeSystemIT.deploy(pipeline, model, "test", sampleModel.url(), "");
      String fingerprint =
          await()
              .atMost(Duration.ofSeconds(90))
              .until(
                  () -> alertOf(model, "test-version-matches").path("fingerprint").asText(),
                  f -> !f.isEmpty());
      String card = "#alert-" + fingerprint;
      new WebDriverWait(browser.driver, Duration.ofSeconds(60))
          .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(card)));
      assertThat(page.executeScript("return window.preflightMark;")).isEqualTo("not reloaded");
      assertThat(browser.text(card)).contains("firing", model, "1.0.0");
      browser.screenshot("alerts-board");

      // Every alert links people to its page in the console, not to a REST API.
      JsonNode sent =
          ThinSliceIT.alertOf(
              ThinSliceIT.awaitWebhook("/hooks/fraud", model, "test-version-matches").json(),
              "test-version-matches");
      assertThat(sent.path("generatorURL").asText())
          .isEqualTo(console() + "/alerts/" + fingerprint);
      assertThat(sent.path("annotations").path("console").asText())
          .isEqualTo(console() + "/models/" + model + "/versions/1.0.0");

      // Acknowledge with a comment, from the board.
      browser.find("#ack-comment-" + fingerprint).sendKeys("Asking Ada for a contact");
      browser.find(card + " form.acknowledge button").click();
      browser.await().until(ExpectedConditions.urlContains("acknowledged="));
      assertThat(browser.text(card + " .acknowledged"))
          .contains("engineer", "Asking Ada for a contact");
      assertThat(browser.has(card + " form.acknowledge")).isFalse();
      JsonNode acknowledged = alertOf(model, "test-version-matches").path("acknowledged");
      assertThat(acknowledged.path("by").asText()).isEqualTo("engineer");
      assertThat(acknowledged.path("comment").asText()).isEqualTo("Asking Ada for a contact");

      // Silence it: the form comes filled with the alert's labels as matchers.
      browser.find(card + " .actions a.button").click();
      String matchers = browser.find("#matchers").getAttribute("value");
      assertThat(matchers).contains("model=\"" + model + "\"").doesNotContain("severity");
      browser.find("#duration").clear();
      browser.find("#duration").sendKeys("2h");
      browser.find("#comment").sendKeys("Owner contact on its way");
      browser.screenshot("silence-new");
      browser.find("form.silence button").click();
      browser.await().until(ExpectedConditions.urlContains("/silences?created="));
      String id = browser.driver.getCurrentUrl().replaceAll(".*created=([^#&]+).*", "$1");
      assertThat(browser.text("#silence-" + id))
          .contains("Owner contact on its way")
          .contains("engineer");
      assertThat(browser.text("#silence-" + id + " p.muted-alerts")).contains("1 firing alert");
      assertThat(browser.find("#silence-" + id + " ul.muted-alerts a").getAttribute("href"))
          .endsWith("/alerts/" + fingerprint);
      browser.screenshot("silences");

      JsonPath silence =
          given()
              .auth()
              .oauth2(system.token("engineer"))
              .get(system.url(PreflightService.NOTIFIER) + "/api/v1/silences/{id}", id)
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(silence.getString("state")).isEqualTo("active");
      assertThat(silence.getString("createdBy")).isEqualTo("engineer");
      assertThat(silence.getList("matchers", String.class)).contains("model=\"" + model + "\"");
      assertThat(
              Duration.between(
                  OffsetDateTime.parse(silence.getString("startsAt")),
                  OffsetDateTime.parse(silence.getString("endsAt"))))
          .isBetween(Duration.ofHours(2).minusMinutes(1), Duration.ofHours(2));
      assertThat(
              given()
                  .auth()
                  .oauth2(system.token("engineer"))
                  .get(system.url(PreflightService.NOTIFIER) + "/api/v1/silences/{id}/alerts", id)
                  .then()
                  .statusCode(200)
                  .extract()
                  .jsonPath()
                  .getList("fingerprint", String.class))
          .containsExactly(fingerprint);

      // The model server is mended; once the phase's first run is over (a re-run waits behind it),
      // the engineer re-runs the check from the version's page.
      sampleModel.faults().reportedVersion(null);
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  ThinSliceIT.checklist(model, "1.0.0")
                      .<Map<String, Object>>getList(
                          "phases.find { it.phase == 'test-deployment' }.items")
                      .stream()
                      .noneMatch(i -> open(i.get("state"))));
      browser.get(console() + "/models/" + model + "/versions/1.0.0");
      String item = "article[data-item='test-version-matches']";
      assertThat(browser.find(item).getAttribute("data-state")).isEqualTo("failed");
      browser.find(item + " form.rerun button").click();
      assertThat(browser.text(".notice")).contains("Re-running test-version-matches");
      // The page shows the new verdict by itself: the mended server's version matches.
      new WebDriverWait(browser.driver, Duration.ofSeconds(60))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(
              d -> "passed".equals(d.findElement(By.cssSelector(item)).getAttribute("data-state")));
      browser.screenshot("version-rerun");
    }
  }

  @Test
  void aVersionsPageShowsWhatChangedSinceItWasRenderedAndIsNotSentAgainWhileNothingChanges() {
    String model = registeredVersion();
    ThinSliceIT.awaitItem(model, "1.0.0", "creator-logged", "failed");
    String page = console() + "/models/" + model + "/versions/1.0.0";
    String item = "article[data-item='creator-logged']";

    try (Browser browser = Browser.open()) {
      browser.get(page);
      browser.signIn("engineer", "engineer");
      // While the page's updates cannot reach the console, the page is rendered afresh and the
      // item changes: an approver waives it.
      browser.blockRequests("*fragment=live*");
      browser.get(page);
      assertThat(browser.find(item).getAttribute("data-state")).isEqualTo("failed");
      browser
          .await()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.id("live-status"), "cannot be reached"));
      given()
          .auth()
          .oauth2(system.token("approver"))
          .contentType(ContentType.JSON)
          .body("{\"decision\": \"waive\", \"comment\": \"owner reachable by the team\"}")
          .post(
              system.url(PreflightService.CHECKLIST)
                  + "/api/v1/models/{m}/versions/{v}/items/creator-logged/attestations",
              model,
              "1.0.0")
          .then()
          .statusCode(201);
      browser.blockRequests();
      // The first update that gets through shows the waiver (the page's first read was once taken
      // for the baseline, and a change made before it was never shown).
      new WebDriverWait(browser.driver, Duration.ofSeconds(30))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(
              d -> "waived".equals(d.findElement(By.cssSelector(item)).getAttribute("data-state")));

      // Unchanged, the region is not rendered or sent again: 304 to the tag the page holds.
      Object again =
          ((JavascriptExecutor) browser.driver)
              .executeAsyncScript(
                  "const done = arguments[arguments.length - 1];"
                      + "fetch(arguments[0], {cache: 'no-store', headers: {'If-None-Match':"
                      + " '\"' + arguments[1] + '\"', 'X-Requested-With': 'JavaScript'}})"
                      + ".then(r => done(r.status)).catch(e => done(String(e)));",
                  page + "?fragment=live",
                  browser.find("#live").getAttribute("data-live-tag"));
      assertThat(again).isEqualTo(304L);
    }
  }

  @Test
  void whoRegisteredAVersionIsToldOfTheFourEyesRuleNextToTheForm() throws Exception {
    // The admin registers the version (as a pipeline would) and may attest by role, not by rule.
    String admin = system.tokens.password("admin", "admin");
    String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    ThinSliceIT.registerModel(admin, model, "{\"name\": \"Ada Lovelace\"}");
    ThinSliceIT.registerVersion(admin, model, "1.0.0");
    ThinSliceIT.awaitItem(model, "1.0.0", "creator-logged", "failed");

    try (Browser browser = Browser.open()) {
      browser.get(console() + "/models/" + model + "/versions/1.0.0");
      browser.signIn("admin", "admin");
      String form = "article[data-item='creator-logged'] form.attest";
      browser.find(form + " input[value='waive']").click();
      browser.find("#comment-creator-logged").sendKeys("Known owner");
      browser.find(form + " button").click();
      assertThat(browser.text(form + " .form-error"))
          .contains("four eyes")
          .contains("admin registered version 1.0.0");
      assertThat(browser.find("article[data-item='creator-logged']").getAttribute("data-state"))
          .isEqualTo("failed");
      browser.screenshot("version-four-eyes");
    }
    assertThat(ThinSliceIT.checklist(model, "1.0.0").getString(stateOf("creator-logged")))
        .isEqualTo("failed");
  }

  @Test
  void anExpiredSessionGoesBackThroughTheSignInAndLandsOnThePageItAskedFor() {
    String model = registeredVersion();

    try (Browser browser = Browser.open()) {
      browser.get(console() + "/models/" + model + "/versions/1.0.0");
      browser.signIn("engineer", "engineer");
      browser.find("#live");
      browser.clearCookies();
      // The page's own refresh says the session ended instead of pasting a sign-in page into it.
      browser
          .await()
          .until(
              ExpectedConditions.textToBe(
                  By.id("live-status"),
                  "Your session has ended: reload the page to sign in again."));
      browser.screenshot("session-ended");
      // A link followed now goes through the sign-in and lands on the page it points to.
      String alerts = console() + "/alerts?team=fraud&state=all";
      browser.get(alerts);
      browser.signIn("engineer", "engineer");
      assertThat(browser.driver.getCurrentUrl()).isEqualTo(alerts);
      assertThat(browser.text("h1")).isEqualTo("Alerts");
    }
  }

  @Test
  void aVersionsMonitoringPageShowsItsDetectorsChartsAndTheDriftThatFired() {
    String model = registeredVersion();
    driftingTraffic(model);

    try (Browser browser = Browser.open()) {
      browser.get(console() + "/models/" + model + "/versions/1.0.0");
      browser.signIn("engineer", "engineer");
      browser.find("a[href$='/monitoring']").click();
      browser.find("table.detectors");
      assertThat(browser.driver.getCurrentUrl())
          .endsWith("/models/" + model + "/versions/1.0.0/monitoring");
      // The detector that fired heads the table, with what it measured against what.
      assertThat(
              browser
                  .find(
                      "table.detectors tbody tr[data-check='feature-drift'][data-feature='amount']")
                  .getAttribute("data-status"))
          .isEqualTo("breach");
      assertThat(browser.text("table.detectors tbody tr")).contains("feature-drift", "amount");
      assertThat(browser.text("ul.firing-list")).contains("feature-drift", "amount");
      // Charts drawn on the server, each with its figures.
      for (String chart : List.of("throughput", "errors", "latency")) {
        assertThat(
                browser.has("#chart-" + chart + " svg polyline, #chart-" + chart + " svg circle"))
            .as(chart)
            .isTrue();
      }
      assertThat(browser.text("#chart-latency ul.legend")).contains("p50", "p95", "p99", "ms");
      assertThat(browser.has(".drift[data-feature='amount'] svg circle")).isTrue();
      assertThat(browser.text("table.signals")).contains("feature-drift", "firing");
      browser.screenshot("monitoring");
    }
  }

  /**
   * A reference profile for a version and production traffic whose {@code amount} drifted from it,
   * sent until the monitor fires feature-drift.
   */
  static void driftingTraffic(String model) {
    String monitor = system.url(PreflightService.MONITOR).toString();
    Random random = new Random(17);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(system.token("pipeline"))
                    .contentType(ContentType.JSON)
                    .body(MonitorSystemIT.referenceProfile(random))
                    .put(monitor + "/api/v1/profiles/{m}/1.0.0", model)
                    .then()
                    .statusCode(200));
    try (TopicClient kafka = new TopicClient(system.broker.bootstrapServers())) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                for (int i = 0; i < 15; i++) {
                  ObjectNode log = MonitorSystemIT.shiftedLog(model, random);
                  kafka.send(
                      Topics.INFERENCE_LOGS,
                      log.get("requestId").asText(),
                      log.toString().getBytes(StandardCharsets.UTF_8));
                }
                return given()
                    .auth()
                    .oauth2(system.token("engineer"))
                    .get(monitor + "/api/v1/status/{m}/1.0.0", model)
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("firing.check", String.class);
              },
              firing -> firing != null && firing.contains("feature-drift"));
    }
  }

  @Test
  void aVersionsInputsAndOutputsStandBesideThePreviousVersionsWithTheChangesMarked() {
    String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    String pipeline = system.token("pipeline");
    ThinSliceIT.registerModel(pipeline, model, "{\"name\": \"Ada Lovelace\"}");
    for (String[] version :
        List.of(
            new String[] {
              "1.0.0", "\"amount\": {\"type\": \"number\"}, \"hour\": {\"type\": \"integer\"}"
            },
            new String[] {
              "1.1.0", "\"amount\": {\"type\": \"number\"}, \"device\": {\"type\": \"string\"}"
            })) {
      given()
          .auth()
          .oauth2(pipeline)
          .contentType(ContentType.JSON)
          .body(
              """
              {"version": "%s", "features": [{"name": "amount", "type": "numeric"}],
               "inputSchema": {"type": "object", "properties": {%s}},
               "outputSchema": {"type": "object", "properties": {"score": {"type": "number"}}}}
              """
                  .formatted(version[0], version[1]))
          .post(system.url(PreflightService.CHECKLIST) + "/api/v1/models/{m}/versions", model)
          .then()
          .statusCode(201);
    }

    try (Browser browser = Browser.open()) {
      browser.get(console() + "/models/" + model + "/versions/1.1.0");
      browser.signIn("engineer", "engineer");
      assertThat(browser.text("#schema-title")).isEqualTo("Inputs and outputs beside 1.0.0");
      assertThat(browser.text("section.schema")).contains("2 fields differ from 1.0.0");
      assertThat(browser.find("tr[data-field='device']").getAttribute("data-change"))
          .isEqualTo("added");
      assertThat(browser.find("tr[data-field='hour']").getAttribute("data-change"))
          .isEqualTo("removed");
      assertThat(browser.find("tr[data-field='amount']").getAttribute("data-change"))
          .isEqualTo("same");
      browser.screenshot("version-schema");
    }
  }

  /** The notifier's alert about one check of a model, as team fraud's engineer reads it. */
  static JsonNode alertOf(String model, String check) throws IOException {
    String body =
        given()
            .auth()
            .oauth2(system.token("engineer"))
            .queryParam("modelId", model)
            .get(system.url(PreflightService.NOTIFIER) + "/api/v1/alerts")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    for (JsonNode alert : new ObjectMapper().readTree(body)) {
      if (alert.path("labels").path("check").asText().equals(check)) {
        return alert;
      }
    }
    return MissingNode.getInstance();
  }

  /** A new model of team fraud whose owner has no contact, with version 1.0.0, as a pipeline. */
  static String registeredVersion() {
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
