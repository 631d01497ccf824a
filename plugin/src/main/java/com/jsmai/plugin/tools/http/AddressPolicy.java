package com.jsmai.plugin.tools.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where HTTP tools may connect: only hosts on an allow-list, and only to public addresses unless an
 * address falls in a range the admin allowed explicitly (an order service on the internal network,
 * or loopback in tests). Checked on the URL's host, on every DNS answer, and on the address each
 * connection actually uses.
 *
 * @param allowedHosts host names or IP literals, compared case-insensitively and exactly (no
 *     wildcards: each host an admin trusts is listed)
 * @param allowedPrivateRanges ranges that may be reached although they are loopback, private,
 *     link-local or otherwise special; empty by default
 */
public record AddressPolicy(Set<String> allowedHosts, List<Cidr> allowedPrivateRanges) {
  public AddressPolicy {
    allowedHosts =
        allowedHosts == null
            ? Set.of()
            : allowedHosts.stream()
                .map(AddressPolicy::normaliseHost)
                .collect(Collectors.toUnmodifiableSet());
    allowedPrivateRanges =
        allowedPrivateRanges == null ? List.of() : List.copyOf(allowedPrivateRanges);
  }

  /** Public addresses of {@code hosts} only. */
  public static AddressPolicy publicOnly(Set<String> hosts) {
    return new AddressPolicy(hosts, List.of());
  }

  static String normaliseHost(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
    return h;
  }

  public boolean allowsHost(String host) {
    return allowedHosts.contains(normaliseHost(host));
  }

  /**
   * @throws RefusedDestinationException when {@code host} is not on the allow-list
   */
  public void checkHost(String host) throws RefusedDestinationException {
    if (!allowsHost(host)) {
      throw new RefusedDestinationException("host " + host + " is not on the allow-list");
    }
  }

  /**
   * @throws RefusedDestinationException when {@code address} is special and not allowed
   */
  public void checkAddress(String host, InetAddress address) throws RefusedDestinationException {
    Optional<String> reason = IpRanges.forbiddenReason(address);
    if (reason.isEmpty()) return;
    for (Cidr range : allowedPrivateRanges) {
      if (range.contains(address)) return;
    }
    throw new RefusedDestinationException(
        host + " resolves to " + address.getHostAddress() + ", which is " + reason.get());
  }

  /**
   * Checks a host that is an IP literal in any form a resolver might accept ({@code 127.1}, {@code
   * ::ffff:7f00:1}), without a DNS lookup; names are left to the guarded DNS.
   */
  void checkIfLiteral(String host) throws RefusedDestinationException {
    String h = normaliseHost(host);
    if (h.matches("[0-9.]+") || h.contains(":")) {
      try {
        checkAddress(host, InetAddress.getByName(h));
      } catch (UnknownHostException e) {
        throw new RefusedDestinationException("host " + host + " is not a valid address");
      }
    }
  }
}
