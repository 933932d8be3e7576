package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.ProbeHttp;
import dev.preflight.probe.http.Unreachable;
import dev.preflight.probe.oip.InferenceResult;
import dev.preflight.probe.oip.OipClient;
import dev.preflight.probe.oip.OipEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code prod-auth-required}: production refuses inference without a credential (401 or 403) and
 * with a well-formed token signed by nobody it trusts (401), and serves probe-service's own OIDC
 * client-credentials token (200).
 */
@ApplicationScoped
public class ProdAuthRequiredCheck implements Check {

  private final OipClient oip;
  private final ProbeHttp http;
  private final Samples samples;

  public ProdAuthRequiredCheck(OipClient oip, ProbeHttp http, Samples samples) {
    this.oip = oip;
    this.http = http;
    this.samples = samples;
  }

  @Override
  public String itemId() {
    return ItemIds.PROD_AUTH_REQUIRED;
  }

  @Override
  public String description() {
    return "Production refuses inference without a token (401/403) and with a wrongly signed token"
        + " (401), and serves a valid token (probe-service's own client credentials).";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    if (phase.deployment().isEmpty()) {
      return findings.error("the phase names no deployment").result("");
    }
    OipEndpoint endpoint = OipEndpoint.of(phase.deployment().get(), phase.version());
    findings
        .expected
        .put("noCredential", "401 or 403")
        .put("forgedToken", 401)
        .put("validToken", 200);
    try {
      List<Map<String, Object>> rows = samples.inputs(phase.manifest(), 1);
      InferenceResult none = oip.infer(endpoint.with(ProbeHttp.Credential.NONE), rows);
      findings.measured.put("noCredential", none.status());
      if (none.status() != 401 && none.status() != 403) {
        findings.unusable(
            none.status(), "without a credential production answered " + none.status());
      } else {
        findings.observe("without a credential: " + none.status());
      }
      InferenceResult forged =
          oip.infer(endpoint.with(ProbeHttp.Credential.raw(forgedToken())), rows);
      findings.measured.put("forgedToken", forged.status());
      if (forged.status() != 401) {
        findings.unusable(
            forged.status(), "with a wrongly signed token production answered " + forged.status());
      } else {
        findings.observe("with a wrongly signed token: 401");
      }
      if (!http.mayReceiveCredentials(endpoint.base())) {
        findings.error(
            "probe-service is not configured to send its credentials to "
                + endpoint.base().getHost()
                + " (preflight.probe.credentials.hosts)");
      } else {
        InferenceResult valid = oip.infer(endpoint, rows);
        findings.measured.put("validToken", valid.status());
        if (valid.status() != 200) {
          findings.unusable(
              valid.status(),
              "with probe-service's valid token production answered " + valid.status());
        } else {
          findings.observe("with probe-service's client-credentials token: 200");
        }
      }
    } catch (EgressDenied e) {
      findings.fail("the endpoint may not be probed: " + e.getMessage());
    } catch (Unreachable e) {
      findings.error("production does not answer: " + e.getMessage());
    } catch (Samples.Unavailable e) {
      findings.error(e.getMessage());
    } catch (RuntimeException e) {
      findings.error("no token could be obtained for probe-service: " + e.getMessage());
    }
    return findings.result("production requires a valid token and refuses the others");
  }

  /** A well-formed, unexpired RS256 JWT whose signature is random bytes. */
  static String forgedToken() {
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"preflight-probe-forged\"}";
    long now = Instant.now().getEpochSecond();
    String payload =
        "{\"iss\":\"https://forged.invalid\",\"sub\":\"preflight-probe\",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 300)
            + "}";
    byte[] signature = new byte[256];
    new SecureRandom().nextBytes(signature);
    return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + encoder.encodeToString(signature);
  }
}
