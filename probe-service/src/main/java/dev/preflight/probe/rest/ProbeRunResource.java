package dev.preflight.probe.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.contracts.Event;
import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.Phase;
import dev.preflight.probe.check.ProbeRunner;
import dev.preflight.probe.messaging.PhaseHistory;
import dev.preflight.probe.run.ProbeRuns;
import dev.preflight.probe.synthetic.SyntheticProbes;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.rest.Problem;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Re-runs of a phase's checks (or one item's), and what the synthetic probes watch. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "probe runs")
@SecurityRequirement(name = "SecurityScheme")
public class ProbeRunResource {

  private static final Logger LOG = Logger.getLogger(ProbeRunResource.class);

  private final ProbeRunner runner;
  private final PhaseHistory history;
  private final SyntheticProbes synthetic;
  private final Caller caller;
  private final ProbeRuns runs;

  public ProbeRunResource(
      ProbeRunner runner,
      PhaseHistory history,
      ProbeRuns runs,
      SyntheticProbes synthetic,
      Caller caller) {
    this.runner = runner;
    this.history = history;
    this.runs = runs;
    this.synthetic = synthetic;
    this.caller = caller;
  }

  /** What to re-run: a version's phase, or one item of it. */
  public record RunRequest(String modelId, String version, String phase, Optional<String> itemId) {}

  /** An accepted re-run; its events arrive on {@code preflight.probe-results.v1}. */
  public record RunAccepted(
      String runId, String modelId, String version, String phase, List<String> items) {}

  @POST
  @Path("/probe-runs")
  @Consumes(MediaType.APPLICATION_JSON)
  @Blocking
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN})
  @Operation(
      summary = "Re-run a phase's checks, or one item's",
      description =
          "Verifies the phase as it was last entered (its latest phase.entered on the lifecycle"
              + " topic). Answers 202 with the run id; probe.run.started, check.completed and"
              + " probe.run.completed follow on preflight.probe-results.v1, and the checklist"
              + " updates.")
  public Response rerun(JsonNode body) {
    RunRequest request = request(body);
    Phase phase = Phase.of(request.phase());
    Event<PhaseEntered> entered =
        history
            .latest(request.modelId(), request.version(), phase)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "version "
                            + request.version()
                            + " of model '"
                            + request.modelId()
                            + "' has not entered "
                            + request.phase()));
    caller.requireVisible(
        entered.data().model().team(),
        () ->
            new NotFoundException(
                "version "
                    + request.version()
                    + " of model '"
                    + request.modelId()
                    + "' has not entered "
                    + request.phase()));
    List<String> items =
        entered.data().items().stream()
            .filter(PhaseEntered.PhaseItem::automated)
            .map(PhaseEntered.PhaseItem::itemId)
            .filter(runner.checks()::containsKey)
            .filter(id -> request.itemId().map(id::equals).orElse(true))
            .toList();
    if (items.isEmpty()) {
      throw new InvalidRequestException(
          "nothing to verify",
          List.of(
              new Problem.FieldError("/itemId", "not an automated item of " + request.phase())));
    }
    Event<PhaseEntered> trigger = entered.withId(UUID.randomUUID().toString());
    String runId = Event.derivedId(trigger.id(), "run");
    runs.start(trigger, request.itemId())
        .done()
        .exceptionally(
            failure -> {
              LOG.errorf(failure, "re-run %s failed", runId);
              return null;
            });
    return Response.accepted(
            new RunAccepted(runId, request.modelId(), request.version(), request.phase(), items))
        .build();
  }

  @GET
  @Path("/synthetic-probes")
  @RolesAllowed({Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(summary = "The versions in production the synthetic health probes watch, up or down")
  public Map<String, String> syntheticProbes() {
    // Other teams' models are not shown, as everywhere.
    return synthetic.targets(caller::mayRead);
  }

  private static RunRequest request(JsonNode body) {
    List<Problem.FieldError> errors = new java.util.ArrayList<>();
    for (String field : List.of("modelId", "version", "phase")) {
      if (body == null || !body.path(field).isTextual() || body.path(field).asText().isBlank()) {
        errors.add(new Problem.FieldError("/" + field, "required"));
      }
    }
    if (errors.isEmpty()) {
      try {
        Phase.of(body.get("phase").asText());
      } catch (IllegalArgumentException e) {
        errors.add(
            new Problem.FieldError("/phase", "after-training, test-deployment or prod-deployment"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException("invalid probe run", errors);
    }
    return new RunRequest(
        body.get("modelId").asText(),
        body.get("version").asText(),
        body.get("phase").asText(),
        Optional.ofNullable(body.get("itemId")).filter(JsonNode::isTextual).map(JsonNode::asText));
  }
}
