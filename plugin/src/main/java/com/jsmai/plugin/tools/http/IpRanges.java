package com.jsmai.plugin.tools.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Classifies addresses an HTTP tool must not reach by default: loopback, link-local (cloud metadata
 * lives at 169.254.169.254), private and unique-local, CGNAT, multicast, unspecified, broadcast,
 * reserved and documentation ranges, in IPv4 and IPv6. IPv6 forms that embed an IPv4 address
 * (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code
 * 2002::/16}) are judged by the embedded address; Teredo is refused outright.
 */
final class IpRanges {
  private IpRanges() {}

  /** Why {@code address} is off limits, or empty when it is a public unicast address. */
  static Optional<String> forbiddenReason(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) return forbiddenV6(b);
    if (address instanceof Inet4Address) return forbiddenV4(b);
    return Optional.of("an unknown address family");
  }

  private static Optional<String> forbiddenV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 0) return Optional.of("unspecified (0.0.0.0/8)");
    if (a0 == 127) return Optional.of("loopback");
    if (a0 == 10) return Optional.of("private (10.0.0.0/8)");
    if (a0 == 172 && (a1 & 0xf0) == 16) return Optional.of("private (172.16.0.0/12)");
    if (a0 == 192 && a1 == 168) return Optional.of("private (192.168.0.0/16)");
    if (a0 == 169 && a1 == 254) return Optional.of("link-local (169.254.0.0/16)");
    if (a0 == 100 && (a1 & 0xc0) == 64) return Optional.of("shared address space (100.64.0.0/10)");
    if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) return Optional.of("IETF protocol assignments");
    if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 2)
      return Optional.of("documentation (TEST-NET-1)");
    if (a0 == 198 && a1 == 51 && (b[2] & 0xff) == 100) return Optional.of("documentation");
    if (a0 == 203 && a1 == 0 && (b[2] & 0xff) == 113) return Optional.of("documentation");
    if (a0 == 198 && (a1 & 0xfe) == 18) return Optional.of("benchmarking (198.18.0.0/15)");
    if (a0 >= 224 && a0 <= 239) return Optional.of("multicast");
    if (a0 >= 240) return Optional.of("reserved or broadcast (240.0.0.0/4)");
    return Optional.empty();
  }

  private static Optional<String> forbiddenV6(byte[] b) {
    if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return forbiddenV4(tail4(b, 12)).map(r -> "IPv4-mapped " + r);
    }
    if (allZero(b, 0, 15)) {
      return Optional.of((b[15] & 0xff) == 1 ? "loopback (::1)" : "unspecified (::)");
    }
    if (allZero(b, 0, 12)) {
      // IPv4-compatible (deprecated): stacks may still route it to the embedded IPv4 address.
      return Optional.of("IPv4-compatible IPv6");
    }
    int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (w0 == 0x0064 && w1 == 0xff9b) {
      Optional<String> embedded = forbiddenV4(tail4(b, 12));
      return embedded.isPresent() ? embedded.map(r -> "NAT64 " + r) : Optional.empty();
    }
    if (w0 == 0x2002) {
      return forbiddenV4(new byte[] {b[2], b[3], b[4], b[5]}).map(r -> "6to4 " + r);
    }
    if (w0 == 0x2001 && w1 == 0) return Optional.of("Teredo tunnel (2001::/32)");
    if (w0 == 0x2001 && w1 == 0x0db8) return Optional.of("documentation (2001:db8::/32)");
    if ((w0 & 0xfe00) == 0xfc00) return Optional.of("unique local (fc00::/7)");
    if ((w0 & 0xffc0) == 0xfe80) return Optional.of("link-local (fe80::/10)");
    if ((w0 & 0xffc0) == 0xfec0) return Optional.of("site-local (fec0::/10)");
    if ((w0 & 0xff00) == 0xff00) return Optional.of("multicast (ff00::/8)");
    if (w0 == 0x0100 && w1 == 0 && allZero(b, 4, 8)) return Optional.of("discard (100::/64)");
    return Optional.empty();
  }

  /** The IPv4 address embedded in an IPv4-mapped IPv6 address, else {@code address} itself. */
  static InetAddress unmapped(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address
        && allZero(b, 0, 10)
        && (b[10] & 0xff) == 0xff
        && (b[11] & 0xff) == 0xff) {
      try {
        return InetAddress.getByAddress(tail4(b, 12));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e); // cannot happen for 4 bytes
      }
    }
    return address;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] != 0) return false;
    return true;
  }

  private static byte[] tail4(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }
}
