package dev.preflight.notifier.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.notifier.persistence.SilenceEntity;
import dev.preflight.notifier.routing.Matcher;
import dev.preflight.notifier.service.SilenceService;
import dev.preflight.support.rest.InvalidRequestException;
import dev.preflight.support.rest.NotFoundException;
import dev.preflight.support.rest.Problem.FieldError;
import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Silences, as in Alertmanager: matchers (strings such as {@code check="feature-drift"} or
 * Alertmanager's {@code {name, value, isRegex, isEqual}}), a start, an end and a comment; the
 * author is the token's.
 */
@Path("/api/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "silences")
@SecurityRequirement(name = "SecurityScheme")
public class SilenceResource {

  private final SilenceService silences;
  private final Caller caller;
  private final ObjectMapper mapper;

  public SilenceResource(SilenceService silences, Caller caller, ObjectMapper mapper) {
    this.silences = silences;
    this.caller = caller;
    this.mapper = mapper;
  }

  public record SilenceRequest(
      JsonNode matchers,
      Optional<OffsetDateTime> startsAt,
      OffsetDateTime endsAt,
      String comment) {}

  public record SilenceView(
      UUID id,
      List<String> matchers,
      OffsetDateTime startsAt,
      OffsetDateTime endsAt,
      String createdBy,
      String comment,
      Optional<String> team,
      String state,
      OffsetDateTime updatedAt) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.ENGINEER, Roles.ADMIN})
  public Response create(SilenceRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
    if (request == null) {
      throw new InvalidRequestException(
          "the silence is missing", List.of(new FieldError("body", "required")));
    }
    SilenceEntity silence =
        silences.create(
            new SilenceService.Draft(
                matchers(request.matchers()),
                Optional.ofNullable(request.startsAt()).flatMap(s -> s),
                request.endsAt(),
                request.comment()),
            caller);
    return Response.created(uri.getAbsolutePathBuilder().path(silence.id.toString()).build())
        .entity(view(silence))
        .build();
  }

  @GET
  @RolesAllowed({Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public List<SilenceView> list(@QueryParam("state") String state) {
    return silences.list(caller).stream()
        .map(this::view)
        .filter(v -> state == null || v.state().equals(state))
        .toList();
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public SilenceView get(@PathParam("id") String id) {
    return view(silences.visible(uuid(id), caller));
  }

  /** A firing alert a silence selects. */
  public record MutedAlert(String fingerprint, JsonNode labels, OffsetDateTime startsAt) {}

  /** The firing alerts of the caller's teams that the silence's matchers select. */
  @GET
  @Path("/{id}/alerts")
  @RolesAllowed({Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public List<MutedAlert> alerts(@PathParam("id") String id) {
    return silences.matching(silences.visible(uuid(id), caller), caller).stream()
        .map(a -> new MutedAlert(a.fingerprint, tree(a.labels), a.startsAt))
        .toList();
  }

  /** Expires the silence now. */
  @DELETE
  @Path("/{id}")
  @RolesAllowed({Roles.ENGINEER, Roles.ADMIN})
  public SilenceView expire(@PathParam("id") String id) {
    return view(silences.expire(uuid(id), caller));
  }

  private JsonNode tree(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored labels are not JSON", e);
    }
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("silence " + id + " does not exist");
    }
  }

  private static List<Matcher> matchers(JsonNode node) {
    List<Matcher> matchers = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    if (node == null || !node.isArray()) {
      throw new InvalidRequestException(
          "the silence is not valid",
          List.of(new FieldError("matchers", "a list of matchers such as team=\"fraud\"")));
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode m = node.get(i);
      try {
        if (m.isTextual()) {
          matchers.add(Matcher.parse(m.asText()));
        } else if (m.isObject() && m.hasNonNull("name") && m.hasNonNull("value")) {
          boolean regex = m.path("isRegex").asBoolean(false);
          boolean equal = m.path("isEqual").asBoolean(true);
          Matcher.Operator operator =
              regex
                  ? (equal ? Matcher.Operator.REGEX : Matcher.Operator.NOT_REGEX)
                  : (equal ? Matcher.Operator.EQUAL : Matcher.Operator.NOT_EQUAL);
          matchers.add(Matcher.of(m.get("name").asText(), operator, m.get("value").asText()));
        } else {
          errors.add(
              new FieldError(
                  "matchers[" + i + "]", "a matcher string or {name, value, isRegex, isEqual}"));
        }
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("matchers[" + i + "]", e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException("the silence is not valid", errors);
    }
    return matchers;
  }

  private SilenceView view(SilenceEntity s) {
    return new SilenceView(
        s.id,
        silences.matchers(s).stream().map(Matcher::toString).toList(),
        s.startsAt,
        s.endsAt,
        s.createdBy,
        s.comment,
        Optional.ofNullable(s.team),
        SilenceService.state(s, OffsetDateTime.now(ZoneOffset.UTC)),
        s.updatedAt);
  }
}
