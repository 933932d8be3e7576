package dev.preflight.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventSchemas;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.Json;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.contracts.events.CheckCompleted;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.CheckStatus;
import dev.preflight.contracts.model.Owner;
import dev.preflight.devstack.TopicClient;
import dev.preflight.testing.KafkaResource;
import dev.preflight.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NotifierStub.class)
class ProbeRunTest {

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
  void aPhaseEnteredRunsCreatorLoggedAndPublishesTheRunWithEvidence() throws Exception {
    String modelId = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    kafka.publish(
        phaseEntered(modelId, "fraud", new Owner("Ada Lovelace", Optional.of("ada@acme.dev"))));

    List<RawEvent> run = awaitRun(modelId);

    assertThat(run)
        .extracting(RawEvent::ceType)
        .containsExactly(
            EventType.PROBE_RUN_STARTED.ceType(),
            EventType.CHECK_COMPLETED.ceType(),
            EventType.PROBE_RUN_COMPLETED.ceType());
    for (RawEvent event : run) {
      assertThat(
              EventSchemas.validate(
                  event.type().orElseThrow(), Json.mapper().readTree(event.data())))
          .isEmpty();
    }
    CheckCompleted check =
        kafka.codec().<CheckCompleted>decode(run.get(1), EventType.CHECK_COMPLETED).data();
    assertThat(check.itemId()).isEqualTo("creator-logged");
    assertThat(check.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(check.team()).isEqualTo("fraud");
    assertThat(check.measured().get("routes").get(0).asText())
        .isEqualTo("webhook:team-fraud-webhook");
    NotifierStub.server()
        .verify(
            getRequestedFor(urlPathEqualTo("/api/v1/routes/resolve"))
                .withHeader("Authorization", matching("Bearer .+")));
  }

  @Test
  void anOwnerWithoutContactFailsTheCheck() {
    String modelId = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    kafka.publish(phaseEntered(modelId, "fraud", new Owner("Ada Lovelace", Optional.empty())));

    CheckCompleted check = checkOf(awaitRun(modelId));

    assertThat(check.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(check.summary()).contains("no contact");
  }

  @Test
  void anUnreachableNotifierIsAnErrorNotAFailure() {
    String modelId = "broken-" + UUID.randomUUID().toString().substring(0, 8);
    kafka.publish(
        phaseEntered(modelId, "broken", new Owner("Ada Lovelace", Optional.of("ada@acme.dev"))));

    CheckCompleted check = checkOf(awaitRun(modelId));

    assertThat(check.status()).isEqualTo(CheckStatus.ERROR);
  }

  @Test
  void aRedeliveredPhaseYieldsTheSameEventIds() {
    String modelId = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    Event<PhaseEntered> trigger =
        phaseEntered(modelId, "fraud", new Owner("Ada Lovelace", Optional.of("ada@acme.dev")));

    kafka.publish(trigger);
    kafka.publish(trigger);

    await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(modelId).size() == 6);
    assertThat(eventsOf(modelId).stream().map(RawEvent::id).distinct()).hasSize(3);
  }

  @Test
  void aGarbageLifecycleRecordIsDeadLetteredAndTheConsumerGoesOn() {
    String key = "garbage-" + UUID.randomUUID();
    kafka.send(Topics.LIFECYCLE, key, "\u0000\u0001 nonsense".getBytes(StandardCharsets.UTF_8));
    String modelId = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    kafka.publish(
        phaseEntered(modelId, "fraud", new Owner("Ada Lovelace", Optional.of("ada@acme.dev"))));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(kafka.records(Topics.deadLetter(Topics.LIFECYCLE)))
                    .filteredOn(r -> key.equals(r.key()))
                    .singleElement()
                    .satisfies(
                        r -> assertThat(TopicClient.header(r, "dead-letter-reason")).isPresent()));
    awaitRun(modelId);
  }

  @Test
  void theChecksAreListedForReaders() {
    given()
        .auth()
        .oauth2(TestTokens.engineer("fraud"))
        .get("/api/v1/checks")
        .then()
        .statusCode(200)
        .body("itemId", hasItem("creator-logged"));
    given().get("/api/v1/checks").then().statusCode(401);
  }

  private static List<RawEvent> awaitRun(String modelId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                eventsOf(modelId).stream()
                    .anyMatch(e -> e.ceType().equals(EventType.PROBE_RUN_COMPLETED.ceType())));
    return eventsOf(modelId);
  }

  private static List<RawEvent> eventsOf(String modelId) {
    return kafka.events(Topics.PROBE_RESULTS).stream()
        .filter(e -> e.modelId().equals(modelId))
        .toList();
  }

  private static CheckCompleted checkOf(List<RawEvent> run) {
    RawEvent check =
        run.stream()
            .filter(e -> e.ceType().equals(EventType.CHECK_COMPLETED.ceType()))
            .findFirst()
            .orElseThrow();
    return kafka.codec().<CheckCompleted>decode(check, EventType.CHECK_COMPLETED).data();
  }

  private static Event<PhaseEntered> phaseEntered(String modelId, String team, Owner owner) {
    return Event.of(
        EventType.PHASE_ENTERED,
        URI.create("/preflight/checklist-service"),
        modelId,
        "1.0.0",
        "corr-" + modelId,
        Phases.afterTraining(modelId, team, owner));
  }
}
