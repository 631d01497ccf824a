package com.jsmai.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.orders.data.Customer;
import com.jsmai.orders.data.GeneratedOrders;
import com.jsmai.orders.data.OrderStore;
import com.jsmai.sandbox.state.GeneratedCustomers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On a fresh clone (no {@code ../shared/datasets}) the sandbox and the order service each generate
 * the demo's customers from their own copy of the names and arithmetic: a ticket raised by a
 * generated sandbox customer must find that customer's orders in the order service.
 */
class GeneratedDataAgreementTest {
  @Test
  void generatedCustomers_eachIsAnOrderServiceCustomerWithOrders() {
    List<GeneratedCustomers.Person> people = GeneratedCustomers.people();
    OrderStore orders = GeneratedOrders.create();

    assertThat(orders.customerCount()).isEqualTo(people.size());
    for (GeneratedCustomers.Person p : people) {
      Customer c = orders.customerByEmail(p.email()).orElseThrow(() -> new AssertionError(p));
      assertThat(c.userId()).as(p.email()).isEqualTo(p.userId());
      assertThat(c.name()).as(p.email()).isEqualTo(p.firstName() + " " + p.lastName());
      assertThat(orders.ordersOf(c)).as(p.email()).isNotEmpty();
    }
  }
}
