package dev.preflight.probe.rest;

import dev.preflight.probe.check.ProbeRunner;
import dev.preflight.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Which checklist items this service verifies automatically, and how. */
@Path("/api/v1/checks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "checks")
@SecurityRequirement(name = "SecurityScheme")
public class CheckResource {

  private final ProbeRunner runner;

  public CheckResource(ProbeRunner runner) {
    this.runner = runner;
  }

  public record CheckView(String itemId, String description) {}

  @GET
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  public List<CheckView> list() {
    return runner.checks().values().stream()
        .map(check -> new CheckView(check.itemId(), check.description()))
        .sorted(Comparator.comparing(CheckView::itemId))
        .toList();
  }
}
