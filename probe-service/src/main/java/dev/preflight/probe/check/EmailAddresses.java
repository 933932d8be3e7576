package dev.preflight.probe.check;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Whether an e-mail address can receive mail, as far as can be told without sending any. */
final class EmailAddresses {

  private static final Pattern ADDRESS =
      Pattern.compile(
          "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63})$");

  /** Domains reserved for documentation (RFC 2606) and special use (RFC 6761): never delivered. */
  private static final Set<String> RESERVED_DOMAINS =
      Set.of("example.com", "example.net", "example.org");

  private static final Set<String> RESERVED_TOP_LEVEL =
      Set.of("test", "example", "invalid", "localhost");

  private EmailAddresses() {}

  /** Why the address cannot receive mail, or empty when it can. */
  static Optional<String> undeliverableReason(String address) {
    var matcher = ADDRESS.matcher(address.strip());
    if (!matcher.matches()) {
      return Optional.of("'" + address + "' is not an e-mail address");
    }
    String domain = matcher.group(1).toLowerCase(Locale.ROOT);
    String topLevel = domain.substring(domain.lastIndexOf('.') + 1);
    if (RESERVED_TOP_LEVEL.contains(topLevel)
        || RESERVED_DOMAINS.stream().anyMatch(r -> domain.equals(r) || domain.endsWith("." + r))) {
      return Optional.of(
          "'"
              + domain
              + "' is reserved for documentation and testing (RFC 2606, RFC 6761) and receives no"
              + " mail");
    }
    return Optional.empty();
  }
}
