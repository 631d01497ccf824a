/** Ticket thread to prompt: trigger rules, turns, context window, summaries, per-ticket state. */
package com.jsmai.plugin.conversation;
