package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.jsmai.plugin.safety.PiiScanner.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

// Every number here is synthetic: written for these tests, with checksums computed by hand.
class PiiScannerTest {

  private static List<Kind> kinds(String text) {
    return PiiScanner.scan(text).stream().map(PiiScanner.Match::kind).toList();
  }

  @Test
  void luhnValid_validAndInvalidCheckDigits() {
    assertThat(PiiScanner.luhnValid("4111111111111111")).isTrue();
    assertThat(PiiScanner.luhnValid("5500005555555559")).isTrue();
    assertThat(PiiScanner.luhnValid("378282246310005")).isTrue();
    assertThat(PiiScanner.luhnValid("4111111111111112")).isFalse();
    assertThat(PiiScanner.luhnValid("6212261234567890")).isFalse();
    assertThat(PiiScanner.luhnValid("123456789012")).as("too short").isFalse();
  }

  @Test
  void scan_cardWithSpacesOrDashes_foundOnlyWhenLuhnValid() {
    assertThat(kinds("card 4111 1111 1111 1111 on file")).containsExactly(Kind.CARD_NUMBER);
    assertThat(kinds("card 5500-0055-5555-5559")).containsExactly(Kind.CARD_NUMBER);
    assertThat(kinds("order 4111 1111 1111 1112 shipped")).doesNotContain(Kind.CARD_NUMBER);
  }

  @Test
  void isValidCnResidentId_checksumAndBirthDate() {
    assertThat(PiiScanner.isValidCnResidentId("110101199003071233")).isTrue();
    assertThat(PiiScanner.isValidCnResidentId("440305200112310027")).isTrue();
    assertThat(PiiScanner.isValidCnResidentId("320106198502140455")).isTrue();
    assertThat(PiiScanner.isValidCnResidentId("110101199003071234")).as("bad check").isFalse();
    assertThat(PiiScanner.isValidCnResidentId("110101199002301233")).as("30 Feb").isFalse();
    assertThat(PiiScanner.isValidCnResidentId("11010119900307123")).as("17 chars").isFalse();
  }

  @Test
  void scan_cnResidentIdWithXCheck_found() {
    // 11010519491231002X: the well-known format example whose check character is X.
    assertThat(PiiScanner.isValidCnResidentId("11010519491231002X")).isTrue();
    assertThat(kinds("身份证号 11010519491231002X 已核实")).containsExactly(Kind.CN_RESIDENT_ID);
  }

  @Test
  void scan_mainlandMobiles_inCommonFormats() {
    assertThat(kinds("手机 13800138000")).containsExactly(Kind.PHONE);
    assertThat(kinds("call +86 138 0013 8000")).containsExactly(Kind.PHONE);
    assertThat(kinds("tel 8613800138000")).containsExactly(Kind.PHONE);
    assertThat(kinds("号码 12800138000 不是手机")).as("no 12x prefix").isEmpty();
  }

  @Test
  void phoneKey_sameNumberDifferentFormats_equal() {
    assertThat(PiiScanner.phoneKey("+86 138 0013 8000"))
        .isEqualTo(PiiScanner.phoneKey("13800138000"))
        .isEqualTo(PiiScanner.phoneKey("008613800138000"));
  }

  @Test
  void scan_internationalAndNorthAmericanPhones_found() {
    assertThat(kinds("reach me at +44 20 7946 0958")).containsExactly(Kind.PHONE);
    assertThat(kinds("or (555) 010-4477")).containsExactly(Kind.PHONE);
  }

  @Test
  void scan_emails_lowerCasedForComparison() {
    List<PiiScanner.Match> found = PiiScanner.scan("write to Jane.Roe@Example.COM please");
    assertThat(found)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.kind()).isEqualTo(Kind.EMAIL);
              assertThat(m.normalized()).isEqualTo("jane.roe@example.com");
            });
  }

  @Test
  void scan_orderIdsAndDates_notPersonalData() {
    assertThat(kinds("Order #W2378156 placed 2024-05-01, total 129.99, 3 items")).isEmpty();
  }

  @Test
  void masked_keepsOnlyLastFour() {
    PiiScanner.Match m = PiiScanner.scan("4111111111111111").get(0);
    assertThat(m.masked()).isEqualTo("************1111");
  }
}
