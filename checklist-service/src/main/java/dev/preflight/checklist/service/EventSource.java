package dev.preflight.checklist.service;

import java.net.URI;

/** The CloudEvents {@code source} of everything checklist-service publishes. */
public final class EventSource {
  public static final URI CHECKLIST_SERVICE = URI.create("/preflight/checklist-service");

  private EventSource() {}
}
