package com.jsmai.plugin.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jsmai.plugin.testing.MutableClock;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);

  private static byte[] key(int seed) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) seed);
    return k;
  }

  private static AuditKeyRing ring(String current, int... seeds) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (int s : seeds) keys.put("k" + s, key(s));
    return new AuditKeyRing(keys, current);
  }

  private AuditLog open(AuditKeyRing keys) {
    return new AuditLog(new AuditLog.Config(dir.resolve("audit.db"), null, keys), clock);
  }

  @Test
  void append_byTicket_returnsDecryptedEventsOfThatTicketOnly() {
    try (AuditLog log = open(ring("k1", 1))) {
      log.append("SD-1", AuditEvent.Kind.PROMPT, "model", "Where is order #W1?");
      log.append("SD-2", AuditEvent.Kind.PROMPT, "model", "other ticket");
      log.append("SD-1", AuditEvent.Kind.POLICY_DECISION, "policy", "auto-reply allowed");

      List<AuditLog.Entry> entries = log.byTicket("SD-1");

      assertThat(entries)
          .extracting(e -> e.event().payload())
          .containsExactly("Where is order #W1?", "auto-reply allowed");
      assertThat(entries).extracting(AuditLog.Entry::keyId).containsOnly("k1");
    }
  }

  @Test
  void append_contentNotInPlaintextOnDisk() throws Exception {
    try (AuditLog log = open(ring("k1", 1))) {
      log.append("SD-1", AuditEvent.Kind.MODEL_RESPONSE, "model", "UNIQUE-PLAINTEXT-MARKER-42");
    }
    for (Path f : Files.list(dir).toList()) {
      String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(raw).as(f.toString()).doesNotContain("UNIQUE-PLAINTEXT-MARKER-42");
    }
  }

  @Test
  void append_secretsInPayload_storedRedacted() {
    try (AuditLog log = open(ring("k1", 1))) {
      log.append(
          "SD-1",
          AuditEvent.Kind.TOOL_CALL,
          "lookup_order",
          "GET /orders Authorization: Bearer abcdefghijklmnop1234 api_key=sk-live-123456789");

      String stored = log.byTicket("SD-1").get(0).event().payload();

      assertThat(stored)
          .doesNotContain("abcdefghijklmnop1234")
          .doesNotContain("sk-live-123456789")
          .contains(SecretRedactor.MASK)
          .startsWith("GET /orders");
    }
  }

  @Test
  void byTicket_rowMovedToAnotherTicket_failsAuthentication() throws Exception {
    try (AuditLog log = open(ring("k1", 1))) {
      log.append("SD-1", AuditEvent.Kind.PROMPT, "model", "secret-ish");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("audit.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE audit SET ticket_key = 'SD-9'");
    }
    try (AuditLog log = open(ring("k1", 1))) {
      assertThatThrownBy(() -> log.byTicket("SD-9"))
          .hasMessageContaining("tampered row or wrong key");
    }
  }

  @Test
  void keyRotation_oldRecordsReadable_newUseCurrent_reencryptMovesAll() {
    try (AuditLog log = open(ring("k1", 1))) {
      log.append("SD-1", AuditEvent.Kind.PROMPT, "model", "written under k1");
    }
    try (AuditLog log = open(ring("k2", 1, 2))) {
      log.append("SD-1", AuditEvent.Kind.PROMPT, "model", "written under k2");
      assertThat(log.byTicket("SD-1"))
          .extracting(AuditLog.Entry::keyId)
          .containsExactly("k1", "k2");

      assertThat(log.reencryptAll()).isEqualTo(1);
      assertThat(log.countByKey()).containsExactly(Map.entry("k2", 2));
    }
    // After re-encryption the old key can leave the configuration.
    try (AuditLog log = open(ring("k2", 2))) {
      assertThat(log.byTicket("SD-1"))
          .extracting(e -> e.event().payload())
          .containsExactly("written under k1", "written under k2");
    }
  }

  @Test
  void byTicket_keyMissingFromRing_clearError() {
    try (AuditLog log = open(ring("k1", 1))) {
      log.append("SD-1", AuditEvent.Kind.PROMPT, "model", "x");
    }
    try (AuditLog log = open(ring("k2", 2))) {
      assertThatThrownBy(() -> log.byTicket("SD-1")).hasMessageContaining("'k1' is not configured");
    }
  }

  @Test
  void purgeExpired_afterRetention_deletesOnlyOldRecords() {
    try (AuditLog log = open(ring("k1", 1))) {
      log.append("SD-1", AuditEvent.Kind.PROMPT, "model", "old");
      clock.advance(Duration.ofDays(20));
      log.append("SD-1", AuditEvent.Kind.PROMPT, "model", "recent");
      clock.advance(Duration.ofDays(11)); // "old" is now 31 days old, "recent" 11

      assertThat(log.purgeExpired()).isEqualTo(1);
      assertThat(log.byTicket("SD-1"))
          .extracting(e -> e.event().payload())
          .containsExactly("recent");
    }
  }

  @Test
  void schedulePurge_runsWithoutBeingCalled() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try (AuditLog log = open(ring("k1", 1))) {
      log.append("SD-1", AuditEvent.Kind.PROMPT, "model", "old");
      clock.advance(Duration.ofDays(31));

      log.schedulePurge(executor, Duration.ofMillis(20));

      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!log.byTicket("SD-1").isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
      assertThat(log.byTicket("SD-1")).isEmpty();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void exportJsonl_oneDecryptedObjectPerLine() throws Exception {
    try (AuditLog log = open(ring("k1", 1))) {
      log.append("SD-1", AuditEvent.Kind.CONVERSATION_TURN, "c-1", "hello");
      clock.advance(Duration.ofMinutes(1));
      log.append("SD-2", AuditEvent.Kind.TOOL_CALL, "lookup_order", "{\"order\":\"#W1\"}");
      StringWriter out = new StringWriter();

      int n = log.exportJsonl(out, T0, T0.plus(Duration.ofDays(1)));

      String[] lines = out.toString().split("\n");
      assertThat(n).isEqualTo(2);
      assertThat(lines).hasSize(2);
      var second = new ObjectMapper().readTree(lines[1]);
      assertThat(second.path("ticket").asText()).isEqualTo("SD-2");
      assertThat(second.path("kind").asText()).isEqualTo("TOOL_CALL");
      assertThat(second.path("payload").asText()).isEqualTo("{\"order\":\"#W1\"}");
    }
  }

  @Test
  void keyRing_badKeyLengthOrUnknownCurrent_rejectedWithDetails() {
    assertThatThrownBy(() -> new AuditKeyRing(Map.of("a", new byte[7]), "a"))
        .hasMessageContaining("'a'")
        .hasMessageContaining("7");
    assertThatThrownBy(() -> new AuditKeyRing(Map.of("a", key(1)), "b"))
        .hasMessageContaining("'b'");
    assertThatThrownBy(() -> AuditKeyRing.fromBase64(Map.of("a", "***"), "a"))
        .hasMessageContaining("'a'");
    assertThat(ring("k1", 1).toString()).doesNotContain("[B@");
  }
}
