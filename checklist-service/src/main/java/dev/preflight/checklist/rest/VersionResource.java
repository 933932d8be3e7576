package dev.preflight.checklist.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.checklist.domain.ChecklistMarkdown;
import dev.preflight.checklist.persistence.ModelVersionEntity;
import dev.preflight.checklist.rest.Views.ChecklistView;
import dev.preflight.checklist.rest.Views.VersionView;
import dev.preflight.checklist.service.ChecklistReader;
import dev.preflight.checklist.service.ChecklistSnapshot;
import dev.preflight.checklist.service.GateService;
import dev.preflight.checklist.service.Page;
import dev.preflight.checklist.service.Registered;
import dev.preflight.checklist.service.VersionService;
import dev.preflight.contracts.model.VersionManifest;
import dev.preflight.support.rest.Paging;
import dev.preflight.support.rest.RequestReader;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/models/{modelId}/versions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "versions")
@SecurityRequirement(name = "SecurityScheme")
public class VersionResource {

  /** The media type of the checklist document. */
  public static final String MARKDOWN = "text/markdown";

  private final VersionService versions;
  private final RequestReader requests;
  private final Views views;
  private final Caller caller;
  private final ChecklistReader checklists;
  private final GateService gates;

  public VersionResource(
      VersionService versions,
      RequestReader requests,
      Views views,
      Caller caller,
      ChecklistReader checklists,
      GateService gates) {
    this.checklists = checklists;
    this.gates = gates;
    this.versions = versions;
    this.requests = requests;
    this.views = views;
    this.caller = caller;
  }

  /**
   * Registers a version with its manifest and starts its checklist; 201 the first time, 200 when
   * repeated, 409 when the manifest differs.
   */
  @POST
  @RolesAllowed({Roles.PIPELINE, Roles.ADMIN})
  @Operation(
      summary = "Register a version with its manifest (pipeline)",
      description =
          "Creates its checklist from the model's template and enters after-training, which starts"
              + " the probes. The manifest is validated against its schema; input and output"
              + " schemas must be valid JSON Schema. The same manifest again answers 200; another"
              + " one for the same version, 409.")
  public Response register(
      @PathParam("modelId") String modelId,
      @RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = VersionManifest.class),
                      examples =
                          @ExampleObject(
                              name = "1.0.0",
                              value =
                                  "{\"version\": \"1.0.0\", \"features\": [{\"name\": \"amount\","
                                      + " \"type\": \"numeric\"}], \"trainingMetrics\":"
                                      + " {\"accuracy\": {\"value\": 0.93, \"tolerance\":"
                                      + " 0.01}}}")))
          JsonNode body) {
    VersionManifest manifest =
        requests.read(body, RequestReader.VERSION_MANIFEST, VersionManifest.class);
    Registered<ModelVersionEntity> registered = versions.register(modelId, manifest, caller);
    VersionView view = views.version(registered.value());
    return Responses.registered(registered.created(), view.links().get("self"), view);
  }

  @GET
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(
      summary = "The model's versions, oldest first",
      description = "Paginated: page, size; X-Total-Count and Link.")
  public Response list(
      @PathParam("modelId") String modelId,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size,
      @Context UriInfo uri) {
    Paging.PageRequest request = new Paging.PageRequest(page, size);
    Page<ModelVersionEntity> found = versions.list(modelId, caller, request);
    return Paging.response(
        uri, found.items().stream().map(views::version).toList(), request, found.total());
  }

  @GET
  @Path("/{version}")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(summary = "A version with its manifest and checklist summary")
  public VersionView get(
      @PathParam("modelId") String modelId, @PathParam("version") String version) {
    return views.version(versions.get(modelId, version, caller));
  }

  /** All phases and items with state, evidence and history. */
  @GET
  @Path("/{version}/checklist")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(
      summary = "The checklist: phases, items, evidence, history and readiness scores",
      description = "With Accept: text/markdown, the filled checklist document instead.")
  public ChecklistView checklist(
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      @Parameter(
              description =
                  "gate targets (test, prod, live; comma-separated) whose decisions to include, as"
                      + " GET …/gate answers them without waiting: one read for a page that shows"
                      + " both")
          @QueryParam("gates")
          String targets) {
    ChecklistSnapshot snapshot = checklists.read(modelId, version, caller);
    ChecklistView checklist = views.checklist(snapshot);
    if (targets == null || targets.isBlank()) {
      return checklist;
    }
    // Decided on the items just read: the gates and the items shown are of one moment, and no
    // further query is needed.
    List<Views.GateView> decided = new ArrayList<>();
    for (String target : targets.split(",")) {
      decided.add(
          views.gate(
              modelId,
              version,
              GateService.decide(snapshot.version(), GateService.requireTarget(target.strip()))));
    }
    return checklist.withGates(decided);
  }

  /** The filled checklist as the document that ships alongside the model. */
  @GET
  @Path("/{version}/checklist")
  @Produces(MARKDOWN)
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(
      summary = "The filled checklist as Markdown",
      description = "Laid out like the seed checklist, with one line of evidence per item.")
  public Response checklistDocument(
      @PathParam("modelId") String modelId, @PathParam("version") String version) {
    String markdown =
        ChecklistMarkdown.render(
            views.document(
                checklists.read(modelId, version, caller), OffsetDateTime.now(ZoneOffset.UTC)));
    return Response.ok(markdown, MARKDOWN + "; charset=utf-8")
        .header(
            "Content-Disposition",
            "inline; filename=\"" + modelId + "-" + version + "-checklist.md\"")
        .build();
  }
}
