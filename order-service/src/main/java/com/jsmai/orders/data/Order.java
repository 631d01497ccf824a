package com.jsmai.orders.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One order, in the shape of the retail-orders data set ({@code orders.json}) joined with its
 * owner.
 *
 * @param orderId for example {@code #W2378156}
 * @param userId the owner's user id
 * @param ownerEmail the owner's email (the plugin checks it against the ticket's reporter)
 * @param ownerName the owner's display name
 * @param status pending, processed, delivered, cancelled (or other data set values)
 * @param address shipping address fields
 * @param items ordered items
 * @param fulfillments shipments with tracking numbers
 * @param payments payments and refunds
 */
public record Order(
    String orderId,
    String userId,
    String ownerEmail,
    String ownerName,
    String status,
    Map<String, String> address,
    List<Item> items,
    List<Fulfillment> fulfillments,
    List<Payment> payments) {

  public Order {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(status, "status");
    address = Map.copyOf(address);
    items = List.copyOf(items);
    fulfillments = List.copyOf(fulfillments);
    payments = List.copyOf(payments);
  }

  /** An ordered item. */
  public record Item(
      String name, String productId, String itemId, double price, Map<String, String> options) {
    public Item {
      options = Map.copyOf(options);
    }
  }

  /** A shipment: tracking numbers and the items in it. */
  public record Fulfillment(List<String> trackingIds, List<String> itemIds) {
    public Fulfillment {
      trackingIds = List.copyOf(trackingIds);
      itemIds = List.copyOf(itemIds);
    }
  }

  /** A payment or refund. */
  public record Payment(String type, double amount) {}

  /** Every tracking number of every shipment. */
  public List<String> trackingNumbers() {
    return fulfillments.stream().flatMap(f -> f.trackingIds().stream()).toList();
  }

  /** Sum of item prices, rounded to cents. */
  public double total() {
    return Math.round(items.stream().mapToDouble(Item::price).sum() * 100) / 100.0;
  }
}
