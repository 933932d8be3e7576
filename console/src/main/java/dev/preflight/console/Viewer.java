package dev.preflight.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Who is looking: the signed-in user's name, roles and teams, for the page header and for which
 * actions a page offers. The services decide what the user may do; the console only leaves out what
 * they would refuse.
 */
public record Viewer(String name, List<String> roles, List<String> teams) {

  static final List<String> ROLES = List.of("admin", "approver", "engineer", "pipeline");

  static Viewer of(SecurityIdentity identity, AccessTokenCredential token, ObjectMapper mapper) {
    List<String> roles = ROLES.stream().filter(identity::hasRole).toList();
    List<String> teams = new ArrayList<>();
    JsonNode claims = claims(token.getToken(), mapper);
    claims.path("teams").forEach(team -> teams.add(team.asText()));
    String name = claims.path("preferred_username").asText(identity.getPrincipal().getName());
    return new Viewer(name, roles, teams);
  }

  /** The access token's claims, read for display only (the services verify the token). */
  private static JsonNode claims(String jwt, ObjectMapper mapper) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return mapper.createObjectNode();
    }
    try {
      return mapper.readTree(
          new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      return mapper.createObjectNode();
    }
  }

  /** Approvers and admins attest and waive items. */
  public boolean mayAttest() {
    return roles.contains("approver") || roles.contains("admin");
  }

  /** Engineers, approvers and admins re-run a phase's checks or one check (the probe decides). */
  public boolean mayRerun() {
    return roles.contains("engineer") || roles.contains("approver") || roles.contains("admin");
  }

  /** Engineers and admins acknowledge alerts and create and expire silences. */
  public boolean mayRespond() {
    return roles.contains("engineer") || roles.contains("admin");
  }

  public String teamList() {
    return teams.isEmpty()
        ? (roles.contains("admin") ? "every team" : "no team")
        : String.join(", ", teams);
  }

  public String roleList() {
    return roles.isEmpty() ? "no Preflight role" : String.join(", ", roles);
  }
}
