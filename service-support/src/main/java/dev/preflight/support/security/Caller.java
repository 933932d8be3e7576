package dev.preflight.support.security;

import dev.preflight.support.rest.AccessDeniedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the bearer token: name, roles and teams. A token may only touch models of
 * its own teams, unless it is an admin's; Preflight's own services may read every team's. Other
 * teams' resources are hidden (404), not forbidden.
 */
@RequestScoped
public class Caller {

  public static final String TEAMS_CLAIM = "teams";

  private final SecurityIdentity identity;
  private final JsonWebToken token;
  private final boolean everyTeam;

  @Inject
  public Caller(SecurityIdentity identity, JsonWebToken token) {
    this(identity, token, false);
  }

  private Caller(SecurityIdentity identity, JsonWebToken token, boolean everyTeam) {
    this.identity = identity;
    this.token = token;
    this.everyTeam = everyTeam;
  }

  /**
   * An actor inside the trust boundary that no token identifies, e.g. a pipeline writing to a Kafka
   * topic whose write access the broker's ACLs govern. It acts for every team with the given role;
   * its name (e.g. the event's {@code source}) is what the audit log records.
   */
  public static Caller insideTrustBoundary(String name, String role) {
    SecurityIdentity identity =
        QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal(name))
            .addRole(role)
            .build();
    return new Caller(identity, null, true);
  }

  public String name() {
    return identity.getPrincipal().getName();
  }

  public boolean isAdmin() {
    return identity.hasRole(Roles.ADMIN);
  }

  /** The teams of the {@code teams} claim: a JSON array of names (or one name). */
  public Set<String> teams() {
    if (token == null) {
      return Set.of();
    }
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
    return everyTeam || isAdmin() || identity.hasRole(Roles.SERVICE);
  }

  /** Whether the caller may read a team's resources. */
  public boolean mayRead(String team) {
    return readsAllTeams() || teams().contains(team);
  }

  /** Whether the caller may change a team's resources (roles permitting). */
  public boolean mayWrite(String team) {
    return everyTeam || isAdmin() || teams().contains(team);
  }

  /** Creating a resource for a team the caller does not belong to is refused (403). */
  public void requireMembership(String team) {
    if (!mayWrite(team)) {
      throw new AccessDeniedException(
          "a token of teams " + sorted() + " may not create resources of team '" + team + "'");
    }
  }

  /**
   * Another team's resource answers as if it did not exist, so a token learns nothing of other
   * teams' models.
   */
  public void requireVisible(String team, Supplier<? extends RuntimeException> notFound) {
    if (!mayRead(team)) {
      throw notFound.get();
    }
  }

  /** Visible, and changeable by this caller; a reader that may not change it gets 403. */
  public void requireWritable(String team, Supplier<? extends RuntimeException> notFound) {
    requireVisible(team, notFound);
    if (!mayWrite(team)) {
      throw new AccessDeniedException(
          "this token may read but not change resources of team '" + team + "'");
    }
  }

  private String sorted() {
    return teams().stream().sorted().collect(Collectors.joining(", ", "[", "]"));
  }
}
