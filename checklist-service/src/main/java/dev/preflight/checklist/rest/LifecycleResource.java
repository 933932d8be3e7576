package dev.preflight.checklist.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.checklist.domain.GateDecision;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.rest.Views.ChecklistView;
import dev.preflight.checklist.rest.Views.GateView;
import dev.preflight.checklist.rest.Views.VersionView;
import dev.preflight.checklist.service.Attestation;
import dev.preflight.checklist.service.ChecklistReader;
import dev.preflight.checklist.service.ChecklistService;
import dev.preflight.checklist.service.GateService;
import dev.preflight.checklist.service.GateWatch;
import dev.preflight.checklist.service.LifecycleService;
import dev.preflight.checklist.service.Registered;
import dev.preflight.checklist.service.VersionService;
import dev.preflight.contracts.model.Deployment;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.Problem;
import dev.preflight.support.rest.RequestReader;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A version's way to production: deployments, the gate, attestations, retirement. */
@Path("/api/v1/models/{modelId}/versions/{version}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(
    name = "lifecycle",
    description = "Deployments, gates, attestations and retirement of a version")
@SecurityRequirement(name = "SecurityScheme")
public class LifecycleResource {

  public static final String DEPLOYMENT_REPORT = "deployment-report.schema.json";
  public static final String ATTESTATION = "attestation.schema.json";
  public static final String RETIREMENT = "retirement.schema.json";

  /** The longest a gate request may wait. */
  static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private static final String DEPLOYMENT_EXAMPLE =
      """
      {"environment": "test", "endpointUrl": "http://fraud-detector.test.svc:8080", "protocol": "oip-v2",
       "modelName": "fraud-detector", "infrastructure": {"cpu": "2", "memory": "4Gi"}}
      """;

  private final LifecycleService lifecycle;
  private final ChecklistService checklists;
  private final ChecklistReader reader;
  private final VersionService versions;
  private final GateService gates;
  private final GateWatch gateWatch;
  private final RequestReader requests;
  private final Views views;
  private final Caller caller;

  public LifecycleResource(
      LifecycleService lifecycle,
      ChecklistService checklists,
      ChecklistReader reader,
      VersionService versions,
      GateService gates,
      GateWatch gateWatch,
      RequestReader requests,
      Views views,
      Caller caller) {
    this.lifecycle = lifecycle;
    this.checklists = checklists;
    this.reader = reader;
    this.versions = versions;
    this.gates = gates;
    this.gateWatch = gateWatch;
    this.requests = requests;
    this.views = views;
    this.caller = caller;
  }

  @POST
  @Path("/deployments")
  @RolesAllowed({Roles.PIPELINE, Roles.ADMIN})
  @Operation(
      summary = "Report a deployment to test or prod",
      description =
          "Enters the test or production phase and starts the probes. The same report again changes"
              + " nothing (200); a different one re-verifies the phase. A production deployment"
              + " passes the gate first: under an enforcing template it is refused (409"
              + " gate-closed, with the blocking items) while items before production are not"
              + " passed or waived.")
  @APIResponse(responseCode = "201", description = "Deployment recorded, phase entered")
  @APIResponse(responseCode = "200", description = "The same deployment had been reported")
  @APIResponse(
      responseCode = "409",
      description = "The gate is closed, or the version is past this phase")
  public Response deploy(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = Deployment.class),
                      examples = @ExampleObject(name = "test", value = DEPLOYMENT_EXAMPLE)))
          JsonNode body) {
    Deployment deployment = requests.read(body, DEPLOYMENT_REPORT, Deployment.class);
    Registered<ModelVersionEntity> deployed =
        lifecycle.deploy(modelId, version, deployment, caller);
    VersionView view = views.version(versions.get(modelId, version, caller));
    return Responses.registered(
        deployed.created(),
        view.links().get("self") + "/deployments/" + deployment.environment(),
        view);
  }

  @POST
  @Path("/retirement")
  @RolesAllowed({Roles.PIPELINE, Roles.ADMIN})
  @Operation(summary = "Retire the version", description = "It no longer serves. Idempotent.")
  public VersionView retire(
      @PathParam("modelId") String modelId, @PathParam("version") String version, JsonNode body) {
    Optional<String> reason =
        Optional.ofNullable(body)
            .filter(b -> !b.isNull() && !b.isMissingNode())
            .map(b -> requests.read(b, RETIREMENT, JsonNode.class).path("reason").asText(null));
    lifecycle.retire(modelId, version, reason, caller);
    return views.version(versions.get(modelId, version, caller));
  }

  @GET
  @Path("/gate")
  @Blocking
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(
      summary = "May the version enter test or prod, and is it verified live?",
      description =
          "allow, deny or pending, with the items that block. target=test and target=prod: may the"
              + " version be deployed there; target=live: is production verified (every required"
              + " item through prod-deployment passed or waived, and the version promoted). With"
              + " wait (ISO-8601, at most PT10M) the request is held until the decision is allow or"
              + " deny, or the time is up; a held request costs no thread.")
  public Uni<GateView> gate(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @Parameter(description = "test, prod or live") @QueryParam("target") @DefaultValue("prod")
          String target,
      @Parameter(description = "how long to wait for a final decision, e.g. PT2M")
          @QueryParam("wait")
          String wait) {
    GateService.requireTarget(target);
    Duration hold = parseWait(wait);
    versions.get(modelId, version, caller);
    GateDecision now =
        gates
            .decide(modelId, version, target)
            .orElseThrow(() -> new IllegalStateException("version vanished"));
    return gateWatch
        .await(modelId, version, now, hold)
        .map(decision -> views.gate(modelId, version, decision));
  }

  @POST
  @Path("/items/{itemId}/attestations")
  @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
  @Operation(
      summary = "Attest or waive an item (approver)",
      description =
          "pass needs an evidence URL, waive a reason. The principal that registered the version"
              + " may neither attest nor waive its items, whatever its roles (four eyes). Answers"
              + " with the checklist.")
  public Response attest(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @PathParam("itemId") String itemId,
      @RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = Attestation.class),
                      examples =
                          @ExampleObject(
                              name = "waive",
                              value =
                                  "{\"decision\": \"waive\", \"comment\": \"No old version serves"
                                      + " traffic\"}")))
          JsonNode body) {
    Attestation attestation = requests.read(body, ATTESTATION, Attestation.class);
    checklists.attest(modelId, version, itemId, attestation, caller);
    ChecklistView checklist = views.checklist(reader.read(modelId, version, caller));
    return Response.status(Response.Status.CREATED)
        .header("Location", "/api/v1/models/" + modelId + "/versions/" + version + "/checklist")
        .entity(checklist)
        .build();
  }

  static Duration parseWait(String wait) {
    if (wait == null || wait.isBlank()) {
      return Duration.ZERO;
    }
    try {
      Duration duration = Duration.parse(wait);
      if (duration.isNegative() || duration.compareTo(MAX_WAIT) > 0) {
        throw new DateTimeParseException("out of range", wait, 0);
      }
      return duration;
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          "invalid wait",
          List.of(new Problem.FieldError("wait", "an ISO-8601 duration from PT0S to PT10M")));
    }
  }
}
