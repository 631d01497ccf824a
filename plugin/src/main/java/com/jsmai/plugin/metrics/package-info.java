/** Prometheus metrics of the plugin and the registry that renders them. */
package com.jsmai.plugin.metrics;
