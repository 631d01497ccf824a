/**
 * [MEMORY] facts: configurable extraction of order numbers, contacts, amounts and tagged fields.
 */
package com.jsmai.plugin.memory;
