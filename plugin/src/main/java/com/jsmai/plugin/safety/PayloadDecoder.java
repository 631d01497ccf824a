package com.jsmai.plugin.safety;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds text hidden in an encoding (base64, hex, 8-bit binary, Morse, a Caesar/ROT13 shift) and
 * decodes it, so the detector can read what the model would read. Works on the original text:
 * encodings are case-sensitive.
 */
final class PayloadDecoder {
  private PayloadDecoder() {}

  /** One decoded payload: the encoding's name and the decoded text. */
  record Decoded(String encoding, String text) {}

  private static final Pattern BASE64 =
      Pattern.compile("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{20,}={0,2}(?![A-Za-z0-9+/=])");
  private static final Pattern HEX_SPACED =
      Pattern.compile("\\b(?:[0-9a-fA-F]{2}[ :]){7,}[0-9a-fA-F]{2}\\b");
  private static final Pattern HEX_RUN = Pattern.compile("\\b(?:[0-9a-fA-F]{2}){12,}\\b");
  private static final Pattern BINARY = Pattern.compile("\\b(?:[01]{8}\\s+){3,}[01]{8}\\b");
  private static final Pattern MORSE =
      Pattern.compile("(?:[.\\-]{1,6}\\s+(?:/\\s+)?){4,}[.\\-]{1,6}");
  private static final Pattern SEGMENT = Pattern.compile("[^.?!:;'\"\\n<>]{25,}");

  // The helpers' patterns, compiled once: String.matches/replaceAll/split compile their regex on
  // every call, and these run for every match on every text checked. A base64 or hex match holds
  // no line terminator, so find() of a class is the old matches(".*class.*").
  private static final Pattern DIGIT_OR_SYMBOL = Pattern.compile("[0-9+/]");
  private static final Pattern HEX_SEPARATOR = Pattern.compile("[ :]");
  private static final Pattern HEX_LETTER = Pattern.compile("[a-fA-F]");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern MORSE_WORD_BREAK = Pattern.compile("\\s*/\\s*");
  private static final Pattern TRAILING_PADDING = Pattern.compile("=+$");

  private static final Map<String, Character> MORSE_TABLE = morseTable();

  // What every match of each pattern holds: a run of at least so many consecutive characters
  // from the pattern's own characters (base64: 20 of [A-Za-z0-9+/]; spaced hex: 8 pairs and 7
  // separators; a hex run: 12 pairs; binary: one byte; Morse: 4 symbols, each followed by
  // whitespace, and a fifth). Ordinary text rarely has such a run, and without one a pattern
  // cannot match, so the search is skipped: the same payloads, found without trying every
  // position of a long text.
  private static final CharRun BASE64_RUN = new CharRun("A-Za-z0-9+/", 20);
  private static final CharRun HEX_SPACED_RUN = new CharRun("0-9a-fA-F :", 23);
  private static final CharRun HEX_RUN_RUN = new CharRun("0-9a-fA-F", 24);
  private static final CharRun BINARY_RUN = new CharRun("01", 8);
  private static final CharRun MORSE_RUN = new CharRun(".\\-/\\s", 9);

  /** A run of {@code length} characters of an ASCII class, looked for in one pass. */
  static final class CharRun {
    final CharClass members;
    private final int length;

    CharRun(String members, int length) {
      this.members = new CharClass("[" + members + "]");
      this.length = length;
    }

    /** Whether the text holds such a run; every class here is ASCII-only (tested). */
    boolean in(String text) {
      int run = 0;
      for (int i = 0; i < text.length(); i++) {
        if (members.containsAscii(text.charAt(i))) {
          if (++run >= length) return true;
        } else {
          run = 0;
        }
      }
      return false;
    }
  }

  static final List<CharRun> RUNS =
      List.of(BASE64_RUN, HEX_SPACED_RUN, HEX_RUN_RUN, BINARY_RUN, MORSE_RUN);

  static List<Decoded> decodeAll(String text) {
    return decodeAll(text, true);
  }

  /**
   * @param skipWithoutRuns false searches every pattern over the whole text, as before the run
   *     check: the reference the detector's equivalence tests compare with
   */
  static List<Decoded> decodeAll(String text, boolean skipWithoutRuns) {
    List<Decoded> out = new ArrayList<>();
    Matcher m = BASE64.matcher(text);
    boolean base64 = !skipWithoutRuns || BASE64_RUN.in(text);
    while (base64 && m.find()) {
      String token = m.group();
      // Plain long words are not base64; real payloads mix case or carry digits and symbols.
      boolean mixed = !token.equals(token.toLowerCase()) && !token.equals(token.toUpperCase());
      if (!mixed && !DIGIT_OR_SYMBOL.matcher(token).find()) continue;
      try {
        printable(Base64.getDecoder().decode(padded(token)))
            .ifPresent(s -> out.add(new Decoded("base64", s)));
      } catch (IllegalArgumentException notBase64) {
        // Not base64 after all: ignore.
      }
    }
    for (Pattern p : List.of(HEX_SPACED, HEX_RUN)) {
      m = p.matcher(text);
      CharRun run = p == HEX_SPACED ? HEX_SPACED_RUN : HEX_RUN_RUN;
      if (skipWithoutRuns && !run.in(text)) continue;
      while (m.find()) {
        String hex = HEX_SEPARATOR.matcher(m.group()).replaceAll("");
        if (!HEX_LETTER.matcher(hex).find() && hex.length() < 32) continue;
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        printable(bytes).ifPresent(s -> out.add(new Decoded("hex", s)));
      }
    }
    m = BINARY.matcher(text);
    boolean binary = !skipWithoutRuns || BINARY_RUN.in(text);
    while (binary && m.find()) {
      String[] groups = WHITESPACE.split(m.group().trim());
      byte[] bytes = new byte[groups.length];
      for (int i = 0; i < groups.length; i++) bytes[i] = (byte) Integer.parseInt(groups[i], 2);
      printable(bytes).ifPresent(s -> out.add(new Decoded("binary", s)));
    }
    m = MORSE.matcher(text);
    boolean morse = !skipWithoutRuns || MORSE_RUN.in(text);
    while (morse && m.find()) {
      StringBuilder s = new StringBuilder();
      for (String word : MORSE_WORD_BREAK.split(m.group().trim())) {
        for (String letter : WHITESPACE.split(word.trim())) {
          Character c = MORSE_TABLE.get(letter);
          s.append(c == null ? '?' : c);
        }
        s.append(' ');
      }
      String decoded = s.toString().trim();
      if (decoded.chars().filter(c -> c == '?').count() * 5 < decoded.length()) {
        out.add(new Decoded("morse", decoded.toLowerCase()));
      }
    }
    m = SEGMENT.matcher(text);
    while (m.find()) {
      String segment = m.group();
      caesar(segment).ifPresent(s -> out.add(new Decoded("caesar", s)));
    }
    return out;
  }

  // English letter frequencies (percent), a..z.
  private static final double[] ENGLISH = {
    8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.77, 4.0, 2.4, 6.7, 7.5, 1.9, 0.095, 6.0,
    6.3, 9.1, 2.8, 0.98, 2.4, 0.15, 2.0, 0.074
  };

  /**
   * A segment of Latin letters that reads like a shifted English text: far from English letter
   * frequencies as written, close to them after some shift. Returns the unshifted text.
   */
  static Optional<String> caesar(String segment) {
    int[] counts = new int[26];
    int letters = 0;
    for (char c : segment.toLowerCase().toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        counts[c - 'a']++;
        letters++;
      }
    }
    if (letters < 20 || letters < segment.length() / 2) return Optional.empty();
    double asWritten = chiSquare(counts, 0, letters);
    int bestShift = 0;
    double best = asWritten;
    for (int shift = 1; shift < 26; shift++) {
      double chi = chiSquare(counts, shift, letters);
      if (chi < best) {
        best = chi;
        bestShift = shift;
      }
    }
    // Ordinary English has chi-square well under ~60 at this length; a shifted text is in the
    // hundreds as written and drops to English levels once unshifted.
    if (bestShift == 0 || asWritten < 120 || best > 0.35 * asWritten || best > 80) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    for (char c : segment.toLowerCase().toCharArray()) {
      out.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + bestShift) % 26) : c);
    }
    return Optional.of(out.toString());
  }

  private static double chiSquare(int[] counts, int shift, int letters) {
    double chi = 0;
    for (int i = 0; i < 26; i++) {
      double expected = ENGLISH[(i + shift) % 26] / 100.0 * letters;
      double d = counts[i] - expected;
      chi += d * d / expected;
    }
    return chi;
  }

  private static String padded(String token) {
    String t = TRAILING_PADDING.matcher(token).replaceAll("");
    return t + "=".repeat((4 - t.length() % 4) % 4);
  }

  private static Optional<String> printable(byte[] bytes) {
    if (bytes.length < 4) return Optional.empty();
    String s;
    try {
      s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    long ok = s.codePoints().filter(c -> c >= 0x20 && c != 0x7F || c == '\n' || c == '\t').count();
    long letters = s.codePoints().filter(Character::isLetter).count();
    return ok >= s.codePointCount(0, s.length()) * 0.95 && letters * 2 >= s.length()
        ? Optional.of(s)
        : Optional.empty();
  }

  private static Map<String, Character> morseTable() {
    String[] codes = {
      ".-", "-...", "-.-.", "-..", ".", "..-.", "--.", "....", "..", ".---", "-.-", ".-..", "--",
      "-.", "---", ".--.", "--.-", ".-.", "...", "-", "..-", "...-", ".--", "-..-", "-.--", "--.."
    };
    HashMap<String, Character> table = new HashMap<>();
    for (int i = 0; i < 26; i++) table.put(codes[i], (char) ('A' + i));
    String[] digits = {
      "-----", ".----", "..---", "...--", "....-", ".....", "-....", "--...", "---..", "----."
    };
    for (int i = 0; i < 10; i++) table.put(digits[i], (char) ('0' + i));
    return Map.copyOf(table);
  }
}
