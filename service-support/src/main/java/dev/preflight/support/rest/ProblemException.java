package dev.preflight.support.rest;

import java.util.Map;

/**
 * An error a service answers with its own problem type and extension members (RFC 9457), e.g. a
 * closed gate with the items that block it.
 *
 * @param type the last segment of the problem type URI, e.g. {@code gate-closed}
 */
public class ProblemException extends RuntimeException {
  private final int status;
  private final String type;
  private final String title;
  private final Map<String, Object> extensions;

  public ProblemException(
      int status, String type, String title, String detail, Map<String, Object> extensions) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
    this.extensions = Map.copyOf(extensions);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }
}
