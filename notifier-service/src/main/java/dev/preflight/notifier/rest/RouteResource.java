package dev.preflight.notifier.rest;

import dev.preflight.notifier.persistence.ModelContactEntity;
import dev.preflight.notifier.routing.Integration;
import dev.preflight.notifier.routing.PromDuration;
import dev.preflight.notifier.routing.RoutingTree;
import dev.preflight.notifier.routing.RoutingTree.InvalidRoutingException;
import dev.preflight.notifier.service.ReceiverDirectory;
import dev.preflight.notifier.service.RoutingService;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.rest.Problem.FieldError;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The routing document (admin) and where a model's alerts go. */
@Path("/api/v1")
@Tag(name = "routing")
@SecurityRequirement(name = "SecurityScheme")
public class RouteResource {

  private static final String YAML = "application/yaml";

  private final RoutingService routing;
  private final ReceiverDirectory directory;
  private final EntityManager entityManager;
  private final Caller caller;

  public RouteResource(
      RoutingService routing,
      ReceiverDirectory directory,
      EntityManager entityManager,
      Caller caller) {
    this.routing = routing;
    this.directory = directory;
    this.entityManager = entityManager;
    this.caller = caller;
  }

  public record RoutedTo(
      String route,
      String receiver,
      List<String> groupBy,
      String groupWait,
      String groupInterval,
      String repeatInterval,
      Optional<String> escalation,
      List<ReceiverView> integrations) {}

  /**
   * @param receivers every integration of every route, flattened: what probe-service's {@code
   *     creator-logged} check reports
   */
  public record ResolvedRoutes(String team, List<RoutedTo> routes, List<ReceiverView> receivers) {}

  /** An integration of a receiver, its target's secrets (query string, user info) masked. */
  public record ReceiverView(String name, String type, String target) {}

  /** The routing document in force (YAML), with its revision in {@code X-Routing-Revision}. */
  @GET
  @Path("/routing")
  @Produces({YAML, MediaType.TEXT_PLAIN})
  @RolesAllowed({Roles.ADMIN})
  public Response document() {
    RoutingService.Routing current = routing.current();
    return Response.ok(current.document(), YAML)
        .header("X-Routing-Revision", current.revision())
        .header("X-Routing-Source", current.source())
        .build();
  }

  /** Replaces the routing document; every instance applies it within a second. */
  @PUT
  @Path("/routing")
  @Consumes({
    YAML,
    "application/x-yaml",
    "text/yaml",
    MediaType.TEXT_PLAIN,
    MediaType.APPLICATION_JSON
  })
  @Produces({YAML, MediaType.TEXT_PLAIN})
  @RolesAllowed({Roles.ADMIN})
  public Response replace(String document) {
    RoutingService.Routing replaced;
    try {
      replaced = routing.replace(document, caller.name());
    } catch (InvalidRoutingException e) {
      throw new InvalidRequestException(
          "the routing document is not valid",
          e.errors().stream().map(RouteResource::fieldError).toList());
    }
    return Response.ok(replaced.document(), YAML)
        .header("X-Routing-Revision", replaced.revision())
        .build();
  }

  /**
   * The routes an alert of a model takes and who they reach; extra labels (e.g. {@code
   * label=severity=critical}) refine the alert.
   */
  @GET
  @Path("/routes/resolve")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.SERVICE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.PIPELINE})
  public ResolvedRoutes resolve(
      @QueryParam("modelId") String modelId,
      @QueryParam("team") String team,
      @QueryParam("label") List<String> labels) {
    Optional<ModelContactEntity> contact =
        Optional.ofNullable(modelId).filter(m -> !m.isBlank()).map(this::contactOf);
    String resolvedTeam =
        Optional.ofNullable(team)
            .filter(t -> !t.isBlank())
            .or(() -> contact.map(c -> c.team))
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "give the team or the modelId",
                        List.of(new FieldError("modelId", "required without team"))));
    TreeMap<String, String> alert = new TreeMap<>();
    alert.put("team", resolvedTeam);
    contact.ifPresent(c -> alert.put("model", c.modelId));
    for (String label : Optional.ofNullable(labels).orElse(List.of())) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw new InvalidRequestException(
            "labels are name=value", List.of(new FieldError("label", "'" + label + "'")));
      }
      alert.put(label.substring(0, eq), label.substring(eq + 1));
    }
    RoutingTree tree = routing.tree();
    List<RoutedTo> routes =
        tree.match(alert).stream()
            .map(
                route ->
                    new RoutedTo(
                        route.id(),
                        route.receiver(),
                        route.groupByAll() ? List.of(RoutingTree.ALL_LABELS) : route.groupBy(),
                        PromDuration.format(route.groupWait()),
                        PromDuration.format(route.groupInterval()),
                        PromDuration.format(route.repeatInterval()),
                        route.escalation(),
                        directory
                            .integrations(
                                tree,
                                route.receiver(),
                                contact.map(c -> c.modelId),
                                Optional.of(resolvedTeam))
                            .stream()
                            .map(i -> masked(route.receiver(), i))
                            .toList()))
            .toList();
    return new ResolvedRoutes(
        resolvedTeam,
        routes,
        routes.stream().flatMap(r -> r.integrations().stream()).distinct().toList());
  }

  private ModelContactEntity contactOf(String modelId) {
    ModelContactEntity contact = entityManager.find(ModelContactEntity.class, modelId);
    if (contact == null || !caller.mayRead(contact.team)) {
      throw new NotFoundException("model '" + modelId + "' is not known to the notifier");
    }
    return contact;
  }

  private static FieldError fieldError(String error) {
    int colon = error.indexOf(": ");
    return colon < 0
        ? new FieldError("document", error)
        : new FieldError(error.substring(0, colon), error.substring(colon + 2));
  }

  private static ReceiverView masked(String receiver, Integration integration) {
    String target = integration.target();
    if (!(integration instanceof Integration.Email)) {
      try {
        URI uri = URI.create(target);
        // A Slack incoming webhook's path is its secret.
        String path = integration instanceof Integration.Slack ? "/…" : uri.getPath();
        target =
            new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), path, null, null)
                .toString();
      } catch (Exception notAUrl) {
        target = "(invalid URL)";
      }
    }
    return new ReceiverView(receiver, integration.type(), target);
  }
}
