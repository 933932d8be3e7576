package dev.preflight.monitor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.monitor.config.MonitorConfig;
import dev.preflight.monitor.profile.PostedProfiles;
import dev.preflight.monitor.profile.Profile;
import dev.preflight.monitor.profile.ProfileService;
import dev.preflight.monitor.profile.Thresholds;
import dev.preflight.monitor.profile.VersionInfo;
import dev.preflight.monitor.streams.TopologyProducer;
import dev.preflight.monitor.streams.VersionKey;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.rest.Problem;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A version's reference profile and thresholds. {@code GET} answers the profile with the thresholds
 * in effect (defaults by data type, the version's overrides, its SLOs); {@code PUT} replaces it
 * with a precomputed one.
 */
@Path("/api/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "profiles")
@SecurityRequirement(name = "SecurityScheme")
public class ProfileResource {

  private final StateQueries queries;
  private final ProfileService profiles;
  private final Caller caller;
  private final Thresholds defaults;

  public ProfileResource(
      StateQueries queries, ProfileService profiles, Caller caller, MonitorConfig config) {
    this.queries = queries;
    this.profiles = profiles;
    this.caller = caller;
    this.defaults = TopologyProducer.settings(config).defaults();
  }

  @GET
  @Path("/{modelId}/{version}")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(
      summary =
          "The reference profile of a version and the thresholds in effect; 404 when none is held")
  public Map<String, Object> get(
      @PathParam("modelId") String modelId, @PathParam("version") String version) {
    String key = VersionKey.of(modelId, version);
    VersionInfo info = queries.visible(caller, modelId, version, key);
    byte[] document =
        queries
            .profileDocument(key)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "no profile for "
                            + modelId
                            + " "
                            + version
                            + (info.referenceDeclared()
                                ? ": it is being built from the manifest's reference; retry shortly"
                                : ": the manifest names no reference dataset or profile; PUT"
                                    + " one")));
    JsonNode node;
    try {
      node = StateQueries.mapper().readTree(document);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable profile of " + key, e);
    }
    if (node.has("error")) {
      throw new NotFoundException(
          "no profile for " + modelId + " " + version + ": " + node.get("error").asText());
    }
    Profile profile = StateQueries.mapper().convertValue(node, Profile.class);
    Map<String, Object> answer =
        new LinkedHashMap<>(StateQueries.mapper().convertValue(profile, Map.class));
    answer.put("overrides", profile.thresholds());
    answer.put("thresholds", effective(profile, info));
    return answer;
  }

  @PUT
  @Path("/{modelId}/{version}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PIPELINE, Roles.ADMIN})
  @Operation(
      summary = "Replace the reference profile of a version with a precomputed one",
      description =
          "Per feature either the reference values ({type: numeric, values: [...]}, {type:"
              + " categorical, frequencies: {...}}) or the full form GET answers; optional"
              + " prediction, trainingMetrics and thresholds overrides.")
  public Map<String, Object> put(
      @PathParam("modelId") String modelId, @PathParam("version") String version, JsonNode body) {
    String key = VersionKey.of(modelId, version);
    VersionInfo info = queries.visible(caller, modelId, version, key);
    caller.requireWritable(
        info.team(),
        () -> new NotFoundException("the monitor knows no version " + version + " of " + modelId));
    PostedProfiles.Result result =
        PostedProfiles.read(body, modelId, version, info.team(), info.trainingMetrics());
    if (result.profile().isEmpty()) {
      throw new InvalidRequestException(
          "the profile is not valid",
          result.errors().stream()
              .map(
                  e ->
                      new Problem.FieldError(
                          e.contains(":") ? e.substring(0, e.indexOf(':')) : "", e))
              .toList());
    }
    profiles.put(result.profile().get(), info.trainingMetrics());
    Map<String, Object> answer =
        new LinkedHashMap<>(StateQueries.mapper().convertValue(result.profile().get(), Map.class));
    answer.put("thresholds", effective(result.profile().get(), info));
    return answer;
  }

  /** What the version is judged by: the one computation the evaluator applies too. */
  private Thresholds effective(Profile profile, VersionInfo info) {
    return Thresholds.effective(profile.thresholds(), defaults, info.slos());
  }
}
