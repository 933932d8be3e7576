package dev.preflight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.preflight.contracts.EventType;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.Topics;
import dev.preflight.devstack.PreflightService;
import dev.preflight.devstack.TopicClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * checklist-service publishes through a transactional outbox: what it committed reaches Kafka even
 * when the service dies between commit and publish.
 */
class OutboxRecoveryIT {

  /**
   * The advisory lock the outbox relay takes (OutboxRelay.RELAY_LOCK): holding it holds the relay.
   */
  private static final long RELAY_LOCK = 0x7072_6566_6c69_6768L;

  private static PreflightSystem system;
  private static TopicClient kafka;

  @BeforeAll
  static void start() {
    system = PreflightSystem.get();
    kafka = new TopicClient(system.broker.bootstrapServers());
  }

  @AfterAll
  static void disconnect() {
    kafka.close();
  }

  @Test
  void eventsCommittedBeforeACrashArePublishedAfterTheRestartExactlyOnce() throws Exception {
    String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 6);
    List<String> models = IntStream.range(0, 5).mapToObj(i -> prefix + "-" + i).toList();
    try (Connection connection =
            DriverManager.getConnection(
                system.jdbcUrl(PreflightService.CHECKLIST),
                system.postgres.user().orElse("postgres"),
                system.postgres.password().orElse(""));
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_lock(" + RELAY_LOCK + ")");

      String pipeline = system.token("pipeline");
      for (String model : models) {
        ThinSliceIT.registerModel(pipeline, model, "{\"name\": \"Ada Lovelace\"}");
        ThinSliceIT.registerVersion(pipeline, model, "1.0.0");
      }
      // committed, not published: the relay cannot take its lock
      assertThat(eventsOf(prefix)).isEmpty();

      system.restart(PreflightService.CHECKLIST, true);
      statement.execute("SELECT pg_advisory_unlock(" + RELAY_LOCK + ")");
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(eventsOf(prefix)).hasSize(models.size() * 3));
    Map<String, Long> perType =
        eventsOf(prefix).stream()
            .collect(Collectors.groupingBy(RawEvent::ceType, Collectors.counting()));
    assertThat(perType)
        .containsEntry(EventType.MODEL_REGISTERED.ceType(), 5L)
        .containsEntry(EventType.VERSION_REGISTERED.ceType(), 5L)
        .containsEntry(EventType.PHASE_ENTERED.ceType(), 5L);
    assertThat(eventsOf(prefix).stream().map(RawEvent::id).distinct()).hasSize(15);
    // and the restarted service goes on as before
    ThinSliceIT.awaitItem(models.get(0), "1.0.0", "creator-logged", "failed");
  }

  private static List<RawEvent> eventsOf(String prefix) {
    return kafka.events(Topics.LIFECYCLE).stream()
        .filter(e -> e.modelId().startsWith(prefix))
        .filter(e -> !e.ceType().equals(EventType.ITEM_UPDATED.ceType()))
        .filter(e -> !e.ceType().equals(EventType.PHASE_COMPLETED.ceType()))
        .toList();
  }
}
