package com.jsmai.orders.data;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** All orders and customers in memory, looked up by order id and by email. Immutable. */
public final class OrderStore {
  /** {@code #W} followed by 7 digits; the {@code #} is optional in lookups. */
  public static final Pattern ORDER_ID = Pattern.compile("#?W\\d{7}");

  private final Map<String, Order> orders;
  private final Map<String, Customer> customersByEmail;
  private final Map<String, Map<String, Object>> products;
  private final String source;

  public OrderStore(
      Collection<Order> orders,
      Collection<Customer> customers,
      Map<String, Map<String, Object>> products,
      String source) {
    this.orders = new LinkedHashMap<>();
    orders.forEach(o -> this.orders.put(o.orderId(), o));
    this.customersByEmail = new LinkedHashMap<>();
    customers.forEach(c -> customersByEmail.put(c.email().toLowerCase(Locale.ROOT), c));
    this.products = Map.copyOf(products);
    this.source = source;
  }

  /** Normalises {@code W2378156} or {@code #W2378156} to {@code #W2378156}; empty if malformed. */
  public static Optional<String> normalise(String orderId) {
    if (orderId == null) {
      return Optional.empty();
    }
    String id = orderId.trim().toUpperCase(Locale.ROOT);
    if (!ORDER_ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return Optional.of(id.startsWith("#") ? id : "#" + id);
  }

  public Optional<Order> order(String normalisedId) {
    return Optional.ofNullable(orders.get(normalisedId));
  }

  public Optional<Customer> customerByEmail(String email) {
    return email == null
        ? Optional.empty()
        : Optional.ofNullable(customersByEmail.get(email.trim().toLowerCase(Locale.ROOT)));
  }

  /** The customer's orders in the order the data set lists them. */
  public List<Order> ordersOf(Customer c) {
    return c.orderIds().stream().map(orders::get).filter(java.util.Objects::nonNull).toList();
  }

  public Optional<Map<String, Object>> product(String productId) {
    return Optional.ofNullable(products.get(productId));
  }

  public int orderCount() {
    return orders.size();
  }

  public int customerCount() {
    return customersByEmail.size();
  }

  /** Where the data came from: a folder path, or {@code generated}. */
  public String source() {
    return source;
  }
}
