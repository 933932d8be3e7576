package dev.preflight.checklist.rest;

import dev.preflight.support.security.Caller;
import dev.preflight.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who the token says the caller is: for pipelines setting up their credentials. */
@Path("/api/v1/whoami")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tokens")
@SecurityRequirement(name = "SecurityScheme")
public class WhoAmIResource {

  private final Caller caller;
  private final SecurityIdentity identity;

  public WhoAmIResource(Caller caller, SecurityIdentity identity) {
    this.caller = caller;
    this.identity = identity;
  }

  public record WhoAmI(String name, Set<String> roles, Set<String> teams) {}

  @GET
  @RolesAllowed({Roles.PIPELINE, Roles.ENGINEER, Roles.APPROVER, Roles.ADMIN, Roles.SERVICE})
  @Operation(summary = "The caller's name, roles and teams, as the token says")
  public WhoAmI whoAmI() {
    return new WhoAmI(
        caller.name(), new TreeSet<>(identity.getRoles()), new TreeSet<>(caller.teams()));
  }
}
