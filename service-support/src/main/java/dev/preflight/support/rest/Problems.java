package dev.preflight.support.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The problem details (RFC 9457) of the failures a request can cause: invalid input, a missing or
 * conflicting resource, another team's resource. REST answers with them, and an event ingress
 * reports them as the reasons an event was rejected.
 */
public final class Problems {

  /** Every problem type is this base followed by a short name, e.g. {@code gate-closed}. */
  public static final String TYPES = "https://preflight.dev/problems/";

  private Problems() {}

  public static URI type(String name) {
    return URI.create(TYPES + name);
  }

  public static Problem problem(
      int status,
      String type,
      String title,
      String detail,
      String instance,
      List<Problem.FieldError> errors) {
    return new Problem(type(type), title, status, detail, instance, errors);
  }

  /**
   * The problem an expected failure stands for, or empty for anything unforeseen (which is a bug or
   * an outage, not the caller's fault).
   */
  public static Optional<Problem> of(Throwable failure, String instance) {
    if (failure instanceof InvalidRequestException e) {
      return Optional.of(
          problem(400, "invalid-request", "Invalid request", e.getMessage(), instance, e.errors()));
    }
    if (failure instanceof JsonProcessingException e) {
      return Optional.of(
          problem(
              400,
              "malformed-json",
              "Malformed JSON",
              e.getOriginalMessage(),
              instance,
              List.of()));
    }
    if (failure instanceof ProblemException e) {
      return Optional.of(
          new Problem(
              type(e.type()),
              e.title(),
              e.status(),
              e.getMessage(),
              instance,
              List.of(),
              e.extensions()));
    }
    if (failure instanceof NotFoundException e) {
      return Optional.of(
          problem(404, "not-found", "Not found", e.getMessage(), instance, List.of()));
    }
    if (failure instanceof ConflictException e) {
      return Optional.of(problem(409, "conflict", "Conflict", e.getMessage(), instance, List.of()));
    }
    if (failure instanceof AccessDeniedException e) {
      return Optional.of(
          problem(403, "forbidden", "Forbidden", e.getMessage(), instance, List.of()));
    }
    return Optional.empty();
  }

  /** One line per thing wrong: the detail, then each field error. */
  public static List<String> reasons(Problem problem) {
    List<String> reasons = new java.util.ArrayList<>();
    if (problem.detail() != null && !problem.detail().isBlank()) {
      reasons.add(problem.detail());
    }
    problem.errors().forEach(error -> reasons.add(error.field() + ": " + error.message()));
    if (reasons.isEmpty()) {
      reasons.add(problem.title());
    }
    return List.copyOf(reasons);
  }
}
