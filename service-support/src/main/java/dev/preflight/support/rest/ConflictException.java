package dev.preflight.support.rest;

/** The request contradicts what exists already: answered with 409. */
public class ConflictException extends RuntimeException {
  public ConflictException(String message) {
    super(message);
  }
}
