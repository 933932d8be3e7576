package dev.preflight.checklist.service;

/** The request contradicts what is registered already. */
public class ConflictException extends RuntimeException {
  public ConflictException(String message) {
    super(message);
  }
}
