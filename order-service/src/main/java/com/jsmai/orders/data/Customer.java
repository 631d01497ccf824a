package com.jsmai.orders.data;

import java.util.List;

/** A customer of the shop and the ids of their orders. */
public record Customer(String userId, String name, String email, List<String> orderIds) {
  public Customer {
    orderIds = List.copyOf(orderIds);
  }
}
