package com.jsmai.sandbox;

import java.util.Locale;

/**
 * Which Jira deployment the sandbox imitates. The flavour changes authentication (Cloud: Basic
 * email + API token; Data Center: {@code Bearer} personal access token or Basic username +
 * password), payload shapes (Cloud: accountIds and REST v3 with ADF; Data Center: user keys and
 * REST v2 with wiki text only) and webhook payloads (Data Center comment events carry no issue).
 */
public enum Flavor {
  CLOUD,
  DC;

  /** Parses {@code cloud} or {@code dc}, case-insensitively. */
  public static Flavor parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("flavor must be cloud or dc, got null");
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "cloud" -> CLOUD;
      case "dc", "datacenter", "data-center", "server" -> DC;
      default ->
          throw new IllegalArgumentException("flavor must be cloud or dc, got '" + text + "'");
    };
  }

  public boolean isCloud() {
    return this == CLOUD;
  }
}
