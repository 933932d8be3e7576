package dev.preflight.checklist;

import static dev.preflight.checklist.Requests.checklist;
import static dev.preflight.checklist.Requests.manifest;
import static dev.preflight.checklist.Requests.model;
import static dev.preflight.checklist.Requests.registerModel;
import static dev.preflight.checklist.Requests.registerVersion;
import static dev.preflight.checklist.Requests.uniqueModelId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Phase;
import dev.preflight.devstack.TopicClient;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ChecklistTestResources
class VersionLifecycleTest {

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
  void registeringAVersionCreatesTheWholeChecklistAndPublishesItsEvents() {
    String id = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(id, "fraud", "ada@example.com"))
        .statusCode(201);

    registerVersion(TestTokens.pipeline("fraud"), id, manifest("1.0.0", null))
        .statusCode(201)
        .header("Location", endsWith("/api/v1/models/" + id + "/versions/1.0.0"))
        .body("phase", equalTo("after-training"))
        .body("firstVersion", equalTo(true))
        .body("checklist.phaseStatus", equalTo("in-progress"))
        .body("checklist.blocking", hasItem(ItemIds.CREATOR_LOGGED));

    checklist(TestTokens.engineer("fraud"), id, "1.0.0")
        .statusCode(200)
        .body("modelName", equalTo("Fraud detector"))
        .body("phases", hasSize(4))
        .body("phases.items.flatten()", hasSize(22))
        .body("phases[0].items.find { it.itemId == 'creator-logged' }.state", equalTo("pending"))
        .body(
            "phases[0].items.find { it.itemId == 'io-contract-compatible' }.state",
            equalTo("not-applicable"))
        .body(
            "phases[2].items.find { it.itemId == 'prod-traffic-rerouted' }.state",
            equalTo("not-applicable"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<RawEvent> events = eventsOf(id);
              assertThat(events)
                  .extracting(RawEvent::ceType)
                  .containsSubsequence(
                      EventType.MODEL_REGISTERED.ceType(),
                      EventType.VERSION_REGISTERED.ceType(),
                      EventType.PHASE_ENTERED.ceType());
            });
    List<RawEvent> events = eventsOf(id);
    RawEvent registered = find(events, EventType.VERSION_REGISTERED);
    Event<VersionRegistered> versionRegistered =
        kafka.codec().decode(registered, EventType.VERSION_REGISTERED);
    assertThat(versionRegistered.data().model().owner().email()).contains("ada@example.com");
    assertThat(versionRegistered.data().manifest().features()).hasSize(2);
    assertThat(registered.subject()).contains("models/" + id + "/versions/1.0.0");
    Event<PhaseEntered> phaseEntered =
        kafka.codec().decode(find(events, EventType.PHASE_ENTERED), EventType.PHASE_ENTERED);
    assertThat(phaseEntered.data().phase()).isEqualTo(Phase.AFTER_TRAINING);
    assertThat(phaseEntered.data().items())
        .extracting(PhaseEntered.PhaseItem::itemId)
        .contains(ItemIds.CREATOR_LOGGED)
        .doesNotContain(ItemIds.IO_CONTRACT_COMPATIBLE);
    assertThat(phaseEntered.correlationId()).isEqualTo(versionRegistered.correlationId());
  }

  @Test
  void aNewVersionGetsTheNewVersionItems() {
    String id = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(id, "fraud", "ada@example.com"))
        .statusCode(201);
    registerVersion(TestTokens.pipeline("fraud"), id, manifest("1.0.0", null)).statusCode(201);

    registerVersion(TestTokens.pipeline("fraud"), id, manifest("1.1.0", "1.0.0"))
        .statusCode(201)
        .body("firstVersion", equalTo(false));

    checklist(TestTokens.engineer("fraud"), id, "1.1.0")
        .body(
            "phases[0].items.find { it.itemId == 'io-contract-compatible' }.state",
            equalTo("pending"))
        .body(
            "phases[2].items.find { it.itemId == 'prod-old-version-shutdown' }.state",
            equalTo("pending"));
  }

  @Test
  void versionRegistrationIsIdempotentAndConflictsAreRefused() {
    String id = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(id, "fraud", null)).statusCode(201);
    registerVersion(TestTokens.pipeline("fraud"), id, manifest("2.0.0", null)).statusCode(201);

    registerVersion(TestTokens.pipeline("fraud"), id, manifest("2.0.0", null))
        .statusCode(200)
        .body("version", equalTo("2.0.0"));
    registerVersion(
            TestTokens.pipeline("fraud"), id, manifest("2.0.0", null).replace("0.93", "0.95"))
        .statusCode(409)
        .contentType("application/problem+json");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                eventsOf(id).stream()
                    .anyMatch(e -> e.ceType().equals(EventType.PHASE_ENTERED.ceType())));
    assertThat(
            eventsOf(id).stream()
                .filter(e -> e.ceType().equals(EventType.VERSION_REGISTERED.ceType())))
        .hasSize(1);
  }

  @Test
  void badVersionRequestsAreRefusedClearly() {
    String id = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(id, "fraud", null)).statusCode(201);

    registerVersion(TestTokens.pipeline("fraud"), "no-such-model", manifest("1.0.0", null))
        .statusCode(404)
        .contentType("application/problem+json");
    registerVersion(
            TestTokens.pipeline("fraud"),
            id,
            manifest("1.0.0", null).replace(Requests.SHA_A, "abc"))
        .statusCode(400)
        .body("errors.field", hasItem("/artifacts/0/sha256"));
    registerVersion(TestTokens.pipeline("fraud"), id, manifest("1.0.0", "0.9.0"))
        .statusCode(404)
        .body("detail", containsString("0.9.0"));
    registerVersion(TestTokens.pipeline("recsys"), id, manifest("1.0.0", null)).statusCode(404);
    checklist(TestTokens.engineer("fraud"), id, "9.9.9").statusCode(404);
  }

  private static List<RawEvent> eventsOf(String modelId) {
    return kafka.events(Topics.LIFECYCLE).stream()
        .filter(e -> e.modelId().equals(modelId))
        .toList();
  }

  private static RawEvent find(List<RawEvent> events, EventType type) {
    return events.stream().filter(e -> e.ceType().equals(type.ceType())).findFirst().orElseThrow();
  }
}
