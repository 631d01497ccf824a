/**
 * The simulated Jira: accounts, seed, requests, comments, workflow, properties, webhook
 * registrations, snapshot.
 */
package com.jsmai.sandbox.state;
