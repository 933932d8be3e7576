package dev.preflight.checklist;

import static dev.preflight.checklist.Requests.checklist;
import static dev.preflight.checklist.Requests.manifest;
import static dev.preflight.checklist.Requests.model;
import static dev.preflight.checklist.Requests.registerModel;
import static dev.preflight.checklist.Requests.registerVersion;
import static dev.preflight.checklist.Requests.uniqueModelId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.events.VersionPromoted;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Phase;
import dev.preflight.devstack.TopicClient;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two versions of one model through all four phases, driven as pipelines, probes and the monitor
 * drive it: REST calls and real events on the topics.
 */
@QuarkusTest
@ChecklistTestResources
class TwoVersionLifecycleTest {

  /** The automated items of each phase but the monitoring ones, in template order. */
  static final List<String> AFTER_TRAINING =
      List.of(
          ItemIds.ASSETS_STORED,
          ItemIds.PARTICULARS_STORED,
          ItemIds.CREATOR_LOGGED,
          ItemIds.PRODUCTION_FORMAT);

  static final List<String> TEST =
      List.of(
          ItemIds.TEST_UPLOADED,
          ItemIds.TEST_VERSION_MATCHES,
          ItemIds.TEST_INFRA_MATCHES_PROD,
          ItemIds.TEST_METRICS_MATCH,
          ItemIds.TEST_LATENCY_OK);
  static final List<String> PROD =
      List.of(
          ItemIds.PROD_UPLOADED,
          ItemIds.PROD_VERSION_MATCHES_TEST,
          ItemIds.PROD_AUTH_REQUIRED,
          ItemIds.PROD_REACHABLE,
          ItemIds.PROD_RETURNS_RESULTS);

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
  void twoVersionsGoThroughAllFourPhases() throws Exception {
    String model = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(model, "fraud", "ada@acme.dev"))
        .statusCode(201);

    // ---- version 1.0.0: after training
    registerVersion(TestTokens.pipeline("fraud"), model, manifest("1.0.0", null)).statusCode(201);
    gate(model, "1.0.0", "test").body("decision", equalTo("pending"));
    // found by a user: a test deployment got 201 while the test gate said deny
    deploy(model, "1.0.0", "test")
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", containsString("gate-closed"))
        .body("title", equalTo("The test gate is closed"))
        .body("blocking.itemId", hasItem(ItemIds.MONITORING_IN_PLACE));
    passAll(model, "1.0.0", Phase.AFTER_TRAINING, AFTER_TRAINING);
    kafka.publish(Signals.coverage(model, "1.0.0", true, List.of()));
    awaitState(model, "1.0.0", ItemIds.MONITORING_IN_PLACE, "passed");
    gate(model, "1.0.0", "test").body("decision", equalTo("allow"));
    gate(model, "1.0.0", "prod")
        .body("decision", equalTo("pending"))
        .body("blocking.itemId", hasItems(ItemIds.TEST_UPLOADED, ItemIds.TEST_LATENCY_OK));
    // the same decisions in the checklist read, for a page that shows both
    given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .queryParam("gates", "test,prod")
        .get("/api/v1/models/{m}/versions/{v}/checklist", model, "1.0.0")
        .then()
        .statusCode(200)
        .body("phases.phase", hasItems("after-training"))
        .body("gates.target", contains("test", "prod"))
        .body("gates.decision", contains("allow", "pending"))
        .body("gates[1].blocking.itemId", hasItems(ItemIds.TEST_UPLOADED));
    given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .queryParam("gates", "test,nowhere")
        .get("/api/v1/models/{m}/versions/{v}/checklist", model, "1.0.0")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .get("/api/v1/models/{m}/versions/{v}/checklist", model, "1.0.0")
        .then()
        .statusCode(200)
        .body("$", not(hasKey("gates")));

    // the enforcing gate refuses production before test is verified
    deploy(model, "1.0.0", "prod")
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", containsString("gate-closed"))
        .body("blocking.itemId", hasItem(ItemIds.TEST_UPLOADED));

    // ---- test deployment: a failing latency check denies, a later run passes
    deploy(model, "1.0.0", "test").statusCode(201).body("phase", equalTo("test-deployment"));
    deploy(model, "1.0.0", "test").statusCode(200);
    PhaseEntered testPhase = phaseEntered(model, "1.0.0", Phase.TEST_DEPLOYMENT);
    assertThat(testPhase.deployment())
        .hasValueSatisfying(d -> assertThat(d.environment()).isEqualTo("test"));
    assertThat(testPhase.items())
        .extracting(PhaseEntered.PhaseItem::itemId)
        .containsExactlyElementsOf(TEST);
    passAll(model, "1.0.0", Phase.TEST_DEPLOYMENT, TEST.subList(0, 4));
    kafka.publish(
        Signals.check(
            model, "1.0.0", Phase.TEST_DEPLOYMENT, ItemIds.TEST_LATENCY_OK, CheckStatus.FAILED));
    awaitState(model, "1.0.0", ItemIds.TEST_LATENCY_OK, "failed");
    gate(model, "1.0.0", "prod").body("decision", equalTo("deny"));

    // a pipeline waiting on the gate is answered as soon as the decision turns
    kafka.publish(
        Signals.check(
            model, "1.0.0", Phase.TEST_DEPLOYMENT, ItemIds.TEST_LATENCY_OK, CheckStatus.ERROR));
    awaitState(model, "1.0.0", ItemIds.TEST_LATENCY_OK, "pending");
    CompletableFuture<JsonPath> waiting =
        CompletableFuture.supplyAsync(() -> gateWaiting(model, "1.0.0", "PT60S"));
    kafka.publish(
        Signals.check(
            model, "1.0.0", Phase.TEST_DEPLOYMENT, ItemIds.TEST_LATENCY_OK, CheckStatus.PASSED));
    assertThat(waiting.get(60, java.util.concurrent.TimeUnit.SECONDS).getString("decision"))
        .isEqualTo("allow");

    // ---- production: verified, then live. Found by a user: gate?target=prod answered allow while
    // prod-auth-required failed; target=live answers whether production is verified.
    deploy(model, "1.0.0", "prod").statusCode(201).body("phase", equalTo("prod-deployment"));
    gate(model, "1.0.0", "live")
        .body("decision", equalTo("pending"))
        .body("blocking.itemId", hasItem(ItemIds.PROD_AUTH_REQUIRED));
    CompletableFuture<JsonPath> waitingLive =
        CompletableFuture.supplyAsync(() -> gateWaiting(model, "1.0.0", "live", "PT60S"));
    kafka.publish(
        Signals.check(
            model, "1.0.0", Phase.PROD_DEPLOYMENT, ItemIds.PROD_AUTH_REQUIRED, CheckStatus.FAILED));
    // the long-poll answers as soon as the decision is final
    assertThat(waitingLive.get(60, java.util.concurrent.TimeUnit.SECONDS).getString("decision"))
        .isEqualTo("deny");
    gate(model, "1.0.0", "prod").body("decision", equalTo("allow"));
    passAll(model, "1.0.0", Phase.PROD_DEPLOYMENT, PROD);
    awaitPhase(model, "1.0.0", "in-production");
    gate(model, "1.0.0", "live").body("decision", equalTo("allow"));
    assertThat(promotion(model, "1.0.0").replaces()).isEmpty();
    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body(item(ItemIds.PROD_TRAFFIC_REROUTED, "state"), equalTo("not-applicable"))
        .body("phases[2].status", equalTo("complete"));

    // ---- while deployed: detectors declared are not coverage observed. The items pass once the
    // monitor evaluated a window of live traffic (and, for errors, the synthetic probe ran); a
    // signal fails one until it resolves
    kafka.publish(Signals.coverage(model, "1.0.0", true, Signals.ALL_DETECTORS));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                checklist(TestTokens.engineer("fraud"), model, "1.0.0")
                    .body(
                        item(ItemIds.MONITOR_SECURITY, "evidence.summary"),
                        containsString(
                            "waits for a window of its inference logs evaluated by the monitor")));
    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body(item(ItemIds.MONITOR_ACCURACY, "state"), equalTo("pending"))
        .body(item(ItemIds.MONITOR_PERFORMANCE, "state"), equalTo("pending"))
        .body(item(ItemIds.MONITOR_ERRORS, "state"), equalTo("pending"))
        .body(item(ItemIds.MONITOR_SECURITY, "state"), equalTo("pending"))
        .body("phases[3].status", equalTo("in-progress"));
    kafka.publish(Signals.observed(model, "1.0.0", 0));
    awaitState(model, "1.0.0", ItemIds.MONITOR_SECURITY, "passed");
    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body(item(ItemIds.MONITOR_PERFORMANCE, "state"), equalTo("passed"))
        .body(item(ItemIds.MONITOR_ACCURACY, "state"), equalTo("passed"))
        .body(
            item(ItemIds.MONITOR_ACCURACY, "evidence.summary"),
            containsString("accuracy: insufficient-data"))
        .body(item(ItemIds.MONITOR_ERRORS, "state"), equalTo("pending"))
        .body(
            item(ItemIds.MONITOR_ERRORS, "evidence.summary"),
            containsString("waits for a synthetic health probe of its production endpoint"));
    kafka.publish(Signals.syntheticProbed(model, "1.0.0"));
    awaitState(model, "1.0.0", ItemIds.MONITOR_ERRORS, "passed");
    kafka.publish(Signals.observed(model, "1.0.0", 120));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                checklist(TestTokens.engineer("fraud"), model, "1.0.0")
                    .body(
                        item(ItemIds.MONITOR_ACCURACY, "evidence.summary"),
                        containsString("accuracy evaluated on 120 labelled predictions")));
    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body("phases[3].status", equalTo("complete"));
    OffsetDateTime window = OffsetDateTime.now(ZoneOffset.UTC);
    kafka.publish(Signals.firing(model, "1.0.0", "sig-1", "latency", window));
    awaitState(model, "1.0.0", ItemIds.MONITOR_PERFORMANCE, "failed");
    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body(item(ItemIds.MONITOR_PERFORMANCE, "evidence.reference"), equalTo("sig-1"))
        .body(item(ItemIds.MONITOR_PERFORMANCE, "evidence.expected.threshold"), equalTo(250.0f));
    kafka.publish(Signals.resolved(model, "1.0.0", "sig-1", "latency", window.plusMinutes(3)));
    awaitState(model, "1.0.0", ItemIds.MONITOR_PERFORMANCE, "passed");

    // ---- version 1.1.0 replaces it: the new-version items apply
    registerVersion(TestTokens.pipeline("fraud"), model, manifest("1.1.0", "1.0.0"))
        .statusCode(201);
    checklist(TestTokens.engineer("fraud"), model, "1.1.0")
        .body(item(ItemIds.IO_CONTRACT_COMPATIBLE, "state"), equalTo("pending"))
        .body(item(ItemIds.PROD_OLD_VERSION_SHUTDOWN, "state"), equalTo("pending"));
    passAll(model, "1.1.0", Phase.AFTER_TRAINING, AFTER_TRAINING);
    kafka.publish(Signals.coverage(model, "1.1.0", true, Signals.ALL_DETECTORS));
    // found by a user: the in-production items passed at registration, "4 of 4 points" while the
    // version was still in after-training
    awaitState(model, "1.1.0", ItemIds.MONITORING_IN_PLACE, "passed");
    checklist(TestTokens.engineer("fraud"), model, "1.1.0")
        .body(item(ItemIds.MONITOR_ACCURACY, "state"), equalTo("pending"))
        .body(item(ItemIds.MONITOR_ERRORS, "state"), equalTo("pending"))
        .body(
            item(ItemIds.MONITOR_PERFORMANCE, "evidence.summary"),
            containsString("waits for the version to be live in production"));
    // the contract changed on purpose: an approver attests that consumers were changed
    attest(
            TestTokens.approver("fraud"),
            model,
            "1.1.0",
            ItemIds.IO_CONTRACT_COMPATIBLE,
            "{\"decision\": \"pass\", \"evidenceUrl\": \"https://tickets.acme.dev/ML-42\","
                + " \"comment\": \"checkout and billing read the new score field\"}")
        .statusCode(201)
        .body(item(ItemIds.IO_CONTRACT_COMPATIBLE, "state"), equalTo("passed"))
        .body(item(ItemIds.IO_CONTRACT_COMPATIBLE, "attested"), equalTo(true));
    deploy(model, "1.1.0", "test").statusCode(201);
    passAll(model, "1.1.0", Phase.TEST_DEPLOYMENT, TEST);
    deploy(model, "1.1.0", "prod").statusCode(201);
    PhaseEntered prodPhase = phaseEntered(model, "1.1.0", Phase.PROD_DEPLOYMENT);
    assertThat(prodPhase.previousDeployment()).isPresent();
    assertThat(prodPhase.testDeployment()).isPresent();
    passAll(model, "1.1.0", Phase.PROD_DEPLOYMENT, PROD);
    passAll(
        model,
        "1.1.0",
        Phase.PROD_DEPLOYMENT,
        List.of(ItemIds.PROD_TRAFFIC_REROUTED, ItemIds.PROD_OLD_VERSION_SHUTDOWN));
    awaitPhase(model, "1.1.0", "in-production");
    assertThat(promotion(model, "1.1.0").replaces()).contains("1.0.0");
    // the version it replaced stops counting as live: its items stand, signals no longer move them
    awaitPhase(model, "1.0.0", "replaced");
    gate(model, "1.0.0", "live").body("decision", equalTo("deny"));
    gate(model, "1.1.0", "live").body("decision", equalTo("allow"));
    OffsetDateTime after = OffsetDateTime.now(ZoneOffset.UTC);
    kafka.publish(Signals.firing(model, "1.0.0", "sig-old", "latency", after));
    // signals of one model are applied in order: once 1.1.0's is, 1.0.0's was
    kafka.publish(Signals.firing(model, "1.1.0", "sig-new", "latency", after));
    awaitState(model, "1.1.0", ItemIds.MONITOR_PERFORMANCE, "failed");
    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body(item(ItemIds.MONITOR_PERFORMANCE, "state"), equalTo("passed"));
    // a resolution is no observation: 1.1.0's monitor has evaluated none of its windows yet
    kafka.publish(Signals.resolved(model, "1.1.0", "sig-new", "latency", after.plusMinutes(3)));
    awaitState(model, "1.1.0", ItemIds.MONITOR_PERFORMANCE, "pending");

    // ---- found by a user: later versions needed previousVersion or their new-version items
    // failed oddly. Without one, the version in production is taken, and the response says so;
    // the same registration again is the same version.
    for (int status : List.of(201, 200)) {
      registerVersion(TestTokens.pipeline("fraud"), model, manifest("1.2.0", null))
          .statusCode(status)
          .body("manifest.previousVersion", equalTo("1.1.0"))
          .body("notes[0]", containsString("1.1.0 is the version that was in production"));
    }
    checklist(TestTokens.engineer("fraud"), model, "1.2.0")
        .body(item(ItemIds.IO_CONTRACT_COMPATIBLE, "state"), equalTo("pending"))
        .body(item(ItemIds.PROD_OLD_VERSION_SHUTDOWN, "state"), equalTo("pending"));

    // ---- the old version is retired
    given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .contentType(ContentType.JSON)
        .body("{\"reason\": \"replaced by 1.1.0\"}")
        .post("/api/v1/models/{m}/versions/1.0.0/retirement", model)
        .then()
        .statusCode(200)
        .body("phase", equalTo("retired"));
    gate(model, "1.0.0", "prod").body("decision", equalTo("deny"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                lifecycleEvents(model).stream()
                    .anyMatch(e -> e.ceType().equals(EventType.VERSION_RETIRED.ceType())));

    // ---- every change is in the audit log
    List<String> actions =
        given()
            .auth()
            .oauth2(TestTokens.engineer("fraud"))
            .queryParam("modelId", model)
            .queryParam("limit", 1000)
            .get("/api/v1/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("action");
    assertThat(actions)
        .contains(
            "model-registered",
            "version-registered",
            "phase-entered",
            "item-changed",
            "deployed",
            "phase-completed",
            "promoted",
            "retired")
        .startsWith("model-registered");
  }

  /**
   * Found by a user: 1.0.1's promotion said "live in production, replacing 1.0.0" (audit log and
   * notification) although 1.0.0 never left test. The replaced version is the one in production.
   */
  @Test
  void aPromotionReplacesTheVersionInProductionNotAPreviousOneThatNeverServed() {
    String model = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(model, "fraud", "ada@acme.dev"))
        .statusCode(201);
    registerVersion(TestTokens.pipeline("fraud"), model, manifest("1.0.0", null)).statusCode(201);
    passAll(model, "1.0.0", Phase.AFTER_TRAINING, AFTER_TRAINING);
    kafka.publish(Signals.coverage(model, "1.0.0", true, List.of()));
    awaitState(model, "1.0.0", ItemIds.MONITORING_IN_PLACE, "passed");
    deploy(model, "1.0.0", "test").statusCode(201);

    registerVersion(TestTokens.pipeline("fraud"), model, manifest("1.0.1", "1.0.0"))
        .statusCode(201);
    passAll(
        model,
        "1.0.1",
        Phase.AFTER_TRAINING,
        java.util.stream.Stream.concat(
                AFTER_TRAINING.stream(), java.util.stream.Stream.of(ItemIds.IO_CONTRACT_COMPATIBLE))
            .toList());
    kafka.publish(Signals.coverage(model, "1.0.1", true, Signals.ALL_DETECTORS));
    awaitState(model, "1.0.1", ItemIds.MONITORING_IN_PLACE, "passed");
    deploy(model, "1.0.1", "test").statusCode(201);
    passAll(model, "1.0.1", Phase.TEST_DEPLOYMENT, TEST);
    deploy(model, "1.0.1", "prod").statusCode(201);
    passAll(model, "1.0.1", Phase.PROD_DEPLOYMENT, PROD);
    passAll(
        model,
        "1.0.1",
        Phase.PROD_DEPLOYMENT,
        List.of(ItemIds.PROD_TRAFFIC_REROUTED, ItemIds.PROD_OLD_VERSION_SHUTDOWN));
    awaitPhase(model, "1.0.1", "in-production");

    assertThat(promotion(model, "1.0.1").replaces()).isEmpty();
  }

  @Test
  void theRegistrantMayNeitherAttestNorWaiveItsOwnVersionsItemsButAnotherApproverMay() {
    String model = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(model, "fraud", "ada@acme.dev"))
        .statusCode(201);
    registerVersion(TestTokens.pipeline("fraud"), model, manifest("1.0.0", null)).statusCode(201);
    String registrantAsApprover =
        TestTokens.token("pipeline-fraud", java.util.Set.of("approver"), java.util.Set.of("fraud"));

    attest(
            registrantAsApprover,
            model,
            "1.0.0",
            ItemIds.ASSETS_STORED,
            "{\"decision\": \"waive\", \"comment\": \"later\"}")
        .statusCode(403)
        .body("detail", containsString("four eyes"));
    // Passing is attesting too (found by a user: an admin who registered a version passed its
    // item and got 201): refused with the same problem, whatever the registrant's roles.
    String type =
        attest(
                registrantAsApprover,
                model,
                "1.0.0",
                ItemIds.CREATOR_LOGGED,
                "{\"decision\": \"pass\", \"evidenceUrl\": \"https://wiki.acme.dev/x\","
                    + " \"comment\": \"x\"}")
            .statusCode(403)
            .body("detail", containsString("four eyes"))
            .extract()
            .path("type");
    String byAdmin = uniqueModelId("fraud");
    registerModel(TestTokens.admin(), model(byAdmin, "fraud", "ada@acme.dev")).statusCode(201);
    registerVersion(TestTokens.admin(), byAdmin, manifest("1.0.0", null)).statusCode(201);
    attest(
            TestTokens.admin(),
            byAdmin,
            "1.0.0",
            ItemIds.CREATOR_LOGGED,
            "{\"decision\": \"pass\", \"evidenceUrl\": \"https://wiki.acme.dev/x\", \"comment\":"
                + " \"x\"}")
        .statusCode(403)
        .body("type", equalTo(type))
        .body("detail", containsString("four eyes"));
    attest(
            TestTokens.approver("fraud"),
            model,
            "1.0.0",
            ItemIds.ASSETS_STORED,
            "{\"decision\": \"waive\", \"comment\": \"assets live in the legacy store until Q1\"}")
        .statusCode(201)
        .body(item(ItemIds.ASSETS_STORED, "state"), equalTo("waived"))
        .body(item(ItemIds.ASSETS_STORED, "evidence.summary"), containsString("legacy store"));
    attest(
            TestTokens.approver("fraud"),
            model,
            "1.0.0",
            ItemIds.CREATOR_LOGGED,
            "{\"decision\": \"pass\", \"comment\": \"x\"}")
        .statusCode(400)
        .body("errors.field", hasItem("/evidenceUrl"));
    attest(
            TestTokens.engineer("fraud"),
            model,
            "1.0.0",
            ItemIds.CREATOR_LOGGED,
            "{\"decision\": \"waive\", \"comment\": \"x\"}")
        .statusCode(403);
    attest(
            TestTokens.approver("recsys"),
            model,
            "1.0.0",
            ItemIds.CREATOR_LOGGED,
            "{\"decision\": \"waive\", \"comment\": \"x\"}")
        .statusCode(404);
    attest(
            TestTokens.approver("fraud"),
            model,
            "1.0.0",
            ItemIds.IO_CONTRACT_COMPATIBLE,
            "{\"decision\": \"waive\", \"comment\": \"x\"}")
        .statusCode(409);
    // a probe result does not overturn a person's decision
    kafka.publish(
        Signals.check(
            model, "1.0.0", Phase.AFTER_TRAINING, ItemIds.ASSETS_STORED, CheckStatus.FAILED));
    kafka.publish(
        Signals.check(
            model, "1.0.0", Phase.AFTER_TRAINING, ItemIds.CREATOR_LOGGED, CheckStatus.FAILED));
    awaitState(model, "1.0.0", ItemIds.CREATOR_LOGGED, "failed");
    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body(item(ItemIds.ASSETS_STORED, "state"), equalTo("waived"));
  }

  static void passAll(String model, String version, Phase phase, List<String> items) {
    items.forEach(
        itemId -> kafka.publish(Signals.check(model, version, phase, itemId, CheckStatus.PASSED)));
    items.forEach(itemId -> awaitState(model, version, itemId, "passed"));
  }

  static void awaitState(String model, String version, String itemId, String state) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                checklist(TestTokens.engineer("fraud"), model, version)
                    .body(item(itemId, "state"), equalTo(state)));
  }

  static void awaitPhase(String model, String version, String phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                checklist(TestTokens.engineer("fraud"), model, version)
                    .body("phase", equalTo(phase)));
  }

  static String item(String itemId, String path) {
    return "phases.flatten().items.flatten().find { it.itemId == '" + itemId + "' }." + path;
  }

  static ValidatableResponse deploy(String model, String version, String environment) {
    return given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .contentType(ContentType.JSON)
        .body(
            """
            {"environment": "%s", "endpointUrl": "http://%s-%s.models.svc:8080", "protocol": "oip-v2",
             "modelName": "%s", "infrastructure": {"cpu": "2", "memory": "4Gi"},
             "consumerUrl": "https://api.acme.dev/fraud", "trafficShare": 1.0}
            """
                .formatted(environment, model, environment, model))
        .post("/api/v1/models/{m}/versions/{v}/deployments", model, version)
        .then();
  }

  static ValidatableResponse gate(String model, String version, String target) {
    return given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .queryParam("target", target)
        .get("/api/v1/models/{m}/versions/{v}/gate", model, version)
        .then()
        .statusCode(200);
  }

  static JsonPath gateWaiting(String model, String version, String wait) {
    return gateWaiting(model, version, "prod", wait);
  }

  static JsonPath gateWaiting(String model, String version, String target, String wait) {
    return given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .queryParam("target", target)
        .queryParam("wait", wait)
        .get("/api/v1/models/{m}/versions/{v}/gate", model, version)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  static ValidatableResponse attest(
      String token, String model, String version, String itemId, String body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/models/{m}/versions/{v}/items/{i}/attestations", model, version, itemId)
        .then();
  }

  private static List<RawEvent> lifecycleEvents(String model) {
    return kafka.events(Topics.LIFECYCLE).stream().filter(e -> e.modelId().equals(model)).toList();
  }

  private static PhaseEntered phaseEntered(String model, String version, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> phaseEvents(model, version).stream().anyMatch(p -> p.phase() == phase));
    return phaseEvents(model, version).stream()
        .filter(p -> p.phase() == phase)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private static List<PhaseEntered> phaseEvents(String model, String version) {
    return lifecycleEvents(model).stream()
        .filter(
            e ->
                e.ceType().equals(EventType.PHASE_ENTERED.ceType())
                    && e.modelVersion().orElse("").equals(version))
        .map(e -> kafka.codec().<PhaseEntered>decode(e, EventType.PHASE_ENTERED).data())
        .toList();
  }

  private static VersionPromoted promotion(String model, String version) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                lifecycleEvents(model).stream()
                    .anyMatch(
                        e ->
                            e.ceType().equals(EventType.VERSION_PROMOTED.ceType())
                                && e.modelVersion().orElse("").equals(version)));
    return lifecycleEvents(model).stream()
        .filter(
            e ->
                e.ceType().equals(EventType.VERSION_PROMOTED.ceType())
                    && e.modelVersion().orElse("").equals(version))
        .map(e -> kafka.codec().<VersionPromoted>decode(e, EventType.VERSION_PROMOTED).data())
        .findFirst()
        .orElseThrow();
  }
}
