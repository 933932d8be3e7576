package dev.preflight.monitor.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.contracts.Json;
import dev.preflight.monitor.detect.SignalRecord;
import dev.preflight.monitor.detect.VersionState;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.streams.MonitorTopology;
import dev.preflight.monitor.streams.Views;
import dev.preflight.monitor.window.WindowAggregate;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the topology's state for REST: versions and profiles from the global stores (every instance
 * has them), a version's evaluation state from the instance that owns its partition — this one, or
 * another, to which the request is forwarded with the caller's own token.
 */
@ApplicationScoped
public class StateQueries {

  private static final ObjectMapper MAPPER = Json.mapper();
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(StateQueries.class);

  /** Marks a forwarded request, which is answered where it lands (no second hop). */
  public static final String FORWARDED = "X-Preflight-Forwarded";

  private final KafkaStreams streams;
  private final HostInfo self;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public StateQueries(
      KafkaStreams streams,
      @ConfigProperty(name = "quarkus.kafka-streams.application-server") String applicationServer) {
    this.streams = streams;
    this.self = HostInfo.buildFromEndpoint(applicationServer);
  }

  public Optional<VersionInfo> info(String key) {
    return Views.info(store(MonitorTopology.VERSIONS_STORE), key);
  }

  /** The version's reference profile; none before it is built or when its build failed. */
  public Optional<dev.preflight.monitor.profile.Profile> profile(String key) {
    return Views.profile(store(MonitorTopology.PROFILES_STORE), key);
  }

  public Optional<byte[]> profileDocument(String key) {
    return Optional.ofNullable(store(MonitorTopology.PROFILES_STORE).get(key));
  }

  /** The version's team, if the caller may see it; else 404 as if it did not exist. */
  public VersionInfo visible(Caller caller, String modelId, String version, String key) {
    return info(key)
        .filter(i -> caller.mayRead(i.team()))
        .orElseThrow(
            () ->
                new NotFoundException(
                    "the monitor knows no version " + version + " of " + modelId));
  }

  /** The instance holding a version's evaluation state, when it is not this one. */
  public Optional<HostInfo> owner(String key) {
    KeyQueryMetadata metadata;
    try {
      metadata =
          streams.queryMetadataForKey(
              MonitorTopology.STATE_STORE, key, Serdes.String().serializer());
    } catch (IllegalStateException e) {
      LOG.debugf("no metadata for %s: %s", key, e.getMessage());
      throw restoring();
    }
    if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE) {
      LOG.debugf("no metadata for %s (%s), streams %s", key, metadata, streams.state());
      throw restoring();
    }
    try {
      streams.store(
          StoreQueryParameters.fromNameAndType(
                  MonitorTopology.STATE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
              .withPartition(metadata.partition()));
      return Optional.empty();
    } catch (InvalidStateStoreException e) {
      // Not a partition of this instance (or one it is still restoring): ask its active host.
      LOG.debugf("partition %d of %s is not here: %s", metadata.partition(), key, e.getMessage());
      return metadata.activeHost().equals(self)
          ? Optional.empty()
          : Optional.of(metadata.activeHost());
    }
  }

  public Optional<VersionState> state(String key) {
    return Views.readState(store(MonitorTopology.STATE_STORE).get(key));
  }

  /** The version's stored windows of the horizon by start, oldest first. */
  public SortedMap<Long, WindowAggregate> windows(String key) {
    String prefix = MonitorTopology.windowKeyPrefix(key);
    SortedMap<Long, WindowAggregate> windows = new TreeMap<>();
    try (KeyValueIterator<String, byte[]> stored =
        store(MonitorTopology.WINDOWS_STORE).prefixScan(prefix, Serdes.String().serializer())) {
      stored.forEachRemaining(
          kv ->
              windows.put(
                  Long.parseLong(kv.key.substring(prefix.length())),
                  WindowAggregate.fromBytes(kv.value)));
    } catch (InvalidStateStoreException e) {
      throw restoring();
    }
    return windows;
  }

  public List<SignalRecord> history(String key) {
    return Views.readHistory(store(MonitorTopology.HISTORY_STORE).get(key));
  }

  /**
   * The answer of the instance holding the version, when that is another one (asked with the
   * caller's token); empty when this instance answers, or when the request was forwarded already.
   */
  public Optional<Response> elsewhere(
      String key, String path, String authorization, String forwarded) {
    if (forwarded != null) {
      return Optional.empty();
    }
    return owner(key).map(host -> forward(host, path, authorization));
  }

  /** Asks the owning instance the same question, with the caller's token. */
  public Response forward(HostInfo owner, String path, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port() + path))
            .timeout(Duration.ofSeconds(10))
            .GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.header(FORWARDED, "1");
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return Response.status(response.statusCode())
          .type(response.headers().firstValue("content-type").orElse("application/json"))
          .entity(response.body())
          .build();
    } catch (IOException e) {
      throw new ServiceUnavailableException(
          "the instance holding this version did not answer; retry shortly", 2L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw restoring();
    }
  }

  private ReadOnlyKeyValueStore<String, byte[]> store(String name) {
    try {
      return streams.store(
          StoreQueryParameters.fromNameAndType(
              name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    } catch (InvalidStateStoreException e) {
      LOG.debugf("store %s unavailable: %s", name, e.getMessage());
      throw restoring();
    }
  }

  private static ServiceUnavailableException restoring() {
    // Rebalancing or restoring from the changelog: the answer is coming, not missing.
    return new ServiceUnavailableException(
        "the monitor's state is being restored; retry shortly", 2L);
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }
}
