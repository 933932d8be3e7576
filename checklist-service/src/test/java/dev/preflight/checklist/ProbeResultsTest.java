package dev.preflight.checklist;

import static dev.preflight.checklist.Requests.checklist;
import static dev.preflight.checklist.Requests.manifest;
import static dev.preflight.checklist.Requests.model;
import static dev.preflight.checklist.Requests.registerModel;
import static dev.preflight.checklist.Requests.registerVersion;
import static dev.preflight.checklist.Requests.uniqueModelId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.contracts.model.Phase;
import dev.preflight.devstack.TopicClient;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ChecklistTestResources
class ProbeResultsTest {

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
  void aCompletedCheckSetsTheItemWithItsEvidenceOnceEvenWhenRedelivered() {
    String id = registeredVersion();
    Event<CheckCompleted> check = check(id, CheckStatus.PASSED, "owner and contact present");

    kafka.publish(check);
    kafka.publish(check);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                checklist(TestTokens.engineer("fraud"), id, "1.0.0")
                    .body(item("state"), equalTo("passed"))
                    .body(item("evidence.summary"), equalTo("owner and contact present"))
                    .body(item("evidence.measured.ownerName"), equalTo("Ada Lovelace"))
                    .body(item("updatedBy"), equalTo("probe-service")));
    // the redelivery must not add a second change
    checklist(TestTokens.engineer("fraud"), id, "1.0.0")
        .body(item("history"), hasSize(1))
        .body(item("history[0].from"), equalTo("pending"))
        .body(item("history[0].to"), equalTo("passed"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                kafka.events(Topics.LIFECYCLE).stream()
                    .anyMatch(
                        e ->
                            e.modelId().equals(id)
                                && e.ceType().equals(EventType.ITEM_UPDATED.ceType())));
  }

  @Test
  void aFailedCheckFailsTheItemAndALaterPassReplacesIt() {
    String id = registeredVersion();

    kafka.publish(check(id, CheckStatus.FAILED, "no deliverable contact"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                checklist(TestTokens.engineer("fraud"), id, "1.0.0")
                    .body(item("state"), equalTo("failed")));

    kafka.publish(check(id, CheckStatus.PASSED, "owner and contact present"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                checklist(TestTokens.engineer("fraud"), id, "1.0.0")
                    .body(item("state"), equalTo("passed"))
                    .body(item("history"), hasSize(2)));
  }

  /**
   * Seen once in CI: a rebalance replayed a test phase whose verdicts were published, a replayed
   * check reached another verdict under load, and the gate a pipeline had passed closed (409 on its
   * production deployment). A run's verdict stands against its own replay; a run's error may be
   * superseded by it, and another run's verdict replaces it.
   */
  @Test
  void aReplayedRunDoesNotOverturnItsOwnVerdict() {
    String id = registeredVersion();
    kafka.publish(check(id, "run-a", CheckStatus.PASSED, "owner and contact present"));
    kafka.publish(check(id, "run-a", CheckStatus.ERROR, "could not verify: notifier-service down"));
    kafka.publish(check(id, "run-a", CheckStatus.FAILED, "no deliverable contact"));
    kafka.publish(check(id, "run-b", CheckStatus.ERROR, "could not verify: notifier-service down"));
    kafka.publish(check(id, "run-b", CheckStatus.FAILED, "no deliverable contact"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                checklist(TestTokens.engineer("fraud"), id, "1.0.0")
                    .body(item("state"), equalTo("failed"))
                    .body(item("evidence.reference"), equalTo("run-b")));
    checklist(TestTokens.engineer("fraud"), id, "1.0.0")
        .body(item("history.to"), equalTo(List.of("passed", "pending", "failed")));
  }

  @Test
  void aGarbageRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
    String id = registeredVersion();
    String garbageKey = "garbage-" + id;

    kafka.send(
        Topics.PROBE_RESULTS, garbageKey, "{not a cloud event".getBytes(StandardCharsets.UTF_8));
    kafka.publish(check(id, CheckStatus.PASSED, "owner and contact present"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<ConsumerRecord<String, byte[]>> dead =
                  kafka.records(Topics.deadLetter(Topics.PROBE_RESULTS));
              assertThat(dead)
                  .filteredOn(r -> garbageKey.equals(r.key()))
                  .singleElement()
                  .satisfies(
                      r ->
                          assertThat(TopicClient.header(r, "dead-letter-reason"))
                              .hasValueSatisfying(
                                  reason -> assertThat(reason).contains("not a CloudEvent")));
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                checklist(TestTokens.engineer("fraud"), id, "1.0.0")
                    .body(item("state"), equalTo("passed")));
  }

  @Test
  void aResultForAnUnknownVersionIsDeadLetteredWithTheReason() {
    Event<CheckCompleted> unknown = check("never-registered", CheckStatus.PASSED, "whatever");

    kafka.publish(unknown);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(kafka.records(Topics.deadLetter(Topics.PROBE_RESULTS)))
                    .filteredOn(r -> "never-registered".equals(r.key()))
                    .isNotEmpty()
                    .allSatisfy(
                        r ->
                            assertThat(TopicClient.header(r, "dead-letter-reason"))
                                .hasValueSatisfying(
                                    reason -> assertThat(reason).contains("never-registered"))));
  }

  private static String registeredVersion() {
    String id = uniqueModelId("fraud");
    registerModel(TestTokens.pipeline("fraud"), model(id, "fraud", "ada@example.com"))
        .statusCode(201);
    registerVersion(TestTokens.pipeline("fraud"), id, manifest("1.0.0", null)).statusCode(201);
    return id;
  }

  private static Event<CheckCompleted> check(String modelId, CheckStatus status, String summary) {
    return check(modelId, "run-" + java.util.UUID.randomUUID(), status, summary);
  }

  private static Event<CheckCompleted> check(
      String modelId, String runId, CheckStatus status, String summary) {
    OffsetDateTime now = OffsetDateTime.now();
    return Event.of(
        EventType.CHECK_COMPLETED,
        URI.create("/preflight/probe-service"),
        modelId,
        "1.0.0",
        "corr-" + modelId,
        new CheckCompleted(
            runId,
            modelId,
            "1.0.0",
            "fraud",
            Phase.AFTER_TRAINING,
            ItemIds.CREATOR_LOGGED,
            status,
            JsonNodeFactory.instance.objectNode().put("ownerName", "Ada Lovelace"),
            JsonNodeFactory.instance.objectNode().put("ownerName", "present"),
            summary,
            List.of("owner name: Ada Lovelace"),
            now,
            now));
  }

  private static String item(String path) {
    return "phases[0].items.find { it.itemId == 'creator-logged' }." + path;
  }
}
