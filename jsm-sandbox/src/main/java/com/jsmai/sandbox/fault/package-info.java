/**
 * Injected faults: forced statuses and delays on REST calls, duplicated, delayed or misleading
 * webhooks.
 */
package com.jsmai.sandbox.fault;
