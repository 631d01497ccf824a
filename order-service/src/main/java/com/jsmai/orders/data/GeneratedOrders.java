package com.jsmai.orders.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deterministic data set in the retail-orders shape for a fresh clone without {@code
 * ../shared/datasets}. The twenty customers are the same people the JSM sandbox generates in {@code
 * com.jsmai.sandbox.state.GeneratedCustomers} (same names, user ids and emails, by the same
 * arithmetic), so demo tickets raised in the sandbox find their orders here. The two copies stay
 * apart on purpose (two deployables, no shared module for twenty names); change both together:
 * {@code e2e-tests}' {@code GeneratedDataAgreementTest} fails when they drift apart. No randomness:
 * the same build always serves the same orders.
 */
public final class GeneratedOrders {
  private GeneratedOrders() {}

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
  private static final String[] STATUSES = {
    "pending", "processed", "delivered", "cancelled", "delivered"
  };
  private static final String[][] PRODUCTS = {
    {"Water Bottle", "8310926033", "capacity", "1000ml"},
    {"Office Chair", "4794339885", "material", "fabric"},
    {"T-Shirt", "9523456873", "size", "M"},
    {"Jigsaw Puzzle", "1808611083", "pieces", "1000"},
    {"Dumbbell Set", "7233192239", "weight range", "5-25 lbs"},
    {"Desk Lamp", "6817146515", "color", "black"},
  };
  private static final String[][] CITIES = {
    {"New York", "NY", "10083"},
    {"Denver", "CO", "80279"},
    {"Dallas", "TX", "75215"},
    {"Seattle", "WA", "98101"},
    {"Austin", "TX", "78701"},
  };

  public static OrderStore create() {
    List<Customer> customers = new ArrayList<>();
    List<Order> orders = new ArrayList<>();
    int seq = 0;
    for (int i = 0; i < FIRST.length; i++) {
      String first = FIRST[i];
      String last = LAST[(i * 3) % LAST.length];
      int number = 1000 + (i * 7919) % 9000;
      String f = first.toLowerCase(Locale.ROOT);
      String l = last.toLowerCase(Locale.ROOT);
      String userId = f + "_" + l + "_" + number;
      String email = f + "." + l + number + "@example.com";
      String name = first + " " + last;
      String[] city = CITIES[i % CITIES.length];
      Map<String, String> address = new LinkedHashMap<>();
      address.put("address1", (100 + i * 37) + " Main Street");
      address.put("address2", "Suite " + (200 + i));
      address.put("city", city[0]);
      address.put("country", "USA");
      address.put("state", city[1]);
      address.put("zip", city[2]);
      List<String> ids = new ArrayList<>();
      int count = 1 + i % 3;
      for (int k = 0; k < count; k++, seq++) {
        String orderId = "#W" + (1_000_000 + (seq * 7_654_321L + 1_234_567L) % 9_000_000);
        String status = STATUSES[seq % STATUSES.length];
        List<Order.Item> items = new ArrayList<>();
        int itemCount = 1 + seq % 2;
        for (int j = 0; j < itemCount; j++) {
          String[] p = PRODUCTS[(seq + j * 2) % PRODUCTS.length];
          String itemId =
              String.valueOf(1_000_000_000L + (seq * 97L + j * 13L) * 1_000_003L % 8_999_999_999L);
          double price = Math.round((20 + (seq * 31 + j * 17) % 480 + 0.49) * 100) / 100.0;
          items.add(new Order.Item(p[0], p[1], itemId, price, Map.of(p[2], p[3])));
        }
        List<Order.Fulfillment> fulfillments = new ArrayList<>();
        if (status.equals("processed") || status.equals("delivered")) {
          String tracking = String.valueOf(100_000_000_000L + (seq * 48_271L) % 899_999_999_999L);
          fulfillments.add(
              new Order.Fulfillment(
                  List.of(tracking), items.stream().map(Order.Item::itemId).toList()));
        }
        double total =
            Math.round(items.stream().mapToDouble(Order.Item::price).sum() * 100) / 100.0;
        List<Order.Payment> payments = new ArrayList<>();
        payments.add(new Order.Payment("payment", total));
        if (status.equals("cancelled")) {
          payments.add(new Order.Payment("refund", total));
        }
        orders.add(
            new Order(
                orderId, userId, email, name, status, address, items, fulfillments, payments));
        ids.add(orderId);
      }
      customers.add(new Customer(userId, name, email, ids));
    }
    return new OrderStore(orders, customers, Map.of(), "generated");
  }
}
