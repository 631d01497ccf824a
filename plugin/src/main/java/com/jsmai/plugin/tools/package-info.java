/**
 * Tools the model may call while answering a ticket, and the loop that runs them: {@link
 * com.jsmai.plugin.tools.ToolSetup} wires everything, {@link com.jsmai.plugin.tools.ToolLoop} runs
 * model and tools, {@link com.jsmai.plugin.tools.ToolExecutor} validates, authorises, times out and
 * records each call. See {@code docs/tools.md}.
 */
package com.jsmai.plugin.tools;
