package dev.preflight.testing;

import dev.preflight.contracts.Topics;
import dev.preflight.devstack.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for {@code @QuarkusTest}s: the one named by {@code KAFKA_BOOTSTRAP_SERVERS}
 * if set; else, with {@code -Dpreflight.test.kafka=container} and a Docker engine, Testcontainers'
 * Kafka; else a KRaft broker inside the test JVM. One broker serves every test of the JVM; the
 * contract's topics are created on it.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

  /** Points the tests at an existing cluster. */
  public static final String BOOTSTRAP_SERVERS_ENV = "KAFKA_BOOTSTRAP_SERVERS";

  /** {@code container} selects Testcontainers where Docker is available. */
  public static final String MODE_PROPERTY = "preflight.test.kafka";

  /** Partitions per contract topic: more than one, so ordering by key is really exercised. */
  public static final int PARTITIONS = 2;

  private static final Logger LOG = Logger.getLogger(KafkaResource.class);
  private static String bootstrapServers;

  @Override
  public Map<String, String> start() {
    String servers = bootstrapServers();
    return Map.of(
        "kafka.bootstrap.servers", servers,
        "quarkus.kafka-streams.bootstrap-servers", servers,
        "quarkus.kafka.devservices.enabled", "false");
  }

  /** The broker's bootstrap servers, starting it on first use. */
  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      bootstrapServers = startBroker();
      try {
        KafkaBroker.createTopics(bootstrapServers, Topics.all(PARTITIONS));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bootstrapServers;
  }

  private static String startBroker() {
    Optional<String> configured =
        Optional.ofNullable(System.getenv(BOOTSTRAP_SERVERS_ENV)).filter(s -> !s.isBlank());
    if (configured.isPresent()) {
      LOG.infof("Tests use the Kafka cluster at %s", configured.get());
      return configured.get();
    }
    if ("container".equals(System.getProperty(MODE_PROPERTY))) {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        KafkaContainer container = new KafkaContainer("apache/kafka:" + kafkaVersion());
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
        return container.getBootstrapServers();
      }
      LOG.warn(
          "-Dpreflight.test.kafka=container, but no Docker engine answers: using the embedded"
              + " broker");
    }
    try {
      KafkaBroker broker = KafkaBroker.startEphemeral();
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-stop"));
      LOG.infof("Embedded KRaft broker on %s", broker.bootstrapServers());
      return broker.bootstrapServers();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
    }
  }

  private static String kafkaVersion() {
    return dev.preflight.devstack.KeycloakServer.versions().getProperty("kafka.version");
  }

  @Override
  public void stop() {
    // The broker outlives a Quarkus restart between test classes; a shutdown hook stops it.
  }
}
