/** The reply pipeline (one event in, at most one comment out) and its hooks for other modules. */
package com.jsmai.plugin.reply;
