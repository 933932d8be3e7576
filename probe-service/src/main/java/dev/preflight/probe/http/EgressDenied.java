package dev.preflight.probe.http;

/** A URL the probe refuses to call: it would reach somewhere pipelines must not point it at. */
public class EgressDenied extends Exception {
  public EgressDenied(String message) {
    super(message);
  }
}
