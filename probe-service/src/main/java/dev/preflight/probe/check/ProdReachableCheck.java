package dev.preflight.probe.check;

import dev.preflight.contracts.events.PhaseEntered;
import dev.preflight.contracts.model.ItemIds;
import dev.preflight.probe.config.ProbeConfig;
import dev.preflight.probe.http.EgressDenied;
import dev.preflight.probe.http.EgressGuard;
import dev.preflight.probe.http.ProbeHttp;
import dev.preflight.probe.http.Unreachable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@code prod-reachable}: the consumer-facing URL resolves, its TLS certificate (where TLS is used)
 * is valid for the host and does not expire within the margin, and it answers.
 */
@ApplicationScoped
public class ProdReachableCheck implements Check {

  private final ProbeHttp http;
  private final EgressGuard guard;
  private final ProbeConfig config;

  public ProdReachableCheck(ProbeHttp http, EgressGuard guard, ProbeConfig config) {
    this.http = http;
    this.guard = guard;
    this.config = config;
  }

  @Override
  public String itemId() {
    return ItemIds.PROD_REACHABLE;
  }

  @Override
  public String description() {
    return "The consumer-facing URL resolves, its TLS certificate is valid for the host and not"
        + " about to expire, and it answers.";
  }

  @Override
  public CheckResult run(PhaseEntered phase) {
    Findings findings = new Findings();
    if (phase.deployment().isEmpty()) {
      return findings.error("the phase names no deployment").result("");
    }
    URI url = phase.deployment().get().consumerUrl().orElse(null);
    if (url == null) {
      return findings.fail("the production deployment declares no consumer-facing URL").result("");
    }
    findings.measured.put("consumerUrl", url.toString());
    findings.expected.put("resolves", true).put("answers", "below 500");
    try {
      List<InetAddress> addresses = guard.check(url, "prod");
      findings.observe(
          url.getHost()
              + " resolves to "
              + addresses.stream().map(InetAddress::getHostAddress).toList());
      findings.measured.put("resolves", true);
      if ("https".equalsIgnoreCase(url.getScheme())) {
        certificate(url, findings);
      } else {
        findings.observe("no TLS: plain http");
      }
      ProbeHttp.Answer answer = http.send(ProbeHttp.Call.get(url), "prod");
      findings.measured.put("status", answer.status());
      if (answer.status() >= 500) {
        findings.fail(url + " answered " + answer.status());
      } else {
        findings.observe(
            url + " answered " + answer.status() + " in " + answer.elapsed().toMillis() + " ms");
      }
    } catch (UnknownHostException e) {
      findings.measured.put("resolves", false);
      findings.fail(url.getHost() + " does not resolve");
    } catch (EgressDenied e) {
      findings.fail("the consumer URL may not be probed: " + e.getMessage());
    } catch (Unreachable e) {
      findings.fail(url + " does not answer: " + e.getMessage());
    }
    return findings.result(url + " resolves and answers");
  }

  private void certificate(URI url, Findings findings) {
    int port = url.getPort() > 0 ? url.getPort() : 443;
    try (SSLSocket socket =
        (SSLSocket) SSLSocketFactory.getDefault().createSocket(url.getHost(), port)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      parameters.setServerNames(List.of(new SNIHostName(url.getHost())));
      socket.setSSLParameters(parameters);
      socket.setSoTimeout((int) config.http().requestTimeout().toMillis());
      socket.startHandshake();
      X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      Instant notAfter = certificate.getNotAfter().toInstant();
      Duration left = Duration.between(Instant.now(), notAfter);
      findings.measured.put("certificateExpires", notAfter.toString());
      findings.expected.put(
          "certificateValidFor", "more than " + config.replay().tlsExpiryMargin());
      if (left.compareTo(config.replay().tlsExpiryMargin()) < 0) {
        findings.fail("the TLS certificate of " + url.getHost() + " expires " + notAfter);
      } else {
        findings.observe("TLS certificate valid for " + url.getHost() + " until " + notAfter);
      }
    } catch (javax.net.ssl.SSLException e) {
      findings.fail("TLS to " + url.getHost() + " fails: " + e.getMessage());
    } catch (IOException e) {
      findings.fail("no TLS connection to " + url.getHost() + ": " + e.getMessage());
    }
  }
}
