package dev.preflight.checklist.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.checklist.persistence.ModelEntity;
import dev.preflight.checklist.rest.Views.ModelView;
import dev.preflight.checklist.service.ModelRegistration;
import dev.preflight.checklist.service.ModelService;
import dev.preflight.checklist.service.Page;
import dev.preflight.checklist.service.Registered;
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
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "models")
@SecurityRequirement(name = "SecurityScheme")
public class ModelResource {

  private final ModelService models;
  private final RequestReader requests;
  private final Views views;
  private final Caller caller;

  public ModelResource(ModelService models, RequestReader requests, Views views, Caller caller) {
    this.models = models;
    this.requests = requests;
    this.views = views;
    this.caller = caller;
  }

  /**
   * Registers a model; 201 the first time, 200 with the model when repeated, 409 when different.
   */
  @POST
  @RolesAllowed({Roles.PIPELINE, Roles.ADMIN})
  @Operation(
      summary = "Register a model (pipeline)",
      description =
          "The model's team must be one of the token's teams. 201 the first time; the same"
              + " registration again answers 200 with the model; different details for the id,"
              + " 409.")
  public Response register(
      @RequestBody(
              content =
                  @Content(
                      schema = @Schema(implementation = ModelRegistration.class),
                      examples =
                          @ExampleObject(
                              name = "fraud-detector",
                              value =
                                  "{\"modelId\": \"fraud-detector\", \"name\": \"Fraud detector\","
                                      + " \"team\": \"fraud\", \"owner\": {\"name\": \"Ada"
                                      + " Lovelace\", \"email\": \"ada@acme.dev\"}}")))
          JsonNode body) {
    ModelRegistration registration =
        requests.read(body, RequestReader.MODEL_REGISTRATION, ModelRegistration.class);
    Registered<ModelEntity> registered = models.register(registration, caller);
    ModelView view = views.model(registered.value());
    return Responses.registered(registered.created(), view.links().get("self"), view);
  }

  @GET
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(
      summary = "The models the token may see, by id",
      description =
          "Its teams' models (every model for admins); with q, those whose id or name contains it"
              + " (ignoring case). Paginated: page, size; X-Total-Count and Link.")
  public Response list(
      @Parameter(description = "part of the model's id or name") @QueryParam("q") String search,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size,
      @Context UriInfo uri) {
    Paging.PageRequest request = new Paging.PageRequest(page, size);
    Page<ModelEntity> models = this.models.list(caller, Optional.ofNullable(search), request);
    return Paging.response(
        uri, models.items().stream().map(views::model).toList(), request, models.total());
  }

  @GET
  @Path("/{modelId}")
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(
      summary = "A model with its team and owner",
      description = "404 for models of other teams.")
  public ModelView get(@PathParam("modelId") String modelId) {
    return views.model(models.get(modelId, caller));
  }
}
