package dev.preflight.probe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Phase;
import dev.preflight.contracts.model.Resources;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.devstack.TopicClient;
import dev.preflight.sample.SampleModelServer;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every automated check against the sample model, triggered by real {@code phase.entered} events on
 * Kafka: it passes against the healthy model and fails — with evidence that names the cause —
 * against the fault aimed at it; an endpoint that is down is an {@code error}, not a failure.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NotifierStub.class)
@WithTestResource(ServicesStub.class)
class ProbeChecksTest {

  private static final List<String> AFTER_TRAINING =
      List.of(
          ItemIds.ASSETS_STORED,
          ItemIds.PARTICULARS_STORED,
          ItemIds.MONITORING_IN_PLACE,
          ItemIds.PRODUCTION_FORMAT,
          ItemIds.IO_CONTRACT_COMPATIBLE);
  private static final List<String> TEST =
      List.of(
          ItemIds.TEST_UPLOADED,
          ItemIds.TEST_VERSION_MATCHES,
          ItemIds.TEST_INFRA_MATCHES_PROD,
          ItemIds.TEST_METRICS_MATCH,
          ItemIds.TEST_LATENCY_OK);
  private static final List<String> PROD =
      List.of(
          ItemIds.PROD_UPLOADED,
          ItemIds.PROD_VERSION_MATCHES_TEST,
          ItemIds.PROD_AUTH_REQUIRED,
          ItemIds.PROD_REACHABLE,
          ItemIds.PROD_RETURNS_RESULTS,
          ItemIds.PROD_TRAFFIC_REROUTED,
          ItemIds.PROD_OLD_VERSION_SHUTDOWN);

  private static TopicClient kafka;
  private static PhaseRuns runs;
  private static SampleModelServer testServer;
  private static SampleModelServer prodServer;
  private static String closedEndpoint;
  private static String jwks;

  @BeforeAll
  static void start() throws Exception {
    kafka = new TopicClient(KafkaResource.bootstrapServers());
    runs = new PhaseRuns(kafka);
    String keycloak = ConfigProvider.getConfig().getValue("keycloak.url", String.class);
    jwks = keycloak + "/realms/quarkus/protocol/openid-connect/certs";
    testServer =
        SampleModelServer.start(
            SampleModelServer.Settings.of(0, "fraud-detector", "1.1.0")
                .withAuth(jwks, "https://server.example.com"));
    prodServer =
        SampleModelServer.start(
            SampleModelServer.Settings.of(0, "fraud-detector", "1.1.0")
                .withAuth(jwks, "https://server.example.com"));
    SampleModelServer gone =
        SampleModelServer.start(SampleModelServer.Settings.of(0, "fraud-detector", "1.0.0"));
    closedEndpoint = gone.url();
    gone.close();
  }

  @AfterAll
  static void stop() {
    kafka.close();
    testServer.close();
    prodServer.close();
  }

  @AfterEach
  void heal() {
    for (SampleModelServer server : List.of(testServer, prodServer)) {
      server
          .faults()
          .latencyMs(0)
          .errorRate(0)
          .reportedVersion(null)
          .modelReady(true)
          .authRequired(true)
          .invertPredictions(false);
    }
  }

  @Test
  void afterTrainingChecksPassForAHealthyVersion() {
    Map<String, CheckCompleted> results = run(afterTraining(model("fraud"), manifest()));
    assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(AFTER_TRAINING);
    results.forEach(
        (item, result) ->
            assertThat(result.status())
                .as("%s: %s", item, result.summary())
                .isEqualTo(CheckStatus.PASSED));
    assertThat(results.get(ItemIds.ASSETS_STORED).observations())
        .anySatisfy(o -> assertThat(o).contains("digest matches"));
  }

  @Test
  void afterTrainingChecksFailOnTheFaultsAimedAtThem() {
    VersionManifest healthy = manifest();
    VersionManifest broken =
        new VersionManifest(
            healthy.version(),
            healthy.description(),
            healthy.previousVersion(),
            List.of(
                new VersionManifest.Artifact(
                    "weights", healthy.artifacts().get(0).uri(), "0".repeat(64))),
            Optional.of(
                new VersionManifest.Packaging(
                    "zip", healthy.packaging().get().reference(), Optional.of("1".repeat(64)))),
            healthy.trainingData(),
            List.of(
                new VersionManifest.Feature("merchant", "categorical"),
                new VersionManifest.Feature("device", "categorical")),
            Optional.of(
                ProbeFixtures.json(
                    "{\"type\": \"object\", \"required\": [\"amount\", \"country\", \"merchant\"],"
                        + " \"properties\": {\"amount\": {\"type\": \"number\", \"minimum\": 10},"
                        + " \"country\": {\"type\": \"string\"}, \"merchant\": {\"type\":"
                        + " \"string\"}}}")),
            healthy.outputSchema(),
            healthy.trainingMetrics(),
            healthy.validationDataset(),
            healthy.referenceDataset(),
            Optional.empty(),
            healthy.infrastructure(),
            healthy.slos());

    Map<String, CheckCompleted> results = run(afterTraining(model("noprofile"), broken));

    assertFailed(results, ItemIds.ASSETS_STORED, "has SHA-256");
    assertFailed(results, ItemIds.ASSETS_STORED, "no dependency list");
    assertFailed(results, ItemIds.PRODUCTION_FORMAT, "declared 1111");
    assertFailed(results, ItemIds.PARTICULARS_STORED, "'device' is not in the input schema");
    assertFailed(results, ItemIds.MONITORING_IN_PLACE, "holds no profile");
    assertFailed(results, ItemIds.IO_CONTRACT_COMPATIBLE, "/merchant: is required now");
    assertFailed(results, ItemIds.IO_CONTRACT_COMPATIBLE, "/amount: the lower bound rose to 10.0");
  }

  @Test
  void testDeploymentChecksPassAgainstTheHealthyModel() {
    Map<String, CheckCompleted> results = run(testPhase(model("fraud"), manifest()));
    assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(TEST);
    results.forEach(
        (item, result) ->
            assertThat(result.status())
                .as("%s: %s", item, result.summary())
                .isEqualTo(CheckStatus.PASSED));
    CheckCompleted metrics = results.get(ItemIds.TEST_METRICS_MATCH);
    assertThat(metrics.measured().path("accuracy").asDouble()).isBetween(0.85, 0.90);
    assertThat(metrics.measured().path("roc_auc").asDouble()).isGreaterThan(0.9);
    CheckCompleted latency = results.get(ItemIds.TEST_LATENCY_OK);
    assertThat(latency.measured().path("p99Ms").asDouble()).isPositive();
    assertThat(latency.measured().path("requests").asInt()).isEqualTo(200);
  }

  @Test
  void testDeploymentChecksFailOnTheFaultsAimedAtThem() {
    testServer.faults().reportedVersion("1.0.9").invertPredictions(true).latencyMs(300);
    VersionManifest healthy = manifest();
    Deployment smaller =
        new Deployment(
            "test",
            URI.create(testServer.url()),
            "oip-v2",
            "fraud-detector",
            Optional.of(new Resources("1", "2Gi", Optional.empty())),
            Optional.empty(),
            Optional.empty());
    Map<String, CheckCompleted> results =
        run(
            ProbeFixtures.phase(
                model("fraud"),
                Phase.TEST_DEPLOYMENT,
                healthy,
                TEST,
                Optional.of(smaller),
                Optional.empty(),
                Optional.empty()));

    assertFailed(results, ItemIds.TEST_VERSION_MATCHES, "1.0.9");
    assertFailed(
        results, ItemIds.TEST_INFRA_MATCHES_PROD, "cpu in test is 1, production declares 2");
    assertFailed(results, ItemIds.TEST_METRICS_MATCH, "accuracy");
    assertFailed(results, ItemIds.TEST_LATENCY_OK, "p95 latency");
    assertThat(results.get(ItemIds.TEST_UPLOADED).status()).isEqualTo(CheckStatus.PASSED);

    testServer.faults().latencyMs(0).modelReady(false);
    assertFailed(
        run(testPhase(model("fraud"), healthy)), ItemIds.TEST_UPLOADED, "modelReady answered 503");
  }

  /**
   * A run far longer than SmallRye's 60 s limit on unacknowledged records (found by the fault
   * suite: the channel died with TooManyMessagesWithoutAckException and probe-service verified
   * nothing more until restarted). Here a test endpoint answers every request in 1.5 s, so the
   * latency check's 220 requests at concurrency 4 take more than 80 s; {@code
   * -Dpreflight.test.slow-endpoint-latency} makes it longer (PT5S: about five minutes, the check
   * timing out and re-run). Meanwhile other versions are verified, probe-service stays live and
   * ready, and the slow run's quick verdicts are published before its slow one.
   */
  @Test
  void aRunLongerThanTheCommitLimitLeavesTheChannelUpAndOtherRunsFlowing() throws Exception {
    Duration latency =
        Duration.parse(System.getProperty("preflight.test.slow-endpoint-latency", "PT1.5S"));
    try (SampleModelServer slow =
        SampleModelServer.start(
            SampleModelServer.Settings.of(0, "fraud-detector", "1.1.0")
                .withAuth(jwks, "https://server.example.com"))) {
      slow.faults().latencyMs(latency.toMillis());
      String slowModel = model("slow");
      Event<PhaseEntered> trigger =
          trigger(
              ProbeFixtures.phase(
                  slowModel,
                  Phase.TEST_DEPLOYMENT,
                  manifest(),
                  List.of(
                      ItemIds.TEST_UPLOADED, ItemIds.TEST_VERSION_MATCHES, ItemIds.TEST_LATENCY_OK),
                  Optional.of(ProbeFixtures.test(slow.url())),
                  Optional.empty(),
                  Optional.empty()));
      long started = System.nanoTime();
      kafka.publish(trigger);

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> completedItems(slowModel).contains(ItemIds.TEST_UPLOADED));
      assertThat(completedItems(slowModel)).doesNotContain(ItemIds.TEST_LATENCY_OK);
      assertThat(typesOf(slowModel)).startsWith(EventType.PROBE_RUN_STARTED.ceType());
      int others = 0;
      while (Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(70)) < 0) {
        Map<String, CheckCompleted> other =
            run(
                ProbeFixtures.phase(
                    model("other"),
                    Phase.AFTER_TRAINING,
                    manifest(),
                    List.of(ItemIds.CREATOR_LOGGED, ItemIds.PARTICULARS_STORED),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()));
        assertThat(other).containsOnlyKeys(ItemIds.CREATOR_LOGGED, ItemIds.PARTICULARS_STORED);
        others++;
        assertHealthy();
      }
      assertThat(completedItems(slowModel))
          .as("the slow run must still be going past the 60 s limit, or this test shows nothing")
          .doesNotContain(ItemIds.TEST_LATENCY_OK);

      Map<String, CheckCompleted> results =
          awaitRun(slowModel, Event.derivedId(trigger.id(), "run"), Duration.ofMinutes(12));
      assertThat(results.get(ItemIds.TEST_LATENCY_OK).status())
          .isIn(CheckStatus.FAILED, CheckStatus.ERROR);
      assertThat(results.get(ItemIds.TEST_UPLOADED).status()).isEqualTo(CheckStatus.PASSED);
      assertHealthy();
      System.out.printf(
          "slow run took %d s; %d other runs completed meanwhile%n",
          Duration.ofNanos(System.nanoTime() - started).toSeconds(), others);
    }
  }

  private static void assertHealthy() {
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/health/ready").then().statusCode(200);
  }

  private static List<String> typesOf(String modelId) {
    return kafka.events(Topics.PROBE_RESULTS).stream()
        .filter(e -> e.modelId().equals(modelId))
        .map(RawEvent::ceType)
        .toList();
  }

  private static List<String> completedItems(String modelId) {
    return kafka.events(Topics.PROBE_RESULTS).stream()
        .filter(
            e ->
                e.modelId().equals(modelId)
                    && e.ceType().equals(EventType.CHECK_COMPLETED.ceType()))
        .map(
            e -> kafka.codec().<CheckCompleted>decode(e, EventType.CHECK_COMPLETED).data().itemId())
        .toList();
  }

  @Test
  void anEndpointThatIsDownIsAnErrorNotAFailure() {
    Deployment down = ProbeFixtures.test(closedEndpoint);
    Map<String, CheckCompleted> results =
        run(
            ProbeFixtures.phase(
                model("fraud"),
                Phase.TEST_DEPLOYMENT,
                manifest(),
                List.of(ItemIds.TEST_UPLOADED, ItemIds.TEST_VERSION_MATCHES),
                Optional.of(down),
                Optional.empty(),
                Optional.empty()));
    for (CheckCompleted result : results.values()) {
      assertThat(result.status()).as(result.itemId()).isEqualTo(CheckStatus.ERROR);
      assertThat(result.summary()).contains("does not answer");
    }
  }

  @Test
  void productionChecksPassAgainstTheHealthyModel() {
    Map<String, CheckCompleted> results =
        run(prodPhase(model("fraud"), manifest(), prodServer.url(), 1.0));
    assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(PROD);
    results.forEach(
        (item, result) ->
            assertThat(result.status())
                .as("%s: %s", item, result.summary())
                .isEqualTo(CheckStatus.PASSED));
    assertThat(results.get(ItemIds.PROD_AUTH_REQUIRED).measured().path("forgedToken").asInt())
        .isEqualTo(401);
    assertThat(results.get(ItemIds.PROD_TRAFFIC_REROUTED).measured().path("share").asDouble())
        .isEqualTo(1.0);
  }

  /**
   * Found by a user: after a clean cutover the check counted the old version's records produced
   * before the switch that reached the monitor late (401 → 645) and failed. Shutdown is judged by
   * the event time the records carry: nothing produced after the cutover plus the grace.
   */
  @Test
  void theOldVersionsShutdownIsJudgedByWhenItsLogsWereProducedNotWhenTheyArrived() {
    Map<String, CheckCompleted> late = run(shutdownPhase(model("shutdown-late")));
    CheckCompleted lateLogs = late.get(ItemIds.PROD_OLD_VERSION_SHUTDOWN);
    assertThat(lateLogs.status()).as(lateLogs.summary()).isEqualTo(CheckStatus.PASSED);
    assertThat(lateLogs.measured().path("logsArrivedWhileWatched").asLong()).isEqualTo(244);
    assertThat(lateLogs.observations())
        .anySatisfy(o -> assertThat(o).contains("was produced at 2020-01-01T00:00Z"));

    assertFailed(
        run(shutdownPhase(model("shutdown-serving"))),
        ItemIds.PROD_OLD_VERSION_SHUTDOWN,
        "an inference log of 1.0.0 was produced at 2099-01-01T00:00Z, after the cutover");
  }

  private PhaseEntered shutdownPhase(String modelId) {
    return ProbeFixtures.phase(
        modelId,
        Phase.PROD_DEPLOYMENT,
        manifest(),
        List.of(ItemIds.PROD_OLD_VERSION_SHUTDOWN),
        Optional.of(ProbeFixtures.prod(prodServer.url(), prodServer.url(), 1.0)),
        Optional.empty(),
        Optional.of(ProbeFixtures.test(testServer.url())));
  }

  @Test
  void productionChecksFailOnTheFaultsAimedAtThem() throws Exception {
    prodServer.faults().authRequired(false).reportedVersion("1.0.0");
    try (SampleModelServer canary =
            SampleModelServer.start(
                SampleModelServer.Settings.of(0, "fraud-detector", "1.0.0", "1.1.0")
                    .withSplit(Map.of("1.0.0", 0.5)));
        SampleModelServer oldStillUp =
            SampleModelServer.start(SampleModelServer.Settings.of(0, "fraud-detector", "1.0.0"))) {
      VersionManifest manifest = manifest();
      VersionManifest wrongOutputs =
          new VersionManifest(
              manifest.version(),
              manifest.description(),
              manifest.previousVersion(),
              manifest.artifacts(),
              manifest.packaging(),
              manifest.trainingData(),
              manifest.features(),
              manifest.inputSchema(),
              Optional.of(
                  ProbeFixtures.json("{\"type\": \"object\", \"required\": [\"probability\"]}")),
              manifest.trainingMetrics(),
              manifest.validationDataset(),
              manifest.referenceDataset(),
              Optional.empty(),
              manifest.infrastructure(),
              manifest.slos());
      Deployment prod = ProbeFixtures.prod(prodServer.url(), canary.url(), 1.0);
      Map<String, CheckCompleted> results =
          run(
              ProbeFixtures.phase(
                  model("fraud"),
                  Phase.PROD_DEPLOYMENT,
                  wrongOutputs,
                  PROD,
                  Optional.of(prod),
                  Optional.of(ProbeFixtures.test(oldStillUp.url())),
                  Optional.of(ProbeFixtures.test(testServer.url()))));

      assertFailed(
          results, ItemIds.PROD_AUTH_REQUIRED, "without a credential production answered 200");
      assertFailed(
          results,
          ItemIds.PROD_VERSION_MATCHES_TEST,
          "production answers as version 1.0.0, test as 1.1.0");
      assertFailed(results, ItemIds.PROD_RETURNS_RESULTS, "breaks the output schema");
      assertFailed(results, ItemIds.PROD_TRAFFIC_REROUTED, "declared 100.0%");
      assertFailed(results, ItemIds.PROD_OLD_VERSION_SHUTDOWN, "1.0.0 is still ready");
    }
    Deployment unresolvable =
        ProbeFixtures.prod(prodServer.url(), "http://no-such-host.invalid/v2", 1.0);
    assertFailed(
        run(
            ProbeFixtures.phase(
                model("fraud"),
                Phase.PROD_DEPLOYMENT,
                manifest(),
                List.of(ItemIds.PROD_REACHABLE),
                Optional.of(unresolvable),
                Optional.empty(),
                Optional.empty())),
        ItemIds.PROD_REACHABLE,
        "does not resolve");
  }

  @Test
  void aConsumerUrlWithACertificateNobodyTrustsFailsProdReachable() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("probe-tls");
    java.nio.file.Path keystore = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "30",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor()).isZero();
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    try (var in = java.nio.file.Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    javax.net.ssl.KeyManagerFactory keys =
        javax.net.ssl.KeyManagerFactory.getInstance(
            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    com.sun.net.httpserver.HttpsServer server =
        com.sun.net.httpserver.HttpsServer.create(
            new java.net.InetSocketAddress("127.0.0.1", 0), 10);
    server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      Deployment prod =
          ProbeFixtures.prod(
              prodServer.url(),
              "https://127.0.0.1:" + server.getAddress().getPort() + "/score",
              1.0);
      assertFailed(
          run(
              ProbeFixtures.phase(
                  model("fraud"),
                  Phase.PROD_DEPLOYMENT,
                  manifest(),
                  List.of(ItemIds.PROD_REACHABLE),
                  Optional.of(prod),
                  Optional.empty(),
                  Optional.empty())),
          ItemIds.PROD_REACHABLE,
          "TLS to 127.0.0.1 fails");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aPhaseIsRerunOnRequestForOneItem() {
    String model = model("fraud");
    run(testPhase(model, manifest()));
    String runId =
        given()
            .auth()
            .oauth2(TestTokens.engineer("fraud"))
            .contentType("application/json")
            .body(
                "{\"modelId\": \""
                    + model
                    + "\", \"version\": \"1.1.0\", \"phase\":"
                    + " \"test-deployment\", \"itemId\": \"test-uploaded\"}")
            .post("/api/v1/probe-runs")
            .then()
            .statusCode(202)
            .body("items", org.hamcrest.Matchers.contains(ItemIds.TEST_UPLOADED))
            .extract()
            .path("runId");
    Map<String, CheckCompleted> rerun = awaitRun(model, runId);
    assertThat(rerun.keySet()).containsExactly(ItemIds.TEST_UPLOADED);
    assertThat(rerun.get(ItemIds.TEST_UPLOADED).status()).isEqualTo(CheckStatus.PASSED);

    given()
        .auth()
        .oauth2(TestTokens.engineer("recsys"))
        .contentType("application/json")
        .body(
            "{\"modelId\": \""
                + model
                + "\", \"version\": \"1.1.0\", \"phase\": \"test-deployment\"}")
        .post("/api/v1/probe-runs")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .contentType("application/json")
        .body("{\"modelId\": \"" + model + "\", \"version\": \"1.1.0\", \"phase\": \"soon\"}")
        .post("/api/v1/probe-runs")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void versionsInProductionAreProbedOnAScheduleAndDowntimeIsSignalled() throws Exception {
    String model = model("fraud");
    SampleModelServer server =
        SampleModelServer.start(SampleModelServer.Settings.of(0, "fraud-detector", "1.1.0"));
    int port = server.port();
    Deployment prod = ProbeFixtures.prod(server.url(), server.url(), 1.0);
    kafka.publish(
        Event.of(
            EventType.PHASE_ENTERED,
            URI.create("/preflight/checklist-service"),
            model,
            "1.1.0",
            "c",
            ProbeFixtures.phase(
                model,
                Phase.PROD_DEPLOYMENT,
                manifest(),
                List.of(),
                Optional.of(prod),
                Optional.empty(),
                Optional.empty())));
    kafka.publish(
        Event.of(
            EventType.VERSION_PROMOTED,
            URI.create("/preflight/checklist-service"),
            model,
            "1.1.0",
            "c",
            new dev.preflight.contracts.events.VersionPromoted(
                model, "1.1.0", "fraud", "prod", Optional.empty())));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(syntheticTargets()).containsEntry(model + "/1.1.0", "up"));
    // the checklist learns that downtime is detected for the version now (monitor-errors)
    RawEvent probed = awaitSignal(model, EventType.SYNTHETIC_PROBED);
    var synthetic =
        kafka
            .codec()
            .<dev.preflight.contracts.events.SyntheticProbed>decode(
                probed, EventType.SYNTHETIC_PROBED)
            .data();
    assertThat(synthetic.up()).isTrue();
    assertThat(synthetic.endpointUrl()).isEqualTo(prod.endpointUrl());
    // another team does not see it
    assertThat(
            given()
                .auth()
                .oauth2(TestTokens.engineer("recsys"))
                .get("/api/v1/synthetic-probes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("")
                .keySet())
        .doesNotContain(model + "/1.1.0");

    server.close();
    RawEvent firing = awaitSignal(model, EventType.SIGNAL_FIRING);
    var fired =
        kafka
            .codec()
            .<dev.preflight.contracts.events.SignalFiring>decode(firing, EventType.SIGNAL_FIRING)
            .data();
    assertThat(fired.kind()).isEqualTo("downtime");
    assertThat(fired.summary()).contains("is down at");

    try (SampleModelServer back =
        SampleModelServer.start(SampleModelServer.Settings.of(port, "fraud-detector", "1.1.0"))) {
      RawEvent resolved = awaitSignal(model, EventType.SIGNAL_RESOLVED);
      assertThat(
              kafka
                  .codec()
                  .<dev.preflight.contracts.events.SignalResolved>decode(
                      resolved, EventType.SIGNAL_RESOLVED)
                  .data()
                  .signalId())
          .isEqualTo(fired.signalId());
      kafka.publish(
          Event.of(
              EventType.VERSION_RETIRED,
              URI.create("/preflight/checklist-service"),
              model,
              "1.1.0",
              "c",
              new dev.preflight.contracts.events.VersionRetired(
                  model, "1.1.0", "fraud", Optional.empty())));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(syntheticTargets()).doesNotContainKey(model + "/1.1.0"));
    }
  }

  /**
   * Found by a user: the stopped old version's synthetic probe fired a downtime alert ~49 s after a
   * clean cutover. Once its successor is promoted it is no longer probed, and its server stopping
   * fires nothing.
   */
  @Test
  void aVersionReplacedInProductionIsNoLongerProbed() throws Exception {
    String model = model("fraud");
    try (SampleModelServer old =
            SampleModelServer.start(SampleModelServer.Settings.of(0, "fraud-detector", "1.1.0"));
        SampleModelServer successor =
            SampleModelServer.start(SampleModelServer.Settings.of(0, "fraud-detector", "1.2.0"))) {
      for (var version : List.of(List.of("1.1.0", old.url()), List.of("1.2.0", successor.url()))) {
        Deployment prod = ProbeFixtures.prod(version.get(1), version.get(1), 1.0);
        PhaseEntered phase =
            ProbeFixtures.phase(
                model,
                Phase.PROD_DEPLOYMENT,
                manifest(),
                List.of(),
                Optional.of(prod),
                Optional.empty(),
                Optional.empty());
        kafka.publish(
            Event.of(
                EventType.PHASE_ENTERED,
                URI.create("/preflight/checklist-service"),
                model,
                version.get(0),
                "c",
                new PhaseEntered(
                    phase.model(),
                    version.get(0),
                    phase.phase(),
                    phase.manifest(),
                    phase.items(),
                    phase.deployment(),
                    phase.previousDeployment(),
                    phase.testDeployment())));
      }
      kafka.publish(promoted(model, "1.1.0", Optional.empty()));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(syntheticTargets()).containsEntry(model + "/1.1.0", "up"));
      kafka.publish(promoted(model, "1.2.0", Optional.of("1.1.0")));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(syntheticTargets())
                      .containsEntry(model + "/1.2.0", "up")
                      .doesNotContainKey(model + "/1.1.0"));
      old.close();
      // Three probe intervals and more without a firing signal: a probed version would be down.
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () ->
                  assertThat(kafka.events(Topics.SIGNALS))
                      .noneMatch(
                          e ->
                              e.modelId().equals(model)
                                  && e.ceType().equals(EventType.SIGNAL_FIRING.ceType())));
    }
  }

  private static Event<dev.preflight.contracts.events.VersionPromoted> promoted(
      String model, String version, Optional<String> replaces) {
    return Event.of(
        EventType.VERSION_PROMOTED,
        URI.create("/preflight/checklist-service"),
        model,
        version,
        "c",
        new dev.preflight.contracts.events.VersionPromoted(
            model, version, "fraud", "prod", replaces));
  }

  private static Map<String, Object> syntheticTargets() {
    return given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .get("/api/v1/synthetic-probes")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("");
  }

  private static RawEvent awaitSignal(String model, EventType type) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                kafka.events(Topics.SIGNALS).stream()
                    .filter(e -> e.modelId().equals(model) && e.ceType().equals(type.ceType()))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  // ---------------------------------------------------------------------------------------------

  private static VersionManifest manifest() {
    return ProbeFixtures.manifest(testServer.url());
  }

  private static String model(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static PhaseEntered afterTraining(String modelId, VersionManifest manifest) {
    return ProbeFixtures.phase(
        modelId,
        Phase.AFTER_TRAINING,
        manifest,
        AFTER_TRAINING,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static PhaseEntered testPhase(String modelId, VersionManifest manifest) {
    return ProbeFixtures.phase(
        modelId,
        Phase.TEST_DEPLOYMENT,
        manifest,
        TEST,
        Optional.of(ProbeFixtures.test(testServer.url())),
        Optional.empty(),
        Optional.empty());
  }

  private static PhaseEntered prodPhase(
      String modelId, VersionManifest manifest, String consumer, double share) {
    return ProbeFixtures.phase(
        modelId,
        Phase.PROD_DEPLOYMENT,
        manifest,
        PROD,
        Optional.of(ProbeFixtures.prod(prodServer.url(), consumer, share)),
        Optional.of(ProbeFixtures.test(closedEndpoint)),
        Optional.of(ProbeFixtures.test(testServer.url())));
  }

  private static void assertFailed(Map<String, CheckCompleted> results, String item, String cause) {
    CheckCompleted result = results.get(item);
    assertThat(result).as(item).isNotNull();
    assertThat(result.status()).as("%s: %s", item, result.summary()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.summary()).as(item).contains(cause);
  }

  /** Publishes the phase and collects the run's results by item. */
  static Map<String, CheckCompleted> run(PhaseEntered phase) {
    return runs.run(phase);
  }

  private static Event<PhaseEntered> trigger(PhaseEntered phase) {
    return PhaseRuns.trigger(phase);
  }

  static Map<String, CheckCompleted> awaitRun(String modelId, String runId) {
    return runs.awaitRun(modelId, runId, Duration.ofSeconds(90));
  }

  static Map<String, CheckCompleted> awaitRun(String modelId, String runId, Duration patience) {
    return runs.awaitRun(modelId, runId, patience);
  }
}
