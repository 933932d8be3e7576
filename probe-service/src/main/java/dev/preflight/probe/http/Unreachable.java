package dev.preflight.probe.http;

/** A request that got no HTTP answer: refused, timed out, reset, or unresolvable. */
public class Unreachable extends Exception {
  public Unreachable(String message, Throwable cause) {
    super(message, cause);
  }
}
