/** System prompt templates with checked variables, and the default reply guidance. */
package com.jsmai.plugin.prompt;
