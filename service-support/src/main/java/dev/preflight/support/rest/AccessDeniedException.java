package dev.preflight.support.rest;

/** The caller's token does not allow touching this team's resources: answered with 403. */
public class AccessDeniedException extends RuntimeException {
  public AccessDeniedException(String message) {
    super(message);
  }
}
