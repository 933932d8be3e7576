package dev.preflight.sample;

import java.util.Optional;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Bearer-token authentication against the OIDC issuer's published keys (JWKS): the signature, the
 * issuer and the expiry are checked, as a gateway in front of a model server would.
 */
final class Authenticator {

  /** Whether a request may go on, and why not. */
  record Verdict(boolean allowed, String auth, String reason, Optional<String> client) {
    static final Verdict NOT_REQUIRED = new Verdict(true, "ok", "", Optional.empty());
  }

  private final Optional<JwtConsumer> consumer;

  Authenticator(Optional<String> jwksUrl, Optional<String> issuer) {
    this.consumer =
        jwksUrl.map(
            url -> {
              JwtConsumerBuilder builder =
                  new JwtConsumerBuilder()
                      .setRequireExpirationTime()
                      .setAllowedClockSkewInSeconds(30)
                      .setSkipDefaultAudienceValidation()
                      .setVerificationKeyResolver(
                          new HttpsJwksVerificationKeyResolver(new HttpsJwks(url)));
              issuer.ifPresent(builder::setExpectedIssuer);
              return builder.build();
            });
  }

  Verdict verify(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Verdict(false, "denied", "a bearer token is required", Optional.empty());
    }
    if (consumer.isEmpty()) {
      return new Verdict(false, "invalid", "no key set configured", Optional.empty());
    }
    try {
      var claims = consumer.get().processToClaims(authorization.substring(7).trim());
      String client =
          claims.hasClaim("azp") ? claims.getStringClaimValue("azp") : claims.getSubject();
      return new Verdict(true, "ok", "", Optional.ofNullable(client));
    } catch (InvalidJwtException e) {
      return new Verdict(false, "invalid", "the bearer token is not valid", Optional.empty());
    } catch (org.jose4j.jwt.MalformedClaimException e) {
      return new Verdict(
          false, "invalid", "the bearer token's claims are malformed", Optional.empty());
    }
  }
}
