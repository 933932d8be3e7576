package dev.preflight.checklist.service;

/** The model, version or item the request names does not exist. */
public class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message);
  }

  public static NotFoundException model(String modelId) {
    return new NotFoundException("model '" + modelId + "' is not registered");
  }

  public static NotFoundException version(String modelId, String version) {
    return new NotFoundException("model '" + modelId + "' has no version '" + version + "'");
  }
}
