package dev.preflight.support.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.preflight.support.persistence.Outages;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answers as {@code application/problem+json} (RFC 9457). */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper({
    InvalidRequestException.class,
    JsonProcessingException.class,
    // named, so that they win over quarkus-rest-jackson's own mappers, which answer an empty 400
    MismatchedInputException.class,
    InvalidFormatException.class,
    JsonParseException.class,
    ValueInstantiationException.class,
    ProblemException.class,
    NotFoundException.class,
    ConflictException.class,
    AccessDeniedException.class
  })
  public Response expected(Exception e, UriInfo uri) {
    return respond(Problems.of(e, uri.getPath()).orElseThrow());
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
      return expected(malformed, uri);
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
    if (Outages.databaseUnavailable(e)) {
      // an outage, not a bug: the caller may retry, as pipelines do (found by the fault suite)
      LOG.warnf("request %s: the database is unavailable (%s)", uri.getPath(), e.getMessage());
      Response response =
          problem(
              503,
              "unavailable",
              "Service unavailable",
              "the database is unavailable; retry shortly",
              uri,
              List.of());
      return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, "5").build();
    }
    if (Outages.sqlState(e).filter("23505"::equals).isPresent()) {
      // two requests raced to create the same thing (found by RestFuzzIT: concurrent derivations of
      // one template both took the next version); the loser may retry
      return problem(
          409,
          "conflict",
          "Conflict",
          "a concurrent request changed the same resource; read it again and retry",
          uri,
          List.of());
    }
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
    return respond(Problems.problem(status, type, title, detail, uri.getPath(), errors));
  }

  public static Response respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}
