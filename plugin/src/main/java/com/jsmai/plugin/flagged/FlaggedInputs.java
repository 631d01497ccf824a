package com.jsmai.plugin.flagged;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.plugin.audit.AuditEvent;
import com.jsmai.plugin.audit.AuditLog;
import com.jsmai.plugin.metrics.PluginMetrics;
import com.jsmai.plugin.safety.InjectionDetector;
import com.jsmai.plugin.safety.InputGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature's one entry point: the input check records what it flagged, the agent panel shows it
 * and takes the agents' verdicts, the admin screen lists, counts and exports. Verdicts and exports
 * are written to the audit log with who did them and counted in {@code
 * jsmai_flagged_verdicts_total{verdict}}. Thread-safe.
 */
public final class FlaggedInputs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FlaggedInputs.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A verdict on a row that does not exist or belongs to another ticket. */
  public static final class NotFound extends RuntimeException {
    public NotFound(String message) {
      super(message);
    }
  }

  private final FlaggedInputStore store;
  private final AuditLog audit;
  private final PluginMetrics metrics;
  private final AtomicLong recordFailures = new AtomicLong();

  /**
   * @param store the encrypted rows (closed with this object)
   * @param audit where verdicts and exports are recorded; null only in tests of the store alone
   * @param metrics where verdicts are counted
   */
  public FlaggedInputs(FlaggedInputStore store, AuditLog audit, PluginMetrics metrics) {
    this.store = Objects.requireNonNull(store, "store");
    this.audit = audit;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Stores every flagged source of a verdict (duplicates are skipped by the store). Never throws: a
   * failed write is logged without the text and counted, and the ticket is still handled, since the
   * verdict's action matters more to the customer than the training row.
   *
   * @param sources the sources the verdict judged, with distinct origins (a finding names its
   *     source by origin only)
   * @return how many new rows were stored
   */
  public int record(
      String ticketKey,
      String serviceDeskId,
      InputGuard.Verdict verdict,
      List<InputGuard.Source> sources) {
    if (verdict == null || !verdict.flagged()) return 0;
    String action = verdict.action().name().toLowerCase(Locale.ROOT);
    Map<String, String> textOf = new HashMap<>();
    for (InputGuard.Source s : sources) textOf.putIfAbsent(s.origin(), s.text());
    int stored = 0;
    for (InputGuard.Finding f : verdict.findings()) {
      try {
        List<FlaggedInput.Signal> signals = new ArrayList<>();
        for (InjectionDetector.Signal s : f.assessment().signals()) {
          signals.add(new FlaggedInput.Signal(s.technique(), s.weight(), s.evidence()));
        }
        if (store
            .record(
                new FlaggedInputStore.NewFlag(
                    ticketKey,
                    serviceDeskId,
                    f.origin(),
                    textOf.getOrDefault(f.origin(), ""),
                    f.assessment().score(),
                    signals,
                    action,
                    f.learnedOnly()))
            .isPresent()) {
          stored++;
        }
      } catch (RuntimeException e) {
        recordFailures.incrementAndGet();
        log.error(
            "{}: flagged input from {} not stored: {}",
            ticketKey,
            f.origin(),
            e.getClass().getSimpleName());
      }
    }
    return stored;
  }

  /** Rows that failed to store since start (each also logged). */
  public long recordFailures() {
    return recordFailures.get();
  }

  public List<FlaggedInput> forTicket(String ticketKey) {
    return store.forTicket(ticketKey);
  }

  /**
   * An agent's verdict on one row of {@code ticketKey}; the last verdict wins. Audited with the
   * agent's id and the previous verdict, and counted.
   *
   * @throws NotFound when the row does not exist or is not on this ticket (an agent proven for one
   *     ticket cannot judge another's rows by guessing ids)
   */
  public FlaggedInput judge(String ticketKey, long id, Verdict verdict, String agentId) {
    FlaggedInputStore.Judgment judged =
        store
            .judge(ticketKey, id, verdict, agentId)
            .orElseThrow(() -> new NotFound("no flagged input " + id + " on " + ticketKey));
    FlaggedInput row = judged.before();
    metrics.flaggedVerdict(verdict.wire());
    if (audit != null) {
      ObjectNode p =
          JSON.createObjectNode()
              .put("decision", "flagged-input-verdict")
              .put("flaggedInput", id)
              .put("origin", row.origin())
              .put("verdict", verdict.wire());
      if (row.verdict() != null) p.put("previous", row.verdict().wire());
      audit.append(ticketKey, AuditEvent.Kind.POLICY_DECISION, agentId, p.toString());
    }
    log.info(
        "{}: flagged input {} judged {} by {}{}",
        ticketKey,
        id,
        verdict.wire(),
        agentId,
        row.verdict() == null ? "" : " (was " + row.verdict().wire() + ")");
    return judged.after();
  }

  public List<FlaggedInput> list(FlaggedInputStore.Filter filter, int limit) {
    return store.list(filter, limit);
  }

  public List<DeskPrecision> precisionByDesk() {
    return store.precisionByDesk();
  }

  /**
   * Writes every judged row as one JSON object per line, the format {@code
   * InjectionClassifierTraining --extra} reads: {@code text}, {@code label} ({@code attack} for a
   * confirmed attack, {@code benign} for "not an attack"), {@code ticket}, {@code serviceDeskId},
   * {@code techniques}, {@code decidedAt}. Undecided rows are left out. The export is plaintext
   * customer data; it is audited with the admin's name and the row count (never the content).
   *
   * @return how many lines were written
   */
  public int exportJsonl(Writer out, String adminUser) {
    int n = 0;
    try {
      for (FlaggedInput r : store.judged()) {
        ObjectNode line = JSON.createObjectNode();
        line.put("text", r.text());
        line.put("label", r.verdict().wire());
        line.put("ticket", r.ticketKey());
        line.put("serviceDeskId", r.serviceDeskId());
        ArrayNode t = line.putArray("techniques");
        r.techniques().forEach(t::add);
        line.put("decidedAt", r.decidedAt() == null ? null : r.decidedAt().toString());
        out.write(line.toString());
        out.write('\n');
        n++;
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("flagged-input export failed", e);
    }
    if (audit != null) {
      audit.append(
          "-",
          AuditEvent.Kind.POLICY_DECISION,
          adminUser,
          JSON.createObjectNode()
              .put("decision", "flagged-inputs-export")
              .put("rows", n)
              .toString());
    }
    log.info("flagged inputs: {} judged rows exported by {}", n, adminUser);
    return n;
  }

  /** Deletes rows older than the retention; returns how many. */
  public int purgeExpired() {
    return store.purgeExpired();
  }

  /** Re-encrypts rows under the current audit key (key rotation); returns how many. */
  public int reencryptAll() {
    return store.reencryptAll();
  }

  /** How many rows each audit key id protects (check before dropping a key). */
  public java.util.Map<String, Integer> countByKey() {
    return store.countByKey();
  }

  @Override
  public void close() {
    store.close();
  }
}
