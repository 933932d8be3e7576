package dev.preflight.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.events.SignalFiring;
import dev.preflight.devstack.ManagedProcess;
import dev.preflight.devstack.PreflightService;
import dev.preflight.devstack.TopicClient;
import dev.preflight.devstack.WebhookInbox.Delivery;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two notifier instances against one database and one broker: each consumes part of the signals,
 * both flush groups and deliver, and no notification is sent twice; one of them killed while a
 * receiver is down loses nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotifierInstancesIT {

  private static final int VERSIONS = 40;
  private static final PreflightSystem system = PreflightSystem.get();
  private static TopicClient kafka;
  private static ManagedProcess second;

  @BeforeAll
  static void start() throws Exception {
    kafka = new TopicClient(system.broker.bootstrapServers());
    second = system.startAnother(PreflightService.NOTIFIER, "second");
  }

  @AfterAll
  static void stop() {
    kafka.close();
    if (second != null) {
      second.close();
    }
  }

  @Test
  @Order(1)
  void twoInstancesNotifyEveryGroupExactlyOnce() {
    String team = "pair-" + UUID.randomUUID().toString().substring(0, 6);
    String path = "/hooks/" + team;
    List<String> models = new ArrayList<>();
    for (int i = 0; i < VERSIONS; i++) {
      String model = team + "-m" + i;
      models.add(model);
      // Each version fires three detectors, each twice: one group, one notification.
      for (int repeat = 0; repeat < 2; repeat++) {
        for (String check : List.of("feature-drift", "p99-latency", "error-rate")) {
          kafka.publish(firing(model, team, check));
        }
      }
    }

    await().atMost(Duration.ofSeconds(120)).until(() -> notifiedModels(path).containsAll(models));
    // Both instances had time to flush and deliver again, had they been going to.
    await().pollDelay(Duration.ofSeconds(5)).until(() -> true);

    List<Delivery> accepted =
        system.inbox.deliveries(path).stream().filter(Delivery::accepted).toList();
    Map<String, Long> perModel =
        accepted.stream()
            .collect(
                Collectors.groupingBy(
                    d -> d.json().get("commonLabels").get("model").asText(),
                    Collectors.counting()));
    assertThat(perModel).hasSize(VERSIONS);
    assertThat(perModel.values()).allMatch(count -> count == 1);
    assertThat(accepted).allSatisfy(d -> assertThat(d.json().get("alerts")).hasSize(3));
    Set<String> deliveryIds =
        accepted.stream()
            .map(d -> d.headers().get("x-preflight-delivery"))
            .collect(Collectors.toSet());
    assertThat(deliveryIds).hasSize(VERSIONS);

    List<String> statuses =
        given()
            .auth()
            .oauth2(system.token("admin"))
            .queryParam("receiver", "owner")
            .get(system.url(PreflightService.NOTIFIER) + "/api/v1/notifications")
            .then()
            .statusCode(200)
            .extract()
            .path("findAll { it.modelId?.startsWith('" + team + "') }.status");
    assertThat(statuses).hasSize(VERSIONS).containsOnly("sent");
  }

  @Test
  @Order(2)
  void anInstanceKilledWhileAReceiverIsDownLosesNothingAndDuplicatesNothing() {
    String team = "outage-" + UUID.randomUUID().toString().substring(0, 6);
    String path = "/hooks/" + team;
    int failures = 8;
    int[] statuses = new int[failures];
    java.util.Arrays.fill(statuses, 503);
    system.inbox.script(path, statuses);
    List<String> models = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String model = team + "-m" + i;
      models.add(model);
      kafka.publish(firing(model, team, "error-rate"));
    }

    await().atMost(Duration.ofSeconds(120)).until(() -> system.inbox.deliveries(path).size() >= 4);
    second.handle().destroyForcibly();
    second.handle().onExit().join();

    await().atMost(Duration.ofSeconds(240)).until(() -> notifiedModels(path).containsAll(models));
    await().pollDelay(Duration.ofSeconds(5)).until(() -> true);
    Map<String, Long> perModel =
        system.inbox.deliveries(path).stream()
            .filter(Delivery::accepted)
            .collect(
                Collectors.groupingBy(
                    d -> d.json().get("commonLabels").get("model").asText(),
                    Collectors.counting()));
    assertThat(perModel).hasSize(models.size());
    assertThat(perModel.values()).allMatch(count -> count == 1);
  }

  private static Set<String> notifiedModels(String path) {
    return system.inbox.deliveries(path).stream()
        .filter(Delivery::accepted)
        .map(d -> d.json().get("commonLabels").get("model").asText())
        .collect(Collectors.toSet());
  }

  private static Event<SignalFiring> firing(String model, String team, String check) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return Event.of(
        EventType.SIGNAL_FIRING,
        URI.create("/preflight/monitor-service"),
        model,
        "1.0.0",
        "corr-" + model,
        new SignalFiring(
            UUID.randomUUID().toString(),
            model,
            "1.0.0",
            team,
            check.equals("feature-drift")
                ? "drift"
                : check.equals("p99-latency") ? "latency" : "errors",
            check,
            Optional.empty(),
            Optional.empty(),
            "warning",
            0.5,
            0.1,
            now.minusMinutes(1),
            now,
            1000,
            check + " breached"));
  }
}
