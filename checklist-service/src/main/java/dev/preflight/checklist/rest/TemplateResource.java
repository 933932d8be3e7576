package dev.preflight.checklist.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.checklist.domain.ChecklistTemplate;
import dev.preflight.checklist.domain.TemplateDerivation;
import dev.preflight.checklist.domain.TemplateRef;
import dev.preflight.checklist.service.TemplateService;
import dev.preflight.support.rest.RequestReader;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Checklist templates: everyone reads them, admins derive new ones. */
@Path("/api/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "templates", description = "Versioned checklist templates")
@SecurityRequirement(name = "SecurityScheme")
public class TemplateResource {

  /** Body of {@code POST /api/v1/templates}. */
  public static final String TEMPLATE_DERIVATION = "template-derivation.schema.json";

  private static final String EXAMPLE =
      """
      {"id": "fraud-strict", "basedOn": {"id": "default", "version": 1}, "gateMode": "enforce",
       "add": [{"id": "bias-reviewed", "phase": "after-training", "manualOnly": true, "required": true,
                "text": "Model bias across customer segments is reviewed"}],
       "remove": ["prod-traffic-rerouted"],
       "modify": [{"itemId": "test-latency-ok", "parameters": {"concurrency": 16}}]}
      """;

  private final TemplateService templates;
  private final RequestReader requests;
  private final Caller caller;

  public TemplateResource(TemplateService templates, RequestReader requests, Caller caller) {
    this.templates = templates;
    this.requests = requests;
    this.caller = caller;
  }

  @GET
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(summary = "The latest version of every template")
  public List<ChecklistTemplate> list() {
    return templates.listLatest();
  }

  @GET
  @Path("/{templateId}")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(summary = "Every version of a template, oldest first")
  public List<ChecklistTemplate> versions(@PathParam("templateId") String templateId) {
    return templates.versions(templateId);
  }

  @GET
  @Path("/{templateId}/versions/{version}")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(summary = "One version of a template")
  public ChecklistTemplate get(
      @PathParam("templateId") String templateId, @PathParam("version") int version) {
    return templates.get(new TemplateRef(templateId, version));
  }

  /**
   * Derives a template: items added, removed, re-worded, re-parameterised or made manual-only, and
   * its gate mode. A new id starts at version 1; an existing one gets its next version.
   */
  @POST
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      summary = "Derive a template (admin)",
      description =
          "Creates the next version of the template (version 1 of a new id) from a base version."
              + " Versions never change: checklists keep the version they were created from.")
  public Response derive(
      @RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = TemplateDerivation.class),
                      examples = @ExampleObject(name = "strict", value = EXAMPLE)))
          JsonNode body) {
    TemplateDerivation derivation =
        requests.read(body, TEMPLATE_DERIVATION, TemplateDerivation.class);
    ChecklistTemplate template = templates.derive(derivation, caller.name());
    return Responses.registered(
        true, "/api/v1/templates/" + template.id() + "/versions/" + template.version(), template);
  }
}
