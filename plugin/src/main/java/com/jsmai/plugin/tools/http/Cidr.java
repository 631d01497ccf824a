package com.jsmai.plugin.tools.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An address range in CIDR notation, for example {@code 10.20.0.0/16} or {@code fd00::/8}.
 *
 * @param network the network address
 * @param prefixLength bits that must match
 */
public record Cidr(InetAddress network, int prefixLength) {
  public Cidr {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " not in 0.." + bits + " for " + network);
    }
  }

  /**
   * Parses {@code a.b.c.d/n} or {@code v6/n}; a bare address means a single host. Only literal
   * addresses are accepted, never names (no DNS lookup happens here).
   */
  public static Cidr parse(String text) {
    Objects.requireNonNull(text, "cidr");
    String[] parts = text.trim().split("/", -1);
    if (parts.length > 2 || parts[0].isEmpty()) {
      throw new IllegalArgumentException("not a CIDR range: " + text);
    }
    String host = parts[0];
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      throw new IllegalArgumentException("not an IP address in CIDR range: " + text);
    }
    InetAddress network;
    try {
      network = InetAddress.getByName(host); // a literal: parsed, not resolved
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address in CIDR range: " + text, e);
    }
    int bits = network.getAddress().length * 8;
    int prefix;
    try {
      prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad prefix length in CIDR range: " + text, e);
    }
    return new Cidr(network, prefix);
  }

  public boolean contains(InetAddress candidate) {
    byte[] a = IpRanges.unmapped(candidate).getAddress();
    byte[] n = IpRanges.unmapped(network).getAddress();
    if (a.length != n.length) return false;
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) if (a[i] != n[i]) return false;
    int rest = prefixLength % 8;
    if (rest == 0) return true;
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (n[full] & mask);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
