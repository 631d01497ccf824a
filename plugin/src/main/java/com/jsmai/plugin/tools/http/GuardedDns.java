package com.jsmai.plugin.tools.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import okhttp3.Dns;

/**
 * A {@link Dns} that refuses a name when any of its addresses is off limits. OkHttp connects only
 * to the addresses this returns, so the check and the connection see the same answer (no window for
 * DNS rebinding between them). All-or-nothing: a name with one private address among public ones is
 * refused, since the connection could pick it.
 */
final class GuardedDns implements Dns {
  private final Dns delegate;
  private final AddressPolicy policy;

  GuardedDns(Dns delegate, AddressPolicy policy) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    try {
      policy.checkHost(hostname);
      List<InetAddress> addresses = delegate.lookup(hostname);
      if (addresses.isEmpty()) throw new UnknownHostException(hostname + ": no addresses");
      for (InetAddress address : addresses) policy.checkAddress(hostname, address);
      return addresses;
    } catch (RefusedDestinationException e) {
      UnknownHostException refused = new UnknownHostException(e.getMessage());
      refused.initCause(e);
      throw refused;
    }
  }
}
