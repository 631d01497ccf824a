package com.jsmai.plugin.settings;

import java.time.Instant;

/** One row of the change history: who changed what, when. */
public record SettingsVersion(int version, Instant at, String author, String summary) {}
