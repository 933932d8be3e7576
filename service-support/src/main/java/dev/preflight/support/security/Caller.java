package dev.preflight.support.security;

import dev.preflight.support.rest.AccessDeniedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the bearer token: name, roles and teams. A token may only touch models of
 * its own teams, unless it is an admin's; Preflight's own services may read every team's.
 */
@RequestScoped
public class Caller {

  public static final String TEAMS_CLAIM = "teams";

  private final SecurityIdentity identity;
  private final JsonWebToken token;

  public Caller(SecurityIdentity identity, JsonWebToken token) {
    this.identity = identity;
    this.token = token;
  }

  public String name() {
    return identity.getPrincipal().getName();
  }

  public boolean isAdmin() {
    return identity.hasRole(Roles.ADMIN);
  }

  /** The teams of the {@code teams} claim: a JSON array of names (or one name). */
  public Set<String> teams() {
    Object claim = token.getClaim(TEAMS_CLAIM);
    if (claim instanceof JsonArray array) {
      return array.stream()
          .map(value -> value instanceof JsonString text ? text.getString() : value.toString())
          .collect(Collectors.toUnmodifiableSet());
    }
    if (claim instanceof Collection<?> collection) {
      return collection.stream().map(Object::toString).collect(Collectors.toUnmodifiableSet());
    }
    if (claim instanceof JsonString text) {
      return Set.of(text.getString());
    }
    return claim == null ? Set.of() : Set.of(claim.toString());
  }

  /** Whether the caller sees every team's models. */
  public boolean readsAllTeams() {
    return isAdmin() || identity.hasRole(Roles.SERVICE);
  }

  public void requireWriteAccess(String team) {
    if (!isAdmin() && !teams().contains(team)) {
      throw new AccessDeniedException(
          "a token of teams " + sorted() + " may not change resources of team '" + team + "'");
    }
  }

  public void requireReadAccess(String team) {
    if (!readsAllTeams() && !teams().contains(team)) {
      throw new AccessDeniedException(
          "a token of teams " + sorted() + " may not read resources of team '" + team + "'");
    }
  }

  private String sorted() {
    return teams().stream().sorted().collect(Collectors.joining(", ", "[", "]"));
  }
}
