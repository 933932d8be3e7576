package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a service answered: a status and a JSON body, or that it could not be reached. A page shows
 * a part whose service is unavailable as such and renders the rest.
 *
 * @param status the HTTP status; 0 when the service could not be reached or did not answer in time
 * @param failure why the service could not be reached, when it could not
 */
public record Reply(
    Service service, int status, JsonNode body, Optional<Long> total, Optional<String> failure) {

  static Reply unreachable(Service service, String why) {
    return new Reply(service, 0, MissingNode.getInstance(), Optional.empty(), Optional.of(why));
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The service could not be reached, or answered that it cannot serve now (502, 503, 504). */
  public boolean unavailable() {
    return status == 0 || status == 502 || status == 503 || status == 504;
  }

  public boolean notFound() {
    return status == 404;
  }

  /**
   * The status of the page that shows this failed reply: the service's own client error (403, 404,
   * 409, 422, ...), 503 when it is unavailable, 502 when it failed otherwise.
   */
  public int pageStatus() {
    if (unavailable()) {
      return 503;
    }
    return status >= 400 && status < 500 ? status : 502;
  }

  /** What went wrong, as the service's problem+json says it. */
  public Problem problem() {
    List<FieldError> errors = new ArrayList<>();
    for (JsonNode error : body.path("errors")) {
      errors.add(new FieldError(error.path("field").asText(""), error.path("message").asText("")));
    }
    String title = body.path("title").asText("");
    String detail = body.path("detail").asText("");
    if (unavailable()) {
      title = service.title() + " is unavailable";
      detail = failure.orElse("it answered " + status);
    } else if (title.isEmpty()) {
      title = service.title() + " answered " + status;
    }
    return new Problem(service, status, title, detail, errors);
  }

  /** A service's problem+json, for the page. */
  public record Problem(
      Service service, int status, String title, String detail, List<FieldError> errors) {

    /** The error of one field, e.g. {@code /comment}, if the service named it. */
    public Optional<String> errorOf(String field) {
      return errors.stream()
          .filter(e -> e.field().equals(field) || e.field().equals("/" + field))
          .map(FieldError::message)
          .findFirst();
    }

    /** What the service said in one line. */
    public String message() {
      return detail.isEmpty() ? title : title + ": " + detail;
    }
  }

  public record FieldError(String field, String message) {}
}
