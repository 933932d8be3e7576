package dev.preflight.monitor.streams;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the monitor's own compacted topics (versions and profiles, read back as global stores)
 * before the stream threads wait for them. They are the monitor's durable state, so they are kept
 * compacted, not expired.
 */
@ApplicationScoped
public class MonitorTopics {

  private static final Logger LOG = Logger.getLogger(MonitorTopics.class);

  void create(
      @Observes StartupEvent startup,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @ConfigProperty(name = "monitor.topics.replication-factor", defaultValue = "-1")
          short replication,
      @ConfigProperty(name = "monitor.topics.ingest-retention", defaultValue = "P1D")
          java.time.Duration ingestRetention) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(properties)) {
      for (String topic : List.of(MonitorTopology.VERSIONS_TOPIC, MonitorTopology.PROFILES_TOPIC)) {
        NewTopic spec =
            new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.of(replication))
                .configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
          admin.createTopics(List.of(spec)).all().get();
          LOG.infof("created compacted topic %s", topic);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            LOG.warnf("could not create %s: %s", topic, e.getCause().getMessage());
          }
        }
      }
      createIngestTopic(admin, replication, ingestRetention);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The plain ingest's output, read by the Streams stage one: as many partitions as the inference
   * logs (stage two's parallelism follows from it), or the broker's default while they do not exist
   * yet. Its records are consumed within seconds; a day of retention is for replay after an outage.
   */
  private static void createIngestTopic(
      Admin admin, short replication, java.time.Duration retention) throws InterruptedException {
    java.util.Optional<Integer> partitions = java.util.Optional.empty();
    try {
      partitions =
          java.util.Optional.of(
              admin
                  .describeTopics(List.of(dev.preflight.contracts.Topics.INFERENCE_LOGS))
                  .allTopicNames()
                  .get()
                  .get(dev.preflight.contracts.Topics.INFERENCE_LOGS)
                  .partitions()
                  .size());
    } catch (ExecutionException e) {
      // not created yet
    }
    NewTopic spec =
        new NewTopic(MonitorTopology.INGEST_TOPIC, partitions, java.util.Optional.of(replication))
            .configs(
                Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG,
                    String.valueOf(retention.toMillis())));
    try {
      admin.createTopics(List.of(spec)).all().get();
      LOG.infof("created %s", MonitorTopology.INGEST_TOPIC);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        LOG.warnf(
            "could not create %s: %s", MonitorTopology.INGEST_TOPIC, e.getCause().getMessage());
      }
    }
  }
}
