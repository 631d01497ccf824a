package com.jsmai.plugin.tools.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Dns;

/** Answers from a fixed table of literal addresses, standing in for a DNS an attacker controls. */
final class FakeDns implements Dns {
  private final Map<String, List<String>> table;

  FakeDns(Map<String, List<String>> table) {
    this.table = Map.copyOf(table);
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    List<String> literals = table.get(hostname);
    if (literals == null) throw new UnknownHostException(hostname);
    List<InetAddress> out = new ArrayList<>();
    for (String literal : literals) out.add(InetAddress.getByName(literal));
    return out;
  }
}
