/**
 * Orders and customers from the retail-orders data set, or a deterministic generated set in the
 * same shape.
 */
package com.jsmai.orders.data;
