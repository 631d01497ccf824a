/**
 * The admin screens: sign-in (local admin or Jira administrators), settings forms validated and
 * versioned by the settings store, history and rollback, the model playground, feedback and CSAT.
 */
package com.jsmai.plugin.admin;
