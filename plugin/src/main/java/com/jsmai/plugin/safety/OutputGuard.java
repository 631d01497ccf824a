package com.jsmai.plugin.safety;

import com.jsmai.plugin.jira.Comment;
import com.jsmai.plugin.jira.Ticket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The output check of the reply pipeline: a reply is posted publicly only if it passes. It fails on
 * a configured sensitive word (Chinese or English), personal data that does not belong to this
 * ticket's customer ({@link PiiScanner}; full card numbers and resident ids always fail), text
 * copied from the system prompt, and text copied from the ticket's internal notes. A failing reply
 * becomes an internal draft for an agent, with the reason ({@link Verdict#asInternalDraft}).
 * Thread-safe.
 */
public final class OutputGuard {

  /**
   * @param sensitiveWords words and phrases that must never appear in a public reply; English
   *     entries match whole words, case-insensitively, Chinese ones as substrings; all after {@link
   *     TextNormalizer#fold} (so full-width or zero-width tricks do not hide them)
   * @param leakageWords how many consecutive words copied from the system prompt or a note count as
   *     a leak (Chinese: one and a half times as many characters), at least 4
   * @param allowedEmails addresses a reply may always contain (the desk's own support address)
   */
  public record Config(List<String> sensitiveWords, int leakageWords, Set<String> allowedEmails) {
    public Config {
      sensitiveWords = List.copyOf(Objects.requireNonNull(sensitiveWords, "sensitiveWords"));
      for (String w : sensitiveWords) {
        if (w.isBlank()) throw new IllegalArgumentException("sensitiveWords has a blank entry");
      }
      if (leakageWords < 4) throw new IllegalArgumentException("leakageWords < 4: " + leakageWords);
      allowedEmails =
          Set.copyOf(
              Objects.requireNonNull(allowedEmails, "allowedEmails").stream()
                  .map(e -> e.toLowerCase(Locale.ROOT))
                  .toList());
    }

    /** A short built-in list; deployments replace it with their own. */
    public static Config defaults() {
      return new Config(
          List.of(
              "internal use only",
              "confidential",
              "do not forward",
              "fuck",
              "shit",
              "bitch",
              "内部资料",
              "仅供内部",
              "机密",
              "绝密",
              "傻逼",
              "他妈的",
              "操你"),
          8,
          Set.of());
    }
  }

  /**
   * What the check knows about the ticket.
   *
   * @param customerEmails the ticket customer's addresses (reporter and, where known, others on
   *     their profile)
   * @param customerPhones the customer's phone numbers, any format
   * @param systemPrompt the system prompt used for this reply
   * @param internalNotes the text of the ticket's internal comments
   */
  public record Context(
      Set<String> customerEmails,
      Set<String> customerPhones,
      String systemPrompt,
      List<String> internalNotes) {
    public Context {
      customerEmails =
          customerEmails == null
              ? Set.of()
              : Set.copyOf(customerEmails.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList());
      customerPhones =
          customerPhones == null
              ? Set.of()
              : Set.copyOf(customerPhones.stream().map(PiiScanner::phoneKey).toList());
      systemPrompt = systemPrompt == null ? "" : systemPrompt;
      internalNotes = internalNotes == null ? List.of() : List.copyOf(internalNotes);
    }
  }

  /**
   * The context for a reply on {@code ticket}: the reporter's e-mail, the system prompt used, and
   * the bodies of the thread's internal comments. Phone numbers are not on the Jira user, so pass
   * them with the constructor when the desk knows them.
   */
  public static Context contextFor(Ticket ticket, String systemPrompt, List<Comment> comments) {
    Set<String> emails = new HashSet<>();
    if (ticket.reporter() != null && ticket.reporter().email() != null) {
      emails.add(ticket.reporter().email());
    }
    List<String> notes = new ArrayList<>();
    for (Comment c : comments) if (!c.isPublic()) notes.add(c.body());
    return new Context(emails, Set.of(), systemPrompt, notes);
  }

  public enum Reason {
    SENSITIVE_WORD,
    FOREIGN_PII,
    SYSTEM_PROMPT_LEAK,
    INTERNAL_NOTE_LEAK
  }

  /** One problem; {@code detail} never repeats personal data in full. */
  public record Violation(Reason reason, String detail) {}

  public record Verdict(boolean passed, List<Violation> violations) {
    public Verdict {
      violations = List.copyOf(violations);
    }

    public String reason() {
      if (passed) return "passed";
      return String.join(
          "; ", violations.stream().map(v -> v.reason() + ": " + v.detail()).toList());
    }

    /** The text of the internal note an agent gets instead of the public reply. */
    public String asInternalDraft(String reply) {
      return "[AI draft held back: " + reason() + "]\n\n" + reply;
    }
  }

  private final Config config;
  private final List<Pattern> englishWords = new ArrayList<>();
  private final List<String> otherWords = new ArrayList<>();

  public OutputGuard(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    for (String w : config.sensitiveWords()) {
      String folded = TextNormalizer.fold(w);
      if (folded.chars().allMatch(c -> c < 128)) {
        englishWords.add(Pattern.compile("\\b" + Pattern.quote(folded) + "\\b"));
      } else {
        otherWords.add(folded.replace(" ", ""));
      }
    }
  }

  public Verdict check(String reply, Context context) {
    Objects.requireNonNull(context, "context");
    List<Violation> violations = new ArrayList<>();
    String text = reply == null ? "" : reply;
    String folded = TextNormalizer.fold(text);
    for (Pattern p : englishWords) {
      if (p.matcher(folded).find()) {
        violations.add(new Violation(Reason.SENSITIVE_WORD, "\"" + unquote(p) + "\""));
      }
    }
    String compact = folded.replace(" ", "");
    for (String w : otherWords) {
      if (compact.contains(w))
        violations.add(new Violation(Reason.SENSITIVE_WORD, "\"" + w + "\""));
    }
    for (PiiScanner.Match m : PiiScanner.scan(text)) {
      boolean own =
          switch (m.kind()) {
            case EMAIL ->
                context.customerEmails().contains(m.normalized())
                    || config.allowedEmails().contains(m.normalized());
            case PHONE -> context.customerPhones().contains(m.normalized());
            // Never posted publicly, whoever they belong to.
            case CARD_NUMBER, CN_RESIDENT_ID -> false;
          };
      if (!own) {
        violations.add(
            new Violation(Reason.FOREIGN_PII, m.kind().name().toLowerCase() + " " + m.masked()));
      }
    }
    copied(text, context.systemPrompt())
        .ifPresent(s -> violations.add(new Violation(Reason.SYSTEM_PROMPT_LEAK, "\"" + s + "\"")));
    for (String note : context.internalNotes()) {
      var hit = copied(text, note);
      if (hit.isPresent()) {
        violations.add(new Violation(Reason.INTERNAL_NOTE_LEAK, "\"" + hit.get() + "\""));
        break;
      }
    }
    return new Verdict(violations.isEmpty(), violations);
  }

  private static String unquote(Pattern p) {
    return p.pattern().replace("\\b", "").replace("\\Q", "").replace("\\E", "");
  }

  /**
   * The first run of {@code leakageWords} consecutive words (Chinese: 1.5x characters) of {@code
   * source} that also appears in {@code reply}, compared after folding and without punctuation.
   */
  private Optional<String> copied(String reply, String source) {
    if (source == null || source.isBlank()) return Optional.empty();
    List<String> src = units(TextNormalizer.fold(source));
    List<String> out = units(TextNormalizer.fold(reply));
    Set<String> replyShingles = new HashSet<>();
    for (int n : List.of(config.leakageWords(), cjkWindow())) {
      for (int i = 0; i + n <= out.size(); i++)
        replyShingles.add(String.join(" ", out.subList(i, i + n)));
    }
    for (int i = 0; i < src.size(); i++) {
      // Chinese characters are units of their own; a shingle of them needs 1.5x the length.
      int n = src.get(i).codePointAt(0) > 0x2E80 ? cjkWindow() : config.leakageWords();
      if (i + n > src.size()) continue;
      String shingle = String.join(" ", src.subList(i, i + n));
      if (replyShingles.contains(shingle)) {
        return Optional.of(shingle.length() > 60 ? shingle.substring(0, 60) + "..." : shingle);
      }
    }
    return Optional.empty();
  }

  private int cjkWindow() {
    return config.leakageWords() * 3 / 2;
  }

  private static final Pattern UNIT =
      Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]|[\\p{L}\\p{N}]+");

  private static List<String> units(String folded) {
    List<String> out = new ArrayList<>();
    var m = UNIT.matcher(folded);
    while (m.find()) out.add(m.group());
    return out;
  }
}
