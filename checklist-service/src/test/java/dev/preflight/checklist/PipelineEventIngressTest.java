package dev.preflight.checklist;

import static dev.preflight.checklist.Requests.checklist;
import static dev.preflight.checklist.Requests.manifest;
import static dev.preflight.checklist.Requests.model;
import static dev.preflight.checklist.Requests.registerModel;
import static dev.preflight.checklist.Requests.uniqueModelId;
import static dev.preflight.checklist.TwoVersionLifecycleTest.attest;
import static dev.preflight.checklist.TwoVersionLifecycleTest.awaitPhase;
import static dev.preflight.checklist.TwoVersionLifecycleTest.awaitState;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.checklist.PipelineIngress.Http.Mode;
import dev.preflight.checklist.PipelineIngress.Outcome;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Phase;
import dev.preflight.devstack.TopicClient;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pipelines that speak CloudEvents: the two-version lifecycle driven through each ingress reaches
 * the same checklist state as through REST, and every rejected event is answered, reported on the
 * lifecycle topic and applies nothing.
 */
@QuarkusTest
@ChecklistTestResources
class PipelineEventIngressTest {

  private static final List<String> AFTER_TRAINING = TwoVersionLifecycleTest.AFTER_TRAINING;
  private static final List<String> TEST = TwoVersionLifecycleTest.TEST;
  private static final List<String> PROD = TwoVersionLifecycleTest.PROD;

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
  void everyIngressReachesTheStateTheRestCallsReach() {
    Map<String, Object> viaRest = lifecycle(new PipelineIngress.Rest());
    assertThat(lifecycle(new PipelineIngress.Http(Mode.BINARY))).isEqualTo(viaRest);
    assertThat(lifecycle(new PipelineIngress.Http(Mode.STRUCTURED))).isEqualTo(viaRest);
    assertThat(lifecycle(new PipelineIngress.Http(Mode.BATCH))).isEqualTo(viaRest);
    assertThat(lifecycle(new PipelineIngress.Kafka(kafka))).isEqualTo(viaRest);
  }

  @Test
  void kafkaEventsAreAuditedUnderTheirSource() {
    String model = registeredModel();
    PipelineIngress ingress = new PipelineIngress.Kafka(kafka);
    assertThat(ingress.submit(model, manifest("1.0.0", null)).status()).isEqualTo(201);

    assertThat(audit(model))
        .anySatisfy(
            entry -> {
              assertThat(entry.path("action").asText()).isEqualTo("version-registered");
              assertThat(entry.path("actor").asText()).isEqualTo(PipelineIngress.SOURCE + "kafka");
            });
    // the events the action caused carry the pipeline event's id as their correlation id
    RawEvent registered =
        lifecycleEvents(model).stream()
            .filter(e -> e.ceType().equals(EventType.VERSION_REGISTERED.ceType()))
            .findFirst()
            .orElseThrow();
    RawEvent accepted =
        lifecycleEvents(model).stream()
            .filter(e -> e.ceType().equals(EventType.PIPELINE_EVENT_ACCEPTED.ceType()))
            .findFirst()
            .orElseThrow();
    assertThat(registered.correlationId()).isEqualTo(accepted.correlationId());
  }

  @Test
  void theSameEventTwiceAppliesOnceAndAnswersTheSameEitherWay() {
    String model = registeredModel();
    String id = PipelineIngress.newId();
    String manifest = manifest("1.0.0", null);
    Outcome first =
        new PipelineIngress.Http(Mode.BINARY)
            .send(EventType.PIPELINE_VERSION_SUBMITTED, model, Optional.empty(), manifest, id);
    assertThat(first.status()).isEqualTo(201);
    // the same id from another source is another event: applied, and like the REST call with the
    // same manifest again, it changes nothing
    Outcome otherSource =
        new PipelineIngress.Kafka(kafka)
            .send(EventType.PIPELINE_VERSION_SUBMITTED, model, Optional.empty(), manifest, id);
    assertThat(otherSource.status()).isEqualTo(200);
    // the same event again (another mode of the binding): its recorded outcome
    Outcome again =
        new PipelineIngress.Http(Mode.STRUCTURED)
            .send(EventType.PIPELINE_VERSION_SUBMITTED, model, Optional.empty(), manifest, id);
    assertThat(again.status()).isEqualTo(201);
    assertThat(PipelineIngress.read(again.body()).path("version").asText()).isEqualTo("1.0.0");

    assertThat(
            lifecycleEvents(model).stream()
                .filter(e -> e.ceType().equals(EventType.VERSION_REGISTERED.ceType())))
        .hasSize(1);
    assertThat(
            audit(model).stream()
                .filter(e -> e.path("action").asText().equals("version-registered")))
        .hasSize(1);
    assertThat(
            outcomes(model, EventType.PIPELINE_EVENT_ACCEPTED).stream()
                .map(data -> data.path("replayed").asBoolean()))
        .containsExactlyInAnyOrder(false, false, true);
  }

  @Test
  void rejectedHttpEventsAreAnsweredReportedAndApplyNothing() {
    String model = registeredModel();
    PipelineIngress http = new PipelineIngress.Http(Mode.BINARY);

    // schema-invalid: the same field errors as the REST call
    Outcome invalid = http.submit(model, "{\"version\": \"1.0.0\", \"artifacts\": \"none\"}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(PipelineIngress.read(invalid.body()).path("errors").toString())
        .contains("/artifacts");

    // unknown model, and a model of another team, answer alike
    assertThat(http.submit("no-such-model", manifest("1.0.0", null)).status()).isEqualTo(404);
    Outcome otherTeam =
        new PipelineIngress.Http(Mode.BINARY, TestTokens.pipeline("recsys"))
            .submit(model, manifest("1.0.0", null));
    assertThat(otherTeam.status()).isEqualTo(404);
    assertThat(PipelineIngress.read(otherTeam.body()).path("detail").asText())
        .isEqualTo("model '" + model + "' is not registered");

    // the version attribute and the manifest disagree
    Outcome mismatch =
        http.send(
            EventType.PIPELINE_VERSION_SUBMITTED,
            model,
            Optional.of("9.9.9"),
            manifest("1.0.0", null),
            PipelineIngress.newId());
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.body()).contains("modelversion");

    // a deployment without the version attribute; an unknown type
    assertThat(
            http.send(
                    EventType.PIPELINE_DEPLOYMENT_REPORTED,
                    model,
                    Optional.empty(),
                    "{}",
                    PipelineIngress.newId())
                .status())
        .isEqualTo(400);
    assertThat(
            http.send(
                    EventType.VERSION_REGISTERED,
                    model,
                    Optional.of("1.0.0"),
                    "{}",
                    PipelineIngress.newId())
                .body())
        .contains("is not a pipeline event");

    // nothing was applied
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .get("/api/v1/models/{m}/versions", model)
        .then()
        .statusCode(200)
        .header("X-Total-Count", "0");

    // an id used again with other content is refused; the first event stands
    String id = PipelineIngress.newId();
    assertThat(
            http.send(
                    EventType.PIPELINE_VERSION_SUBMITTED,
                    model,
                    Optional.empty(),
                    manifest("1.0.0", null),
                    id)
                .status())
        .isEqualTo(201);
    Outcome reused =
        http.send(
            EventType.PIPELINE_VERSION_SUBMITTED,
            model,
            Optional.empty(),
            manifest("1.0.1", null),
            id);
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.problemType())
        .hasValueSatisfying(t -> assertThat(t).endsWith("duplicate-event-id"));
    checklist(TestTokens.engineer("fraud"), model, "1.0.1").statusCode(404);

    // each rejection was also published, with its reasons
    List<JsonNode> rejections = outcomes(model, EventType.PIPELINE_EVENT_REJECTED);
    assertThat(rejections).extracting(r -> r.path("status").asInt()).contains(400, 409);
    assertThat(rejections).allSatisfy(r -> assertThat(r.path("reasons").size()).isPositive());
  }

  @Test
  void onlyPipelinesWithAValidTokenMaySendEvents() {
    String model = registeredModel();
    String manifest = manifest("1.0.0", null);
    assertThat(
            PipelineIngress.Http.binary(
                    TestTokens.engineer("fraud"),
                    EventType.PIPELINE_VERSION_SUBMITTED,
                    model,
                    Optional.empty(),
                    manifest,
                    PipelineIngress.newId())
                .status())
        .isEqualTo(403);
    given()
        .contentType(ContentType.JSON)
        .header("ce-specversion", "1.0")
        .body(manifest)
        .post("/api/v1/events")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void aBatchAnswersEachEventInOrder() {
    String model = registeredModel();
    String body =
        "["
            + PipelineIngress.structured(
                EventType.PIPELINE_VERSION_SUBMITTED,
                model,
                Optional.empty(),
                manifest("1.0.0", null),
                PipelineIngress.newId())
            + ", {\"specversion\": \"1.0\", \"id\": \"x\"}, 42, "
            + PipelineIngress.structured(
                EventType.PIPELINE_DEPLOYMENT_REPORTED,
                model,
                Optional.of("1.0.0"),
                deployment(model, "test"),
                PipelineIngress.newId())
            + "]";
    JsonNode outcomes =
        PipelineIngress.read(
            given()
                .config(PipelineIngress.AS_IS)
                .auth()
                .oauth2(TestTokens.pipeline("fraud"))
                .contentType("application/cloudevents-batch+json")
                .body(body)
                .post("/api/v1/events")
                .then()
                .statusCode(207)
                .extract()
                .asString());
    assertThat(outcomes).hasSize(4);
    assertThat(outcomes.get(0).path("outcome").asText()).isEqualTo("accepted");
    assertThat(outcomes.get(0).path("status").asInt()).isEqualTo(201);
    assertThat(outcomes.get(1).path("outcome").asText()).isEqualTo("rejected");
    assertThat(outcomes.get(1).path("problem").path("status").asInt()).isEqualTo(400);
    assertThat(outcomes.get(2).path("status").asInt()).isEqualTo(400);
    // applied after the submission it follows: the version exists, its test gate is closed
    assertThat(outcomes.get(3).path("outcome").asText()).isEqualTo("rejected");
    assertThat(outcomes.get(3).path("problem").path("status").asInt()).isEqualTo(409);
    assertThat(outcomes.get(3).path("problem").path("type").asText()).endsWith("gate-closed");

    // not a CloudEvent at all, and a batch that is not an array
    given()
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/v1/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .config(PipelineIngress.AS_IS)
        .auth()
        .oauth2(TestTokens.pipeline("fraud"))
        .contentType("application/cloudevents-batch+json")
        .body("{}")
        .post("/api/v1/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void invalidKafkaRecordsAreDeadLetteredAndTheConsumerGoesOn() {
    String model = registeredModel();
    PipelineIngress.Kafka ingress = new PipelineIngress.Kafka(kafka);

    // random bytes without headers
    kafka.send(Topics.PIPELINE_EVENTS, model, new byte[] {0, 1, 2, (byte) 0xff});
    // a pipeline event whose data breaks the schema, and one for a model that does not exist
    Outcome invalid = ingress.submit(model, "{\"version\": 7}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.body()).contains("/version");
    Outcome unknown = ingress.submit("no-such-model", manifest("1.0.0", null));
    assertThat(unknown.status()).isEqualTo(404);

    // the consumer went on
    assertThat(ingress.submit(model, manifest("1.0.0", null)).status()).isEqualTo(201);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<ConsumerRecord<String, byte[]>> dead =
                  kafka.records(Topics.deadLetter(Topics.PIPELINE_EVENTS)).stream()
                      .filter(r -> model.equals(r.key()))
                      .toList();
              assertThat(dead).hasSize(2);
              assertThat(dead)
                  .allSatisfy(
                      r ->
                          assertThat(TopicClient.header(r, "dead-letter-reason"))
                              .hasValueSatisfying(
                                  reason -> assertThat(reason).contains("rejected")));
            });
    // the unknown model is a rejection, not a poison record
    assertThat(
            kafka.records(Topics.deadLetter(Topics.PIPELINE_EVENTS)).stream()
                .filter(r -> "no-such-model".equals(r.key())))
        .isEmpty();
  }

  /** Runs both versions through all phases with the pipeline's actions sent through the ingress. */
  private Map<String, Object> lifecycle(PipelineIngress ingress) {
    String model = registeredModel();

    // ---- 1.0.0
    expect(ingress.submit(model, manifest("1.0.0", null)), 201, ingress);
    passAll(model, "1.0.0", Phase.AFTER_TRAINING, AFTER_TRAINING);
    kafka.publish(Signals.coverage(model, "1.0.0", true, Signals.ALL_DETECTORS));
    awaitState(model, "1.0.0", ItemIds.MONITORING_IN_PLACE, "passed");
    Outcome closed = ingress.deploy(model, "1.0.0", deployment(model, "prod"));
    expect(closed, 409, ingress);
    assertThat(closed.problemType()).hasValueSatisfying(t -> assertThat(t).endsWith("gate-closed"));
    expect(ingress.deploy(model, "1.0.0", deployment(model, "test")), 201, ingress);
    expect(ingress.deploy(model, "1.0.0", deployment(model, "test")), 200, ingress);
    passAll(model, "1.0.0", Phase.TEST_DEPLOYMENT, TEST);
    expect(ingress.deploy(model, "1.0.0", deployment(model, "prod")), 201, ingress);
    passAll(model, "1.0.0", Phase.PROD_DEPLOYMENT, PROD);
    awaitPhase(model, "1.0.0", "in-production");

    // ---- 1.1.0 replaces it
    expect(ingress.submit(model, manifest("1.1.0", "1.0.0")), 201, ingress);
    passAll(model, "1.1.0", Phase.AFTER_TRAINING, AFTER_TRAINING);
    kafka.publish(Signals.coverage(model, "1.1.0", true, Signals.ALL_DETECTORS));
    awaitState(model, "1.1.0", ItemIds.MONITORING_IN_PLACE, "passed");
    attest(
            TestTokens.approver("fraud"),
            model,
            "1.1.0",
            ItemIds.IO_CONTRACT_COMPATIBLE,
            "{\"decision\": \"pass\", \"evidenceUrl\": \"https://tickets.acme.dev/ML-42\","
                + " \"comment\": \"checkout and billing read the new score field\"}")
        .statusCode(201);
    expect(ingress.deploy(model, "1.1.0", deployment(model, "test")), 201, ingress);
    passAll(model, "1.1.0", Phase.TEST_DEPLOYMENT, TEST);
    expect(ingress.deploy(model, "1.1.0", deployment(model, "prod")), 201, ingress);
    passAll(model, "1.1.0", Phase.PROD_DEPLOYMENT, PROD);
    passAll(
        model,
        "1.1.0",
        Phase.PROD_DEPLOYMENT,
        List.of(ItemIds.PROD_TRAFFIC_REROUTED, ItemIds.PROD_OLD_VERSION_SHUTDOWN));
    awaitPhase(model, "1.1.0", "in-production");

    // ---- 1.0.0 is retired
    expect(ingress.retire(model, "1.0.0", "replaced by 1.1.0"), 200, ingress);
    awaitPhase(model, "1.0.0", "retired");

    Map<String, Object> state = new LinkedHashMap<>();
    for (String version : List.of("1.0.0", "1.1.0")) {
      JsonNode checklist =
          PipelineIngress.read(
              checklist(TestTokens.engineer("fraud"), model, version)
                  .statusCode(200)
                  .extract()
                  .asString());
      state.put(version + " phase", checklist.path("phase").asText());
      for (JsonNode phase : checklist.path("phases")) {
        state.put(version + " " + phase.path("phase").asText(), phase.path("status").asText());
        for (JsonNode item : phase.path("items")) {
          state.put(version + " " + item.path("itemId").asText(), item.path("state").asText());
        }
      }
    }
    return state;
  }

  private static void passAll(String model, String version, Phase phase, List<String> items) {
    items.forEach(
        itemId ->
            kafka.publish(
                Signals.check(
                    model,
                    version,
                    phase,
                    itemId,
                    dev.preflight.contracts.model.CheckStatus.PASSED)));
    items.forEach(itemId -> awaitState(model, version, itemId, "passed"));
  }

  private static void expect(Outcome outcome, int status, PipelineIngress ingress) {
    assertThat(outcome.status()).as("%s: %s", ingress, outcome.body()).isEqualTo(status);
  }

  private static String registeredModel() {
    String model = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(model, "fraud", "ada@acme.dev"))
        .statusCode(201);
    return model;
  }

  static String deployment(String model, String environment) {
    return """
    {"environment": "%s", "endpointUrl": "http://%s-%s.models.svc:8080", "protocol": "oip-v2",
     "modelName": "%s", "infrastructure": {"cpu": "2", "memory": "4Gi"},
     "consumerUrl": "https://api.acme.dev/fraud", "trafficShare": 1.0}
    """
        .formatted(environment, model, environment, model);
  }

  private static List<RawEvent> lifecycleEvents(String model) {
    return kafka.events(Topics.LIFECYCLE).stream().filter(e -> e.modelId().equals(model)).toList();
  }

  private static List<JsonNode> outcomes(String model, EventType type) {
    return lifecycleEvents(model).stream()
        .filter(e -> e.ceType().equals(type.ceType()))
        .map(e -> PipelineIngress.read(new String(e.data(), StandardCharsets.UTF_8)))
        .toList();
  }

  private static List<JsonNode> audit(String model) {
    JsonNode entries =
        PipelineIngress.read(
            given()
                .auth()
                .oauth2(TestTokens.engineer("fraud"))
                .queryParam("modelId", model)
                .queryParam("limit", 1000)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    return java.util.stream.StreamSupport.stream(entries.spliterator(), false).toList();
  }
}
