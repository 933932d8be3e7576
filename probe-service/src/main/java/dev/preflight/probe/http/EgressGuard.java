package dev.preflight.probe.http;

import dev.preflight.probe.config.ProbeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the probe may send requests. URLs come from pipelines, so the probe is an SSRF target: it
 * never calls link-local addresses (which include the cloud metadata services), the metadata
 * services' other addresses, unspecified or multicast addresses; it calls loopback and private
 * ranges (RFC 1918, unique-local, carrier-grade NAT) only where the scope allows them; and only
 * http and https. Every address a host name resolves to must pass.
 */
@ApplicationScoped
public class EgressGuard {

  /** Metadata services that do not live in 169.254.0.0/16. */
  private static final Set<String> METADATA_ADDRESSES =
      Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

  private static final Set<String> METADATA_HOSTS =
      Set.of("metadata.google.internal", "metadata", "instance-data");

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
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new EgressDenied(
          "scheme '" + scheme + "' is not fetched (only http and https): " + uri);
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw new EgressDenied("no host in " + uri);
    }
    if (uri.getUserInfo() != null) {
      throw new EgressDenied("credentials in URLs are refused: " + redacted(uri));
    }
    if (METADATA_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
      throw new EgressDenied("'" + host + "' is a cloud metadata service");
    }
    List<InetAddress> addresses = List.of(InetAddress.getAllByName(host));
    boolean allowPrivate = config.egress().allowPrivate().getOrDefault(scope, false);
    for (InetAddress address : addresses) {
      String denied = denied(address, allowPrivate);
      if (denied != null) {
        throw new EgressDenied(
            host + " resolves to " + address.getHostAddress() + ", " + denied + " (" + scope + ")");
      }
    }
    return addresses;
  }

  /** Why an address is refused, or null. */
  static String denied(InetAddress address, boolean allowPrivate) {
    if (address.isLinkLocalAddress()
        || METADATA_ADDRESSES.contains(address.getHostAddress())
        || (address instanceof Inet4Address
            && (address.getAddress()[0] & 0xff) == 169
            && (address.getAddress()[1] & 0xff) == 254)) {
      return "a link-local or cloud metadata address, never probed";
    }
    if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return "an unspecified or multicast address, never probed";
    }
    if (isPrivate(address) && !allowPrivate) {
      return "a loopback or private address, not allowed for this environment";
    }
    return null;
  }

  static boolean isPrivate(InetAddress address) {
    if (address.isLoopbackAddress() || address.isSiteLocalAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      // 100.64.0.0/10, carrier-grade NAT
      return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }
    if (address instanceof Inet6Address) {
      // fc00::/7, unique local
      return (bytes[0] & 0xfe) == 0xfc;
    }
    return false;
  }

  static String redacted(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }
}
