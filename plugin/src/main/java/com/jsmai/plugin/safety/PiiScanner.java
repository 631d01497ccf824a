package com.jsmai.plugin.safety;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in text: e-mail addresses, phone numbers (mainland-China mobiles and
 * international or North-American formats), payment card numbers that pass the Luhn check, and
 * Chinese resident identity numbers whose date and ISO 7064 MOD 11-2 check digit are valid.
 * Checksums keep order numbers and random digit runs from counting. Stateless and thread-safe.
 */
public final class PiiScanner {
  private PiiScanner() {}

  public enum Kind {
    EMAIL,
    PHONE,
    CARD_NUMBER,
    CN_RESIDENT_ID
  }

  /**
   * One finding.
   *
   * @param kind what it is
   * @param value the matched text
   * @param normalized the comparable form: lower-case address, digits only
   */
  public record Match(Kind kind, String value, String normalized) {
    /** The value with all but the last four characters hidden, for reasons and logs. */
    public String masked() {
      int keep = Math.min(4, normalized.length());
      return "*".repeat(Math.max(0, normalized.length() - keep))
          + normalized.substring(normalized.length() - keep);
    }
  }

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern CN_ID =
      Pattern.compile(
          "(?<![0-9A-Za-z])[1-9]\\d{5}(?:18|19|20)\\d{2}\\d{2}\\d{2}\\d{3}[0-9Xx](?![0-9A-Za-z])");
  private static final Pattern CARD =
      Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
  private static final Pattern CN_MOBILE =
      Pattern.compile("(?<![\\d+])(?:(?:\\+|00)?86[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}(?!\\d)");
  private static final Pattern INTL_PHONE =
      Pattern.compile(
          "(?<![\\w+])\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){1,4}(?!\\d)");
  private static final Pattern NANP_PHONE =
      Pattern.compile("(?<!\\d)(?:\\(\\d{3}\\)\\s?|\\d{3}[.-])\\d{3}[.-]\\d{4}(?!\\d)");

  public static List<Match> scan(String text) {
    List<Match> out = new ArrayList<>();
    if (text == null || text.isEmpty()) return out;
    Matcher m = EMAIL.matcher(text);
    while (m.find()) out.add(new Match(Kind.EMAIL, m.group(), m.group().toLowerCase()));
    // Identity numbers first, so their digits are not read again as a phone or card.
    List<int[]> taken = new ArrayList<>();
    m = CN_ID.matcher(text);
    while (m.find()) {
      if (isValidCnResidentId(m.group())) {
        out.add(new Match(Kind.CN_RESIDENT_ID, m.group(), m.group().toUpperCase()));
        taken.add(new int[] {m.start(), m.end()});
      }
    }
    m = CARD.matcher(text);
    while (m.find()) {
      String digits = m.group().replaceAll("\\D", "");
      if (overlaps(taken, m.start(), m.end()) || !luhnValid(digits)) continue;
      out.add(new Match(Kind.CARD_NUMBER, m.group(), digits));
      taken.add(new int[] {m.start(), m.end()});
    }
    for (Pattern p : List.of(CN_MOBILE, INTL_PHONE, NANP_PHONE)) {
      m = p.matcher(text);
      while (m.find()) {
        if (overlaps(taken, m.start(), m.end())) continue;
        String digits = m.group().replaceAll("\\D", "");
        if (digits.length() < 7) continue;
        out.add(new Match(Kind.PHONE, m.group(), phoneKey(digits)));
        taken.add(new int[] {m.start(), m.end()});
      }
    }
    return out;
  }

  /**
   * The comparable key of a phone number: its last 9 digits, so "+86 138 0013 8000",
   * "008613800138000" and "13800138000" compare equal.
   */
  public static String phoneKey(String phone) {
    String digits = phone.replaceAll("\\D", "");
    return digits.length() > 9 ? digits.substring(digits.length() - 9) : digits;
  }

  /** The Luhn (mod 10) check used by payment card numbers; 13 to 19 digits. */
  public static boolean luhnValid(String digits) {
    if (digits.length() < 13
        || digits.length() > 19
        || !digits.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubleIt) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }

  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String ID_CHECK = "10X98765432";

  /**
   * GB 11643-1999: 17 digits (region, birth date yyyymmdd, sequence) and a check character from ISO
   * 7064 MOD 11-2; the birth date must be a real date.
   */
  public static boolean isValidCnResidentId(String id) {
    if (id == null || !id.matches("\\d{17}[0-9Xx]")) return false;
    try {
      LocalDate.of(
          Integer.parseInt(id.substring(6, 10)),
          Integer.parseInt(id.substring(10, 12)),
          Integer.parseInt(id.substring(12, 14)));
    } catch (DateTimeException badDate) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (id.charAt(i) - '0') * ID_WEIGHTS[i];
    return Character.toUpperCase(id.charAt(17)) == ID_CHECK.charAt(sum % 11);
  }

  private static boolean overlaps(List<int[]> taken, int start, int end) {
    for (int[] t : taken) if (start < t[1] && t[0] < end) return true;
    return false;
  }
}
