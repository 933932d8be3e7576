package dev.preflight.checklist.rest;

import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The answers of idempotent registrations. */
final class Responses {
  private Responses() {}

  /** 201 with the resource's location the first time, 200 with the resource when repeated. */
  static Response registered(boolean created, String location, Object view) {
    return created
        ? Response.created(URI.create(location)).entity(view).build()
        : Response.ok(view).build();
  }
}
