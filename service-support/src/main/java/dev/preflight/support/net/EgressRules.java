package dev.preflight.support.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a service may send requests to URLs that pipelines gave it, so it is no SSRF target: never
 * to link-local addresses (which include the cloud metadata services), the metadata services' other
 * addresses, unspecified or multicast addresses; to loopback and private ranges (RFC 1918,
 * unique-local, carrier-grade NAT) only where allowed; and only over http and https. Every address
 * a host name resolves to must pass.
 */
public final class EgressRules {

  /** Metadata services that do not live in 169.254.0.0/16. */
  private static final Set<String> METADATA_ADDRESSES =
      Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

  private static final Set<String> METADATA_HOSTS =
      Set.of("metadata.google.internal", "metadata", "instance-data");

  private EgressRules() {}

  /**
   * @param scope named in the refusal, e.g. {@code artifacts} or {@code prod}
   * @return the addresses the host resolved to, all allowed
   * @throws EgressDeniedException naming the rule it breaks
   * @throws UnknownHostException when the name does not resolve
   */
  public static List<InetAddress> check(URI uri, boolean allowPrivate, String scope)
      throws UnknownHostException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new EgressDeniedException(
          "scheme '" + scheme + "' is not fetched (only http and https): " + uri);
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw new EgressDeniedException("no host in " + uri);
    }
    if (uri.getUserInfo() != null) {
      throw new EgressDeniedException("credentials in URLs are refused: " + redacted(uri));
    }
    if (METADATA_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
      throw new EgressDeniedException("'" + host + "' is a cloud metadata service");
    }
    List<InetAddress> addresses = List.of(InetAddress.getAllByName(host));
    for (InetAddress address : addresses) {
      String denied = denied(address, allowPrivate);
      if (denied != null) {
        throw new EgressDeniedException(
            host + " resolves to " + address.getHostAddress() + ", " + denied + " (" + scope + ")");
      }
    }
    return addresses;
  }

  /** Why an address is refused, or null. */
  public static String denied(InetAddress address, boolean allowPrivate) {
    if (address.isLinkLocalAddress()
        || METADATA_ADDRESSES.contains(address.getHostAddress())
        || (address instanceof Inet4Address
            && (address.getAddress()[0] & 0xff) == 169
            && (address.getAddress()[1] & 0xff) == 254)) {
      return "a link-local or cloud metadata address, never called";
    }
    if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return "an unspecified or multicast address, never called";
    }
    if (isPrivate(address) && !allowPrivate) {
      return "a loopback or private address, not allowed for this environment";
    }
    return null;
  }

  public static boolean isPrivate(InetAddress address) {
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

  /** The URL without path, query and credentials, for messages. */
  public static String redacted(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }

  /** A URL the rules refuse; the message names the rule. */
  public static final class EgressDeniedException extends RuntimeException {
    public EgressDeniedException(String message) {
      super(message);
    }
  }
}
