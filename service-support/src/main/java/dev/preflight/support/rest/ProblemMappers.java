package dev.preflight.support.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answers as {@code application/problem+json} (RFC 9457). */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final String TYPES = "https://preflight.dev/problems/";

  @ServerExceptionMapper
  public Response invalid(InvalidRequestException e, UriInfo uri) {
    return problem(400, "invalid-request", "Invalid request", e.getMessage(), uri, e.errors());
  }

  @ServerExceptionMapper
  public Response malformed(JsonProcessingException e, UriInfo uri) {
    return problem(400, "malformed-json", "Malformed JSON", e.getOriginalMessage(), uri, List.of());
  }

  @ServerExceptionMapper
  public Response specific(ProblemException e, UriInfo uri) {
    Problem problem =
        new Problem(
            URI.create(TYPES + e.type()),
            e.title(),
            e.status(),
            e.getMessage(),
            uri.getPath(),
            List.of(),
            e.extensions());
    return Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, UriInfo uri) {
    return problem(404, "not-found", "Not found", e.getMessage(), uri, List.of());
  }

  @ServerExceptionMapper
  public Response conflict(ConflictException e, UriInfo uri) {
    return problem(409, "conflict", "Conflict", e.getMessage(), uri, List.of());
  }

  @ServerExceptionMapper
  public Response wrongTeam(AccessDeniedException e, UriInfo uri) {
    return problem(403, "forbidden", "Forbidden", e.getMessage(), uri, List.of());
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return problem(
        403,
        "forbidden",
        "Forbidden",
        "the token's roles do not allow this request",
        uri,
        List.of());
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e, UriInfo uri) {
    Response response =
        problem(
            401,
            "unauthorized",
            "Unauthorized",
            "a valid bearer token is required",
            uri,
            List.of());
    return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonProcessingException malformed) {
      return malformed(malformed, uri);
    }
    int status = e.getResponse().getStatus();
    if (status == 500) {
      return unexpected(e, uri);
    }
    Response response =
        problem(
            status,
            "http-" + status,
            e.getResponse().getStatusInfo().getReasonPhrase(),
            e.getMessage(),
            uri,
            List.of());
    // Keep what the exception says about retrying (503) or the allowed methods (405).
    Response.ResponseBuilder builder = Response.fromResponse(response);
    e.getResponse()
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                values.forEach(value -> builder.header(name, value));
              }
            });
    return builder.build();
  }

  /**
   * Anything unforeseen: logged with an id the caller can quote, never a stack trace on the wire.
   */
  @ServerExceptionMapper
  public Response unexpected(Exception e, UriInfo uri) {
    String errorId = UUID.randomUUID().toString();
    LOG.errorf(
        e,
        "request %s %s failed (error id %s)",
        uri.getPath(),
        e.getClass().getSimpleName(),
        errorId);
    return problem(
        500,
        "internal-error",
        "Internal error",
        "the request failed; error id " + errorId,
        uri,
        List.of());
  }

  static Response problem(
      int status,
      String type,
      String title,
      String detail,
      UriInfo uri,
      List<Problem.FieldError> errors) {
    Problem problem =
        new Problem(URI.create(TYPES + type), title, status, detail, uri.getPath(), errors);
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}
