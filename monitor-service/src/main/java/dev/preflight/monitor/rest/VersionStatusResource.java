package dev.preflight.monitor.rest;

import dev.preflight.monitor.detect.VersionState;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.streams.VersionKey;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the monitor holds for a model version, in short. */
@Path("/api/v1/versions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "versions")
@SecurityRequirement(name = "SecurityScheme")
public class VersionStatusResource {

  private final StateQueries queries;
  private final Caller caller;

  public VersionStatusResource(StateQueries queries, Caller caller) {
    this.queries = queries;
    this.caller = caller;
  }

  /**
   * @param registered whether {@code version.registered} has been seen
   * @param live serving production traffic
   * @param records inference records received for the version
   * @param latestRecordAt the event time of the newest of them (not its arrival), absent before the
   *     first: what a shutdown is judged by
   */
  public record VersionSummary(
      String modelId,
      String version,
      boolean registered,
      Optional<String> team,
      boolean live,
      boolean retired,
      long records,
      Optional<OffsetDateTime> latestRecordAt) {}

  @GET
  @Path("/{modelId}/{version}")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(
      summary = "Whether the monitor knows a version and how many inference records it received")
  public Response version(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam(StateQueries.FORWARDED) String forwarded) {
    String key = VersionKey.of(modelId, version);
    VersionInfo info = queries.visible(caller, modelId, version, key);
    Optional<Response> elsewhere =
        queries.elsewhere(
            key, "/api/v1/versions/" + modelId + "/" + version, authorization, forwarded);
    if (elsewhere.isPresent()) {
      return elsewhere.get();
    }
    Optional<VersionState> state = queries.state(key);
    long records = state.map(s -> s.records).orElse(0L);
    Optional<OffsetDateTime> latest =
        state
            .filter(s -> s.latestRecordTime >= 0)
            .map(s -> Instant.ofEpochMilli(s.latestRecordTime).atOffset(ZoneOffset.UTC));
    return Response.ok(
            new VersionSummary(
                modelId,
                version,
                true,
                Optional.of(info.team()),
                info.live(),
                info.retired(),
                records,
                latest))
        .build();
  }
}
