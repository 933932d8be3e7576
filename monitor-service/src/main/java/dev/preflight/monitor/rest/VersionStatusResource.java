package dev.preflight.monitor.rest;

import dev.preflight.monitor.streams.MonitorTopology;
import dev.preflight.monitor.streams.VersionKey;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the monitor holds for a model version. */
@Path("/api/v1/versions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "versions")
@SecurityRequirement(name = "SecurityScheme")
public class VersionStatusResource {

  private final KafkaStreams streams;
  private final Caller caller;

  public VersionStatusResource(KafkaStreams streams, Caller caller) {
    this.streams = streams;
    this.caller = caller;
  }

  /**
   * @param registered whether {@code version.registered} has been seen
   * @param team the model's team, once registered
   * @param records inference records received for the version
   */
  public record VersionStatus(
      String modelId, String version, boolean registered, Optional<String> team, long records) {}

  @GET
  @Path("/{modelId}/{version}")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public VersionStatus status(
      @PathParam("modelId") String modelId, @PathParam("version") String version) {
    String key = VersionKey.of(modelId, version);
    Optional<String> team =
        Optional.ofNullable(this.<String>lookup(MonitorTopology.REGISTERED_VERSIONS, key));
    Long records = this.<Long>lookup(MonitorTopology.INFERENCE_COUNTS, key);
    // Another team's version, or records of a version not registered yet (no team to check
    // against) for anyone but admins and services, answer as unknown.
    boolean visible = team.map(caller::mayRead).orElse(records != null && caller.readsAllTeams());
    if (!visible) {
      throw new NotFoundException("the monitor knows nothing of " + modelId + " " + version);
    }
    return new VersionStatus(
        modelId, version, team.isPresent(), team, records == null ? 0 : records);
  }

  private <V> V lookup(String storeName, String key) {
    try {
      ReadOnlyKeyValueStore<String, V> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  storeName, QueryableStoreTypes.<String, V>keyValueStore()));
      return store.get(key);
    } catch (InvalidStateStoreException e) {
      // Rebalancing or restoring from the changelog: the answer is coming, not missing.
      throw new ServiceUnavailableException(
          "the monitor's state is being restored; retry shortly", 2L);
    }
  }
}
