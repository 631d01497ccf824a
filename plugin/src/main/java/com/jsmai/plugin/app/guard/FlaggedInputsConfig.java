package com.jsmai.plugin.app.guard;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code flaggedInputs} section: tickets the input check flagged, kept for the agents' verdicts
 * and the training export (docs/safety.md, "Agents' verdicts on flagged tickets"). The text is
 * encrypted with the audit log's keys, so the feature needs {@code audit.enabled}.
 *
 * @param enabled keep flagged inputs; default (absent): on exactly when {@code audit.enabled} is.
 *     {@code true} with the audit log off stops startup (there is no key to encrypt with)
 * @param file the SQLite file; default {@code jsmai-flagged.db} next to {@code audit.file}
 * @param retention how long a row is kept after it was flagged; default {@code audit.retention} (30
 *     days)
 */
public record FlaggedInputsConfig(Boolean enabled, Path file, Duration retention) {
  public FlaggedInputsConfig {
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new IllegalArgumentException(
          "flaggedInputs.retention must be positive, was: " + retention);
    }
  }

  public static FlaggedInputsConfig defaults() {
    return new FlaggedInputsConfig(null, null, null);
  }

  /** On when set, else when the audit log is. */
  boolean on(AuditConfig audit) {
    return enabled == null ? audit.enabled() : enabled;
  }

  Path fileOr(AuditConfig audit) {
    return file != null ? file : audit.file().toAbsolutePath().resolveSibling("jsmai-flagged.db");
  }

  Duration retentionOr(AuditConfig audit) {
    return retention != null ? retention : audit.retention();
  }
}
