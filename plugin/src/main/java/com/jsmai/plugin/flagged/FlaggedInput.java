package com.jsmai.plugin.flagged;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One flagged source of one ticket, decrypted, with the agents' latest verdict.
 *
 * @param id the row id
 * @param flaggedAt when the input check flagged it
 * @param ticketKey the issue key, for example {@code SD-12}
 * @param serviceDeskId the ticket's service desk ({@code ?} when unknown)
 * @param origin where the text came from: {@code request}, {@code comment:<id>}, {@code summary},
 *     {@code description}, {@code quoted-email:<origin>}, {@code attachment:<file>}
 * @param text the flagged text (secrets redacted)
 * @param score the input check's score
 * @param signals the techniques found with their weight and evidence, strongest first
 * @param action what the ticket got: {@code route_to_human}, {@code block_auto_reply}, {@code
 *     mark_untrusted}
 * @param verdict the latest verdict, or null while nobody has judged it
 * @param decidedBy who gave the latest verdict (agent id), or null
 * @param decidedAt when, or null
 * @param learnedOnly flagged only because of the input check's learned stage: the rules alone
 *     (detector and context stage) stayed below the threshold, so by default the ticket was
 *     answered with the text fenced rather than handed off
 */
public record FlaggedInput(
    long id,
    Instant flaggedAt,
    String ticketKey,
    String serviceDeskId,
    String origin,
    String text,
    double score,
    List<Signal> signals,
    String action,
    Verdict verdict,
    String decidedBy,
    Instant decidedAt,
    boolean learnedOnly) {

  /** One technique the check found, with the text that matched. */
  public record Signal(String technique, double weight, String evidence) {
    public Signal {
      Objects.requireNonNull(technique, "technique");
      evidence = evidence == null ? "" : evidence;
    }
  }

  public FlaggedInput {
    Objects.requireNonNull(flaggedAt, "flaggedAt");
    Objects.requireNonNull(ticketKey, "ticketKey");
    signals = List.copyOf(signals);
  }

  /** The techniques' names, strongest first. */
  public List<String> techniques() {
    return signals.stream().map(Signal::technique).toList();
  }

  /** The evidence of the strongest technique that has some, else empty. */
  public String evidence() {
    for (Signal s : signals) if (!s.evidence().isBlank()) return s.evidence();
    return "";
  }
}
