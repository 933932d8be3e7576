package dev.preflight.checklist.service;

import dev.preflight.support.rest.NotFoundException;

/** The not-found answers of checklist-service. */
final class Missing {
  private Missing() {}

  static NotFoundException model(String modelId) {
    return new NotFoundException("model '" + modelId + "' is not registered");
  }

  static NotFoundException version(String modelId, String version) {
    return new NotFoundException("model '" + modelId + "' has no version '" + version + "'");
  }
}
