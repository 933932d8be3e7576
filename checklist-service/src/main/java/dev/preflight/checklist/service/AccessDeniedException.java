package dev.preflight.checklist.service;

/** The caller's token does not allow touching this team's models. */
public class AccessDeniedException extends RuntimeException {
  public AccessDeniedException(String message) {
    super(message);
  }
}
