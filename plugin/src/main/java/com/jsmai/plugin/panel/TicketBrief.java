package com.jsmai.plugin.panel;

import com.jsmai.plugin.memory.Fact;
import java.util.List;

/**
 * What the panel shows about a ticket before any suggestion: a short summary and the facts.
 *
 * @param key the issue key
 * @param title the request summary
 * @param status current status
 * @param requestType request type name
 * @param serviceDeskId service desk id (feedback is counted per desk)
 * @param requestTypeId request type id
 * @param customer reporter's display name
 * @param turns public messages in the thread
 * @param summary a short summary of the conversation: the cached summary of older turns when the
 *     pipeline made one, else the customer's first request and latest message
 * @param facts the {@code [MEMORY]} facts, internal ones flagged
 * @param mode the reply mode that applies to this ticket
 */
public record TicketBrief(
    String key,
    String title,
    String status,
    String requestType,
    String serviceDeskId,
    String requestTypeId,
    String customer,
    int turns,
    String summary,
    List<Fact> facts,
    String mode) {}
