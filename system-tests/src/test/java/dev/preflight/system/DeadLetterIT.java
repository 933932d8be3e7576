package dev.preflight.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.preflight.contracts.Topics;
import dev.preflight.devstack.TopicClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A record nobody can read lands in its topic's dead-letter topic with the reason, once per
 * consumer that met it, and the consumers go on with the next record.
 */
class DeadLetterIT {

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

  @ParameterizedTest
  @ValueSource(strings = {Topics.LIFECYCLE, Topics.PROBE_RESULTS, Topics.INFERENCE_LOGS})
  void garbageIsDeadLetteredWithItsReasonAndTheSystemGoesOn(String topic) {
    String key = "garbage-" + UUID.randomUUID();
    byte[] garbage = "\u0000\u00ff not an event {".getBytes(StandardCharsets.ISO_8859_1);

    kafka.send(topic, key, garbage);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(kafka.records(Topics.deadLetter(topic)))
                    .filteredOn(r -> key.equals(r.key()))
                    .isNotEmpty()
                    .allSatisfy(
                        r -> {
                          assertThat(r.value()).isEqualTo(garbage);
                          assertThat(TopicClient.header(r, "dead-letter-reason")).isPresent();
                        }));
    // The thin slice still flows after the poison record.
    String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
    ThinSliceIT.registerModel(system.token("pipeline"), model, "{\"name\": \"Ada Lovelace\"}");
    ThinSliceIT.registerVersion(system.token("pipeline"), model, "1.0.0");
    ThinSliceIT.awaitItem(model, "1.0.0", "creator-logged", "failed");
    ThinSliceIT.awaitWebhook("/hooks/fraud", model, "creator-logged");
  }
}
