package com.jsmai.sandbox.view;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Jira's date formats. The sandbox reports every time in UTC. */
public final class Dates {
  private Dates() {}

  private static final DateTimeFormatter JIRA =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FRIENDLY =
      DateTimeFormatter.ofPattern("dd/MMM/yy h:mm a", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  /** The REST API format, for example {@code 2016-09-28T23:08:32.097+0000}. */
  public static String jira(Instant t) {
    return JIRA.format(t);
  }

  /** servicedeskapi {@code DateDTO}: iso8601, jira, friendly, epochMillis. */
  public static ObjectNode dateDto(Instant t) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("iso8601", ISO.format(t));
    n.put("jira", JIRA.format(t));
    n.put("friendly", FRIENDLY.format(t));
    n.put("epochMillis", t.toEpochMilli());
    return n;
  }
}
