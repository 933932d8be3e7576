package dev.preflight.support.rest;

import java.util.List;

/** The request body is not valid JSON or breaks its schema. */
public class InvalidRequestException extends RuntimeException {
  private final List<Problem.FieldError> errors;

  public InvalidRequestException(String message, List<Problem.FieldError> errors) {
    super(message);
    this.errors = List.copyOf(errors);
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }
}
