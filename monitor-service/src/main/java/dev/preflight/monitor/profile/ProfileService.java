package dev.preflight.monitor.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.EventCodec;
import dev.preflight.contracts.EventType;
import dev.preflight.contracts.InvalidEventException;
import dev.preflight.contracts.Json;
import dev.preflight.contracts.RawEvent;
import dev.preflight.contracts.events.CoverageUpdated;
import dev.preflight.contracts.events.VersionRegistered;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.monitor.config.MonitorConfig;
import dev.preflight.monitor.detect.Detectors;
import dev.preflight.monitor.streams.MonitorTopology;
import dev.preflight.monitor.streams.VersionKey;
import dev.preflight.support.data.Datasets;
import dev.preflight.support.messaging.KafkaMessages;
import dev.preflight.support.work.KeyedWork;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Makes each registered version's reference profile: from the manifest's precomputed {@code
 * referenceProfile}, else from its {@code referenceDataset} (downloaded and profiled exactly), and
 * from {@code PUT /api/v1/profiles}. Profiles go to the compacted profiles topic every instance
 * reads as a global store; then {@code coverage.updated} says which detectors are active. A dataset
 * that cannot be fetched or read is stored as the profile's error, which {@code GET} reports.
 */
@ApplicationScoped
public class ProfileService {

  private static final Logger LOG = Logger.getLogger(ProfileService.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
  private static final URI SOURCE = URI.create("/preflight/monitor-service");

  private final EventCodec codec;
  private final DatasetFetcher fetcher;
  private final MonitorConfig config;
  private final MutinyEmitter<byte[]> out;
  private final org.apache.kafka.streams.KafkaStreams streams;
  private final KeyedWork builds;

  public ProfileService(
      EventCodec codec,
      DatasetFetcher fetcher,
      MonitorConfig config,
      @Channel("monitor-out") MutinyEmitter<byte[]> out,
      org.apache.kafka.streams.KafkaStreams streams) {
    this.streams = streams;
    this.codec = codec;
    this.fetcher = fetcher;
    this.config = config;
    this.out = out;
    this.builds = new KeyedWork("profile-build", 4);
  }

  @PreDestroy
  void stop() {
    builds.close();
  }

  /**
   * Builds the profile of each registered version off the consumer's thread: a reference dataset
   * may take minutes to download, longer than SmallRye's 60 s limit on an unacknowledged record,
   * and other versions' profiles need not wait for it. The record is acknowledged when the profile
   * is stored, so its offset is committed only then and a crash mid-build replays it.
   */
  @Incoming("lifecycle")
  public CompletionStage<Void> consume(KafkaRecord<String, byte[]> record) {
    RawEvent raw;
    try {
      raw =
          codec.read(
              record.getHeaders() == null ? new RecordHeaders() : record.getHeaders(),
              record.getPayload());
    } catch (InvalidEventException e) {
      // The stream topology dead-letters what is not an event of the contract.
      return record.ack();
    }
    if (raw.type().orElse(null) != EventType.VERSION_REGISTERED) {
      return record.ack();
    }
    Event<VersionRegistered> event;
    try {
      event = codec.decode(raw, EventType.VERSION_REGISTERED);
    } catch (InvalidEventException e) {
      return record.ack();
    }
    VersionRegistered registered = event.data();
    KeyedWork.Accepted accepted =
        builds.accept(
            VersionKey.of(registered.model().modelId(), registered.version()), () -> build(event));
    accepted
        .done()
        .whenComplete(
            (ignored, failure) -> {
              if (failure == null) {
                record.ack();
              } else if (!(failure instanceof RejectedExecutionException)) {
                LOG.errorf(failure, "building the profile of %s failed", event.id());
                record.nack(failure);
              }
            });
    return accepted.placed();
  }

  private void build(Event<VersionRegistered> event) {
    VersionRegistered registered = event.data();
    String modelId = registered.model().modelId();
    String team = registered.model().team();
    VersionManifest manifest = registered.manifest();
    Optional<Profile> profile = Optional.empty();
    Optional<String> error = Optional.empty();
    if (manifest.referenceProfile().isPresent()) {
      PostedProfiles.Result result =
          PostedProfiles.read(
              manifest.referenceProfile().get(),
              modelId,
              registered.version(),
              team,
              manifest.trainingMetrics());
      profile = result.profile();
      if (profile.isEmpty()) {
        error =
            Optional.of("the manifest's referenceProfile: " + String.join("; ", result.errors()));
      }
    } else if (manifest.referenceDataset().isPresent()) {
      VersionManifest.Dataset dataset = manifest.referenceDataset().get();
      try {
        profile = Optional.of(fromDataset(modelId, registered.version(), team, manifest, dataset));
      } catch (IOException | IllegalArgumentException e) {
        error = Optional.of("reference dataset " + dataset.uri() + ": " + e.getMessage());
      }
    }
    String key = VersionKey.of(modelId, registered.version());
    boolean held = false;
    if (profile.isEmpty() && error.isEmpty()) {
      // No reference in the manifest: a profile PUT meanwhile (or before a redelivery) stands.
      profile = posted(key);
      held = profile.isPresent();
    }
    if (profile.isPresent() && !held) {
      store(key, bytes(profile.get()));
    } else if (error.isPresent()) {
      LOG.warnf("no profile for %s: %s", key, error.get());
      ObjectNode failed = Json.mapper().createObjectNode();
      failed.put("modelId", modelId);
      failed.put("version", registered.version());
      failed.put("team", team);
      failed.put("error", error.get());
      failed.put("at", OffsetDateTime.now(ZoneOffset.UTC).toString());
      store(key, bytes(failed));
    }
    coverage(
        modelId,
        registered.version(),
        team,
        profile,
        manifest.trainingMetrics(),
        event.correlationId());
  }

  Profile fromDataset(
      String modelId,
      String version,
      String team,
      VersionManifest manifest,
      VersionManifest.Dataset dataset)
      throws IOException {
    byte[] content = fetcher.fetch(dataset.uri());
    List<Map<String, Object>> rows =
        Datasets.read(content, dataset.format(), manifest.features(), config.profiles().maxRows());
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no rows");
    }
    return new Profile(
        modelId,
        version,
        team,
        "dataset",
        OffsetDateTime.now(ZoneOffset.UTC),
        rows.size(),
        ProfileBuilder.features(rows, manifest.features(), dataset.labelField()),
        ProfileBuilder.prediction(rows, dataset.labelField()),
        manifest.trainingMetrics(),
        Thresholds.NONE);
  }

  /** A posted profile already held for the version. */
  private Optional<Profile> posted(String key) {
    try {
      return dev.preflight.monitor.streams.Views.profile(
              streams.store(
                  org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                      MonitorTopology.PROFILES_STORE,
                      org.apache.kafka.streams.state.QueryableStoreTypes
                          .<String, byte[]>keyValueStore())),
              key)
          .filter(p -> "posted".equals(p.source()));
    } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
      return Optional.empty();
    }
  }

  private static byte[] bytes(Object document) {
    try {
      return Json.mapper().writeValueAsBytes(document);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a profile", e);
    }
  }

  /** A posted profile replaces the version's; coverage follows. */
  public void put(Profile profile, Map<String, VersionManifest.MetricTarget> declared) {
    store(VersionKey.of(profile.modelId(), profile.version()), bytes(profile));
    coverage(
        profile.modelId(),
        profile.version(),
        profile.team(),
        Optional.of(profile),
        declared,
        "profile-" + profile.createdAt());
  }

  private void store(String key, byte[] document) {
    out.sendMessage(
            KafkaMessages.of(new ProducerRecord<>(MonitorTopology.PROFILES_TOPIC, key, document)))
        .await()
        .atMost(PUBLISH_TIMEOUT);
  }

  private void coverage(
      String modelId,
      String version,
      String team,
      Optional<Profile> profile,
      Map<String, VersionManifest.MetricTarget> declared,
      String correlationId) {
    boolean profiled = profile.map(p -> !p.features().isEmpty()).orElse(false);
    List<String> detectors = Detectors.active(profile, declared);
    Event<CoverageUpdated> event =
        Event.of(
            EventType.COVERAGE_UPDATED,
            SOURCE,
            modelId,
            version,
            correlationId,
            new CoverageUpdated(modelId, version, team, profiled, detectors));
    out.sendMessage(KafkaMessages.of(codec.toRecord(event))).await().atMost(PUBLISH_TIMEOUT);
  }
}
