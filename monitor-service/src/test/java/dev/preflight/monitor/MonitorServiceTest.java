package dev.preflight.monitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Json;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.CoverageUpdated;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.contracts.model.ModelRef;
import dev.preflight.contracts.model.Owner;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.devstack.TopicClient;
import dev.preflight.sample.SampleModelServer;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * monitor-service on a real broker: profiles from a reference dataset served over HTTP, posted
 * profiles, coverage, KServe events over HTTP, and drift signals. (Windows are 2 s here.)
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(StreamsStateResource.class)
class MonitorServiceTest {

  private static TopicClient kafka;
  private static SampleModelServer model;
  private final Random random = new Random(11);

  @BeforeAll
  static void connect() throws IOException {
    kafka = new TopicClient(KafkaResource.bootstrapServers());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    model = SampleModelServer.start(SampleModelServer.Settings.of(port, "fraud", "1.0.0"));
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
    model.close();
  }

  private static final List<VersionManifest.Feature> FEATURES =
      List.of(
          new VersionManifest.Feature("amount", "numeric"),
          new VersionManifest.Feature("distance_km", "numeric"),
          new VersionManifest.Feature("hour", "numeric"),
          new VersionManifest.Feature("country", "categorical"));

  private static VersionManifest manifest(Optional<VersionManifest.Dataset> reference) {
    return new VersionManifest(
        "1.0.0",
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        FEATURES,
        Optional.empty(),
        Optional.empty(),
        Map.of("accuracy", new VersionManifest.MetricTarget(0.874, 0.02)),
        Optional.empty(),
        reference,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static void register(String modelId, VersionManifest manifest) {
    kafka.publish(
        Event.of(
            EventType.VERSION_REGISTERED,
            URI.create("/preflight/checklist-service"),
            modelId,
            "1.0.0",
            "corr-" + modelId,
            new VersionRegistered(
                new ModelRef(
                    modelId, "Fraud detector", "fraud", new Owner("Ada", Optional.empty())),
                "1.0.0",
                manifest,
                true,
                "default",
                1)));
  }

  private static String uniqueModel() {
    return "fraud-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void theProfileIsBuiltFromTheReferenceDatasetAndCoverageIsPublished() {
    String modelId = uniqueModel();
    register(
        modelId,
        manifest(
            Optional.of(
                new VersionManifest.Dataset(
                    URI.create("http://127.0.0.1:" + model.port() + "/files/reference.csv"),
                    "csv",
                    Optional.empty()))));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.service())
                    .get("/api/v1/profiles/{m}/{v}", modelId, "1.0.0")
                    .then()
                    .statusCode(200)
                    .body("source", equalTo("dataset"))
                    .body("rows", equalTo(2000))
                    .body("features.amount.type", equalTo("numeric"))
                    .body("features.amount.binEdges", hasSize(9))
                    .body("features.country.type", equalTo("categorical"))
                    .body("thresholds.wasserstein", equalTo(0.1f))
                    .body("trainingMetrics.accuracy.value", equalTo(0.874f)));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<CoverageUpdated> coverage = coverage(modelId);
              assertThat(coverage).isNotEmpty();
              assertThat(coverage.get(coverage.size() - 1).profile()).isTrue();
              assertThat(coverage.get(coverage.size() - 1).detectors())
                  .contains(
                      "drift",
                      "accuracy",
                      "latency",
                      "throughput",
                      "errors",
                      "downtime",
                      "auth-failures",
                      "request-rate",
                      "out-of-distribution",
                      "payload-size");
            });
  }

  @Test
  void aVersionWithoutReferenceHasNoProfileUntilOneIsPut() {
    String modelId = uniqueModel();
    register(modelId, manifest(Optional.empty()));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.engineer("fraud"))
                    .get("/api/v1/profiles/{m}/{v}", modelId, "1.0.0")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    // registered (not "knows no version"), without a reference
                    .body("detail", org.hamcrest.Matchers.containsString("names no reference")));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(coverage(modelId)).anySatisfy(c -> assertThat(c.profile()).isFalse()));

    given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .contentType("application/json")
        .body(
            "{\"features\": {\"amount\": {\"type\": \"numeric\"}}, \"thresholds\":"
                + " {\"wassersteinn\": 0.2}}")
        .put("/api/v1/profiles/{m}/{v}", modelId, "1.0.0")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.message", hasItem(org.hamcrest.Matchers.containsString("give 'values'")));
    // A drift method the monitor does not have is refused, naming the ones it has, instead of
    // being judged by another silently.
    given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .contentType("application/json")
        .body(
            "{\"features\": {\"amount\": {\"type\": \"numeric\", \"values\": [1, 2, 3]},"
                + " \"country\": {\"type\": \"categorical\", \"frequencies\": {\"DE\": 3}}},"
                + " \"thresholds\": {\"features\": {\"amount\": {\"method\": \"kolmogorov\"},"
                + " \"country\": {\"method\": \"ks\"}}}}")
        .put("/api/v1/profiles/{m}/{v}", modelId, "1.0.0")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body(
            "errors.message",
            hasItem(
                "thresholds.features.amount.method: 'kolmogorov' is not a drift method: numeric"
                    + " features take wasserstein, ks; categorical ones jensen-shannon,"
                    + " chi-square"))
        .body(
            "errors.message",
            hasItem(
                "thresholds.features.country.method: 'ks' is for numeric features; this one is"
                    + " categorical: jensen-shannon, chi-square"));
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .contentType("application/json")
        .body(profileBody())
        .put("/api/v1/profiles/{m}/{v}", modelId, "1.0.0")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(TestTokens.pipeline("recsys"))
        .contentType("application/json")
        .body(profileBody())
        .put("/api/v1/profiles/{m}/{v}", modelId, "1.0.0")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .contentType("application/json")
        .body(profileBody())
        .put("/api/v1/profiles/{m}/{v}", modelId, "1.0.0")
        .then()
        .statusCode(200)
        .body("source", equalTo("posted"))
        .body("features.amount.count", equalTo(1000))
        .body("thresholds.wasserstein", equalTo(0.2f));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.engineer("fraud"))
                    .get("/api/v1/profiles/{m}/{v}", modelId, "1.0.0")
                    .then()
                    .statusCode(200)
                    .body("overrides.wasserstein", equalTo(0.2f)));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(coverage(modelId)).anySatisfy(c -> assertThat(c.profile()).isTrue()));
  }

  private String profileBody() {
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode amounts =
        body.putObject("features").putObject("amount").put("type", "numeric").putArray("values");
    for (int i = 0; i < 1000; i++) {
      amounts.add(50 + 10 * random.nextGaussian());
    }
    ObjectNode country =
        ((ObjectNode) body.get("features")).putObject("country").put("type", "categorical");
    country.putObject("frequencies").put("DE", 500).put("FR", 300).put("GB", 200);
    body.putObject("thresholds").put("wasserstein", 0.2);
    return body.toString();
  }

  @Test
  void aKServeRequestAndResponsePostedOverHttpBecomeOneRecord() {
    String modelId = uniqueModel();
    register(modelId, manifest(Optional.empty()));
    String id = UUID.randomUUID().toString();
    given()
        .contentType("application/json")
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-source", "http://fraud.models/")
        .header("ce-type", "org.kubeflow.serving.inference.request")
        .body("{}")
        .post("/api/v1/cloudevents")
        .then()
        .statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.service())
        .contentType("application/json")
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-source", "http://fraud.models/")
        .header("ce-type", "com.example.other")
        .body("{}")
        .post("/api/v1/cloudevents")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");

    given()
        .auth()
        .oauth2(TestTokens.service())
        .contentType("application/json")
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-source", "http://fraud.models/")
        .header("ce-type", "org.kubeflow.serving.inference.request")
        .header("ce-time", Instant.now().toString())
        .header("ce-inferenceservicename", modelId)
        .header("ce-namespace", "models")
        .header("ce-component", "predictor")
        .header("ce-endpoint", "default")
        .body(
            "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 4], \"datatype\": \"BYTES\","
                + " \"data\": [[12.5, 3.2, 14, \"DE\"]]}]}")
        .post("/api/v1/cloudevents")
        .then()
        .statusCode(202)
        .body("accepted", hasItem(id));
    given()
        .auth()
        .oauth2(TestTokens.service())
        .contentType("application/cloudevents+json")
        .body(
            "{\"specversion\": \"1.0\", \"id\": \""
                + id
                + "\", \"source\": \"http://fraud.models/\","
                + " \"type\": \"org.kubeflow.serving.inference.response\", \"time\": \""
                + Instant.now().plusMillis(40)
                + "\","
                + " \"inferenceservicename\": \""
                + modelId
                + "\", \"datacontenttype\": \"application/json\","
                + " \"data\": {\"model_name\": \""
                + modelId
                + "\", \"model_version\": \"1.0.0\", \"outputs\": [{\"name\": \"label\", \"shape\":"
                + " [1], \"datatype\": \"INT64\", \"data\": [0]}]}}")
        .post("/api/v1/cloudevents")
        .then()
        .statusCode(202);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.engineer("fraud"))
                    .get("/api/v1/versions/{m}/{v}", modelId, "1.0.0")
                    .then()
                    .statusCode(200)
                    .body("records", equalTo(1)));
  }

  @Test
  void shiftedTrafficFiresADriftSignalOnTheSignalsTopic() {
    String modelId = uniqueModel();
    register(modelId, manifest(Optional.empty()));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.pipeline("fraud"))
                    .contentType("application/json")
                    .body(profileBody())
                    .put("/api/v1/profiles/{m}/{v}", modelId, "1.0.0")
                    .then()
                    .statusCode(200));
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (int i = 0; i < 20; i++) {
                kafka.send(Topics.INFERENCE_LOGS, UUID.randomUUID().toString(), shifted(modelId));
              }
              assertThat(signals(modelId, "feature-drift"))
                  .anySatisfy(
                      s -> {
                        assertThat(s.path("feature").asText()).isEqualTo("amount");
                        // 1,000 reference values: not more than 1,000, so Kolmogorov–Smirnov
                        // decides.
                        assertThat(s.path("method").asText()).isEqualTo("ks");
                        assertThat(s.path("measured").asDouble()).isLessThan(0.05);
                      });
            });
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .get("/api/v1/status/{m}/{v}", modelId, "1.0.0")
        .then()
        .statusCode(200)
        .body("firing.check", hasItem("feature-drift"));
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .get("/api/v1/status/{m}/{v}/signals", modelId, "1.0.0")
        .then()
        .statusCode(200)
        .body("signals.status", hasItem("firing"));
    // For the console's charts: each window's latency, and each feature's drift per window.
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .get("/api/v1/status/{m}/{v}/windows", modelId, "1.0.0")
        .then()
        .statusCode(200)
        .body("windows[0].latency.count", greaterThan(0))
        // every record took 8.5 ms; HdrHistogram keeps 2 significant digits (JSON reads as a float)
        .body("windows[0].latency.p95Ms", allOf(greaterThan(8.4f), lessThan(8.6f)));
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .get("/api/v1/status/{m}/{v}/drift", modelId, "1.0.0")
        .then()
        .statusCode(200)
        .body("features.feature", hasItem("amount"))
        .body("features.find { it.feature == 'amount' }.method", equalTo("ks"))
        .body(
            "features.find { it.feature == 'amount' }.points.sampleSize", hasItem(greaterThan(0)));
    for (String path : List.of("", "/drift", "/windows")) {
      given()
          .auth()
          .oauth2(TestTokens.engineer("recsys"))
          .get("/api/v1/status/{m}/{v}" + path, modelId, "1.0.0")
          .then()
          .statusCode(404);
    }
  }

  /**
   * Found by a user: the in-production items passed at registration on detectors declared, and the
   * shutdown check counted an old version's records by their arrival. The monitor reports the first
   * evaluated window of a live version's traffic (coverage observed; a version not live reports
   * none), and the status gives the newest record by the event time it carries.
   */
  @Test
  void aLiveVersionsFirstWindowIsReportedObservedAndItsNewestRecordIsJudgedByEventTime() {
    String live = uniqueModel();
    String notLive = uniqueModel();
    register(live, manifest(Optional.empty()));
    register(notLive, manifest(Optional.empty()));
    kafka.publish(
        Event.of(
            EventType.VERSION_PROMOTED,
            URI.create("/preflight/checklist-service"),
            live,
            "1.0.0",
            "corr-" + live,
            new dev.preflight.contracts.events.VersionPromoted(
                live, "1.0.0", "fraud", "prod", Optional.empty())));
    Instant newest =
        Instant.now().minusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              for (String modelId : List.of(live, notLive)) {
                kafka.send(Topics.INFERENCE_LOGS, modelId, record(modelId, newest));
              }
              assertThat(coverage(live)).anySatisfy(c -> assertThat(c.observed()).isPresent());
            });
    CoverageUpdated observed =
        coverage(live).stream().filter(c -> c.observed().isPresent()).findFirst().orElseThrow();
    assertThat(observed.observed().get().records()).isPositive();
    assertThat(observed.observed().get().labelled()).isZero();
    assertThat(observed.detectors()).contains("latency", "errors", "downtime");

    // A record produced earlier, arriving now (after the cutover of a shutdown, say): counted, but
    // the newest record is still the one produced last.
    kafka.send(Topics.INFERENCE_LOGS, live, record(live, newest.minusSeconds(20)));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var status =
                  given()
                      .auth()
                      .oauth2(TestTokens.engineer("fraud"))
                      .get("/api/v1/status/{m}/{v}", live, "1.0.0")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              assertThat(status.getLong("records"))
                  .isGreaterThan(observed.observed().get().records());
              assertThat(
                      java.time.OffsetDateTime.parse(status.getString("latestRecordAt"))
                          .toInstant())
                  .isEqualTo(newest);
              // what the shutdown check reads
              String summarised =
                  given()
                      .auth()
                      .oauth2(TestTokens.service())
                      .get("/api/v1/versions/{m}/{v}", live, "1.0.0")
                      .then()
                      .statusCode(200)
                      .extract()
                      .path("latestRecordAt");
              assertThat(java.time.OffsetDateTime.parse(summarised).toInstant()).isEqualTo(newest);
            });
    assertThat(coverage(notLive)).noneSatisfy(c -> assertThat(c.observed()).isPresent());
  }

  private byte[] record(String modelId, Instant at) {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("modelId", modelId)
        .put("modelVersion", "1.0.0")
        .put("requestId", UUID.randomUUID().toString())
        .put("timestamp", at.toString())
        .put("latencyMs", 8.5)
        .put("status", 200)
        .put("clientId", "checkout")
        .put("auth", "ok")
        .put("payloadBytes", 210);
    json.putObject("features").put("amount", 40 + 10 * random.nextGaussian()).put("country", "DE");
    json.putObject("prediction").put("label", "ok").put("score", 0.1);
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] shifted(String modelId) {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("modelId", modelId)
        .put("modelVersion", "1.0.0")
        .put("requestId", UUID.randomUUID().toString())
        .put("timestamp", Instant.now().toString())
        .put("latencyMs", 8.5)
        .put("status", 200)
        .put("clientId", "checkout")
        .put("auth", "ok")
        .put("payloadBytes", 210);
    json.putObject("features").put("amount", 90 + 10 * random.nextGaussian()).put("country", "DE");
    json.putObject("prediction").put("label", "ok").put("score", 0.1);
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<CoverageUpdated> coverage(String modelId) {
    return kafka.events(Topics.SIGNALS).stream()
        .filter(
            e -> e.type().orElse(null) == EventType.COVERAGE_UPDATED && e.modelId().equals(modelId))
        .map(e -> kafka.codec().decode(e, EventType.COVERAGE_UPDATED, CoverageUpdated.class).data())
        .toList();
  }

  private static List<JsonNode> signals(String modelId, String check) throws IOException {
    List<JsonNode> found = new java.util.ArrayList<>();
    for (RawEvent e : kafka.events(Topics.SIGNALS)) {
      if (e.type().orElse(null) == EventType.SIGNAL_FIRING && e.modelId().equals(modelId)) {
        JsonNode data = Json.mapper().readTree(e.data());
        if (data.path("check").asText().equals(check)) {
          found.add(data);
        }
      }
    }
    return found;
  }
}
