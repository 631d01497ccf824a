/**
 * The audit trail: encrypted at rest, searchable by ticket, exportable, purged after its retention;
 * and secret redaction for everything logged.
 */
package com.jsmai.plugin.audit;
