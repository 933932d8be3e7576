package dev.preflight.testing;

import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens shaped like Keycloak's ({@code realm_access.roles}, {@code teams}), signed with the
 * key of the OIDC test server ({@code OidcWiremockTestResource}).
 */
public final class TestTokens {

  /** The issuer the OIDC test server's tokens carry; set as {@code quarkus.oidc.token.issuer}. */
  public static final String ISSUER = "https://server.example.com";

  private TestTokens() {}

  public static String token(String user, Set<String> roles, Set<String> teams) {
    return Jwt.issuer(ISSUER)
        .subject(user)
        .preferredUserName(user)
        .claim("realm_access", Map.of("roles", List.copyOf(roles)))
        .claim("teams", List.copyOf(teams))
        .expiresIn(3600)
        .sign();
  }

  /** A well-formed token signed with a key the OIDC server never issued: must be refused. */
  public static String forged() {
    try {
      java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return Jwt.issuer(ISSUER)
          .subject("mallory")
          .claim("realm_access", Map.of("roles", List.of("admin")))
          .expiresIn(3600)
          .sign(generator.generateKeyPair().getPrivate());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid token without any of Preflight's roles. */
  public static String noRole(String... teams) {
    return token("nobody", Set.of(), Set.of(teams));
  }

  public static String pipeline(String... teams) {
    return token("pipeline-" + String.join("-", teams), Set.of("pipeline"), Set.of(teams));
  }

  public static String engineer(String... teams) {
    return token("engineer-" + String.join("-", teams), Set.of("engineer"), Set.of(teams));
  }

  public static String approver(String... teams) {
    return token(
        "approver-" + String.join("-", teams), Set.of("approver", "engineer"), Set.of(teams));
  }

  public static String admin() {
    return token("admin", Set.of("admin", "engineer", "approver"), Set.of());
  }

  /** The token of a Preflight service (probe-service's client), allowed read-only look-ups. */
  public static String service() {
    return token("service-account-preflight-probe", Set.of("service"), Set.of());
  }
}
