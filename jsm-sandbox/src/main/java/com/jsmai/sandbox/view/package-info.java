/**
 * Renders state in Jira wire shapes: servicedeskapi DTOs, platform beans (REST v2 wiki text, v3
 * ADF), per flavour.
 */
package com.jsmai.sandbox.view;
