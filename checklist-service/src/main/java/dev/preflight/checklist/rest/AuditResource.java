package dev.preflight.checklist.rest;

import dev.preflight.checklist.persistence.AuditEntryEntity;
import dev.preflight.checklist.service.AuditLog;
import dev.preflight.checklist.service.ModelService;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.Problem;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit log: who changed what, when, from what to what, on which evidence. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit", description = "The append-only audit log")
@SecurityRequirement(name = "SecurityScheme")
public class AuditResource {

  private static final int MAX_LIMIT = 1000;

  private final AuditLog audit;
  private final ModelService models;
  private final Views views;
  private final Caller caller;

  public AuditResource(AuditLog audit, ModelService models, Views views, Caller caller) {
    this.audit = audit;
    this.models = models;
    this.views = views;
    this.caller = caller;
  }

  @GET
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(
      summary = "Audit entries, oldest first",
      description =
          "Of one model (modelId) or of every model the token's teams may read; since an instant"
              + " (ISO-8601). Paginated: pass the id of the last entry as after; the Link header"
              + " names the next page.")
  public Response list(
      @QueryParam("modelId") String modelId,
      @QueryParam("since") String since,
      @QueryParam("after") @DefaultValue("0") long after,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @Context UriInfo uri) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException(
          "invalid limit", List.of(new Problem.FieldError("limit", "from 1 to " + MAX_LIMIT)));
    }
    Optional<String> model = Optional.ofNullable(modelId).filter(m -> !m.isBlank());
    model.ifPresent(m -> models.get(m, caller));
    Optional<Collection<String>> teams =
        model.isPresent() || caller.readsAllTeams()
            ? Optional.empty()
            : Optional.of(caller.teams());
    List<AuditEntryEntity> page = audit.page(model, parseSince(since), teams, after, limit);
    Response.ResponseBuilder response = Response.ok(page.stream().map(views::audit).toList());
    if (page.size() == limit) {
      response.link(
          uri.getRequestUriBuilder()
              .replaceQueryParam("after", page.get(page.size() - 1).id)
              .build(),
          "next");
    }
    return response.build();
  }

  private static Optional<OffsetDateTime> parseSince(String since) {
    if (since == null || since.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(since));
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          "invalid since",
          List.of(
              new Problem.FieldError("since", "an ISO-8601 date-time, e.g. 2026-11-28T09:00:00Z")));
    }
  }
}
