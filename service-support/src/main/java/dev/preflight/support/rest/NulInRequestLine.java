package dev.preflight.support.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses {@code %00} in a request's path or query: no id, version or filter value holds U+0000,
 * and PostgreSQL would fail on it as a 500 (found by the REST fuzzer) rather than answer 404.
 */
public class NulInRequestLine {

  @ServerRequestFilter(preMatching = true)
  public Optional<Response> refuse(ContainerRequestContext request) {
    URI uri = request.getUriInfo().getRequestUri();
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    if (!rawPath.contains("%00") && !rawQuery.contains("%00")) {
      return Optional.empty();
    }
    return Optional.of(
        ProblemMappers.respond(
            Problems.problem(
                400,
                "invalid-request",
                "Invalid request",
                "U+0000 (%00) is not accepted in a path or query",
                rawPath,
                List.of(
                    new Problem.FieldError(
                        rawPath.contains("%00") ? "path" : "query", "contains %00")))));
  }
}
