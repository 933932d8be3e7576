package dev.preflight.checklist;

import static dev.preflight.checklist.Requests.checklist;
import static dev.preflight.checklist.Requests.manifest;
import static dev.preflight.checklist.Requests.model;
import static dev.preflight.checklist.Requests.registerModel;
import static dev.preflight.checklist.Requests.registerVersion;
import static dev.preflight.checklist.Requests.uniqueModelId;
import static dev.preflight.checklist.TwoVersionLifecycleTest.awaitState;
import static dev.preflight.checklist.TwoVersionLifecycleTest.item;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Phase;
import dev.preflight.devstack.TopicClient;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Duplicated and reordered events change nothing twice, and nothing backwards. */
@QuarkusTest
@ChecklistTestResources
class EventOrderingTest {

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
  void aResultOfAnOlderRunArrivingLateDoesNotOverwriteTheNewerOne() {
    String model = registered();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Event<CheckCompleted> newer =
        Signals.check(
            model, "1.0.0", Phase.AFTER_TRAINING, ItemIds.ASSETS_STORED, CheckStatus.FAILED, now);
    Event<CheckCompleted> older =
        Signals.check(
            model,
            "1.0.0",
            Phase.AFTER_TRAINING,
            ItemIds.ASSETS_STORED,
            CheckStatus.PASSED,
            now.minusMinutes(5));

    kafka.publish(newer);
    awaitState(model, "1.0.0", ItemIds.ASSETS_STORED, "failed");
    kafka.publish(older);
    // a marker published after the late result: once it is applied, the late one was too
    kafka.publish(
        Signals.check(
            model, "1.0.0", Phase.AFTER_TRAINING, ItemIds.CREATOR_LOGGED, CheckStatus.PASSED));
    awaitState(model, "1.0.0", ItemIds.CREATOR_LOGGED, "passed");

    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body(item(ItemIds.ASSETS_STORED, "state"), equalTo("failed"))
        .body(item(ItemIds.ASSETS_STORED, "history"), hasSize(1));
  }

  @Test
  void aDuplicatedEventIsAppliedOnce() {
    String model = registered();
    Event<CheckCompleted> check =
        Signals.check(
            model, "1.0.0", Phase.AFTER_TRAINING, ItemIds.PRODUCTION_FORMAT, CheckStatus.PASSED);

    kafka.publish(check);
    kafka.publish(check);
    kafka.publish(check);
    kafka.publish(
        Signals.check(
            model, "1.0.0", Phase.AFTER_TRAINING, ItemIds.CREATOR_LOGGED, CheckStatus.PASSED));
    awaitState(model, "1.0.0", ItemIds.CREATOR_LOGGED, "passed");

    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body(item(ItemIds.PRODUCTION_FORMAT, "history"), hasSize(1))
        .body("phases[0].scoreHistory", hasSize(2));
  }

  @Test
  void aResolutionArrivingBeforeItsFiringLeavesTheItemAsItWas() {
    String model = registered();
    OffsetDateTime window = OffsetDateTime.now(ZoneOffset.UTC);
    kafka.publish(Signals.coverage(model, "1.0.0", true, Signals.ALL_DETECTORS));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                checklist(TestTokens.engineer("fraud"), model, "1.0.0")
                    .body(item(ItemIds.MONITOR_PERFORMANCE, "state"), equalTo("pending"))
                    .body(
                        item(ItemIds.MONITOR_PERFORMANCE, "evidence.summary"),
                        containsString("waits for the version to be live")));

    kafka.publish(Signals.resolved(model, "1.0.0", "sig-late", "latency", window.plusMinutes(2)));
    kafka.publish(Signals.firing(model, "1.0.0", "sig-late", "latency", window));
    kafka.publish(
        Signals.check(
            model, "1.0.0", Phase.AFTER_TRAINING, ItemIds.CREATOR_LOGGED, CheckStatus.PASSED));
    awaitState(model, "1.0.0", ItemIds.CREATOR_LOGGED, "passed");

    checklist(TestTokens.engineer("fraud"), model, "1.0.0")
        .body(item(ItemIds.MONITOR_PERFORMANCE, "state"), equalTo("pending"));
  }

  private static String registered() {
    String model = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(model, "fraud", "ada@acme.dev"))
        .statusCode(201);
    registerVersion(TestTokens.pipeline("fraud"), model, manifest("1.0.0", null)).statusCode(201);
    return model;
  }
}
