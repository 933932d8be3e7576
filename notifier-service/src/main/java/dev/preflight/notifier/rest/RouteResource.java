package dev.preflight.notifier.rest;

import dev.preflight.notifier.alerting.Receiver;
import dev.preflight.notifier.persistence.ModelContactEntity;
import dev.preflight.notifier.service.RouteResolver;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Which receivers a model's alerts reach. */
@Path("/api/v1/routes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "routes")
@SecurityRequirement(name = "SecurityScheme")
public class RouteResource {

  private final RouteResolver routes;
  private final EntityManager entityManager;

  public RouteResource(RouteResolver routes, EntityManager entityManager) {
    this.routes = routes;
    this.entityManager = entityManager;
  }

  public record ResolvedRoutes(String team, List<ReceiverView> receivers) {}

  /** A receiver with its target's secrets (query string, user info) masked. */
  public record ReceiverView(String name, String type, String target) {}

  /**
   * The receivers of the alerts of a model, by its team (given, or known from its registration).
   */
  @GET
  @Path("/resolve")
  @RolesAllowed({Roles.SERVICE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.PIPELINE})
  public ResolvedRoutes resolve(
      @QueryParam("modelId") String modelId, @QueryParam("team") String team) {
    String resolvedTeam =
        Optional.ofNullable(team)
            .filter(t -> !t.isBlank())
            .or(() -> Optional.ofNullable(modelId).map(this::teamOf))
            .orElseThrow(
                () -> new InvalidRequestException("give the team or the modelId", List.of()));
    return new ResolvedRoutes(
        resolvedTeam, routes.resolve(resolvedTeam).stream().map(RouteResource::masked).toList());
  }

  private String teamOf(String modelId) {
    ModelContactEntity contact = entityManager.find(ModelContactEntity.class, modelId);
    if (contact == null) {
      throw new NotFoundException("model '" + modelId + "' is not known to the notifier");
    }
    return contact.team;
  }

  private static ReceiverView masked(Receiver receiver) {
    String target = receiver.target();
    try {
      URI uri = URI.create(target);
      target =
          new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
              .toString();
    } catch (Exception notAUrl) {
      // e-mail addresses and the like stay as they are
    }
    return new ReceiverView(receiver.name(), receiver.type(), target);
  }
}
