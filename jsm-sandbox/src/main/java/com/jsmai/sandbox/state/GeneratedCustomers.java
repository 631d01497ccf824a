package com.jsmai.sandbox.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The customers used when {@code ../shared/datasets/retail-orders/users.json} is absent (a fresh
 * clone). The order service's {@code com.jsmai.orders.data.GeneratedOrders} generates the very same
 * people (same names, ids and emails, by the same arithmetic, no randomness), so a demo on a fresh
 * clone still finds each customer's orders. The two copies of the names and the arithmetic stay
 * apart on purpose (two deployables, no shared module for twenty names); change both together:
 * {@code e2e-tests}' {@code GeneratedDataAgreementTest} fails when they drift apart.
 */
public final class GeneratedCustomers {
  private GeneratedCustomers() {}

  /** One generated person in the shape of a {@code users.json} entry. */
  public record Person(String userId, String firstName, String lastName, String email) {}

  static final String[] FIRST = {
    "Ana", "Ben", "Chloe", "Daniel", "Emma", "Farid", "Grace", "Hiro", "Isabel", "Jonas",
    "Kira", "Liam", "Maya", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tara"
  };
  static final String[] LAST = {
    "Silva",
    "Novak",
    "Okafor",
    "Schmidt",
    "Tanaka",
    "Rossi",
    "Haddad",
    "Kowalski",
    "Moreau",
    "Lindqvist"
  };

  /** Twenty people, in a fixed order. */
  public static List<Person> people() {
    List<Person> out = new ArrayList<>();
    for (int i = 0; i < FIRST.length; i++) {
      String first = FIRST[i];
      String last = LAST[(i * 3) % LAST.length];
      int number = 1000 + (i * 7919) % 9000;
      String f = first.toLowerCase(Locale.ROOT);
      String l = last.toLowerCase(Locale.ROOT);
      out.add(
          new Person(
              f + "_" + l + "_" + number, first, last, f + "." + l + number + "@example.com"));
    }
    return out;
  }
}
