package com.jsmai.orders;

import com.jsmai.orders.data.GeneratedOrders;
import com.jsmai.orders.data.OrderStore;

/** Small checks on the generated data set shared by tests. */
final class GeneratedOrdersCheck {
  private GeneratedOrdersCheck() {}

  /** True when no two generated orders share an id (the store would silently drop one). */
  static boolean allIdsUnique() {
    OrderStore store = GeneratedOrders.create();
    int listed =
        store.ordersOf(store.customerByEmail("ana.silva1000@example.com").orElseThrow()).size();
    return listed == 1 && store.orderCount() == expectedOrderCount();
  }

  private static int expectedOrderCount() {
    int n = 0;
    for (int i = 0; i < 20; i++) {
      n += 1 + i % 3;
    }
    return n;
  }
}
