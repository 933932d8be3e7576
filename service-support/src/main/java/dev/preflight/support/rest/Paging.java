package dev.preflight.support.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * Pages of lists: {@code ?page=0&size=50} (size at most 500). The body is the page's items; {@code
 * X-Total-Count} tells how many there are, and {@code Link} names the next and previous pages.
 */
public final class Paging {

  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  private Paging() {}

  /** A checked page request. */
  public record PageRequest(int page, int size) {
    public PageRequest {
      if (page < 0 || size < 1 || size > MAX_SIZE) {
        throw new InvalidRequestException(
            "invalid page",
            List.of(
                new Problem.FieldError(
                    page < 0 ? "page" : "size", page < 0 ? "from 0" : "from 1 to " + MAX_SIZE)));
      }
    }
  }

  public static Response response(UriInfo uri, List<?> items, PageRequest request, long total) {
    Response.ResponseBuilder response = Response.ok(items).header("X-Total-Count", total);
    if ((long) (request.page() + 1) * request.size() < total) {
      response.link(
          uri.getRequestUriBuilder()
              .replaceQueryParam("page", request.page() + 1)
              .replaceQueryParam("size", request.size())
              .build(),
          "next");
    }
    if (request.page() > 0) {
      response.link(
          uri.getRequestUriBuilder()
              .replaceQueryParam("page", request.page() - 1)
              .replaceQueryParam("size", request.size())
              .build(),
          "prev");
    }
    return response.build();
  }
}
