package dev.preflight.probe.http;

import dev.preflight.probe.config.ProbeConfig;
import dev.preflight.support.net.EgressRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where the probe may send requests. URLs come from pipelines, so the probe is an SSRF target: it
 * follows {@link EgressRules}, with loopback and private ranges allowed per scope.
 */
@ApplicationScoped
public class EgressGuard {

  private final ProbeConfig config;

  public EgressGuard(ProbeConfig config) {
    this.config = config;
  }

  /**
   * Checks a URL for a scope ({@code artifacts} for manifest URIs, {@code test} or {@code prod} for
   * deployments).
   *
   * @return the addresses the host resolved to, all allowed
   * @throws EgressDenied naming the rule it breaks
   * @throws UnknownHostException when the name does not resolve
   */
  public List<InetAddress> check(URI uri, String scope) throws EgressDenied, UnknownHostException {
    try {
      return EgressRules.check(
          uri, config.egress().allowPrivate().getOrDefault(scope, false), scope);
    } catch (EgressRules.EgressDeniedException e) {
      throw new EgressDenied(e.getMessage());
    }
  }

  /** Why an address is refused, or null. */
  static String denied(InetAddress address, boolean allowPrivate) {
    return EgressRules.denied(address, allowPrivate);
  }

  static String redacted(URI uri) {
    return EgressRules.redacted(uri);
  }
}
