package dev.preflight.support.rest;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * An error answer in RFC 9457's problem details format ({@code application/problem+json}).
 *
 * @param errors for invalid requests, one entry per field
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    URI type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors,
    @JsonIgnore Map<String, Object> extensions) {

  public Problem(
      URI type, String title, int status, String detail, String instance, List<FieldError> errors) {
    this(type, title, status, detail, instance, errors, Map.of());
  }

  /** RFC 9457's extension members, e.g. the items that block a gate. */
  @JsonAnyGetter
  public Map<String, Object> extensionMembers() {
    return extensions;
  }

  public static final String MEDIA_TYPE = "application/problem+json";

  /** What is wrong with one field, named by its JSON pointer (e.g. {@code /owner/email}). */
  public record FieldError(String field, String message) {}
}
