package com.jsmai.plugin.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpamAssassinCorpusTest {

  private static byte[] mail(String s) {
    return s.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String body(String message) {
    SpamAssassinCorpus.Extraction e = SpamAssassinCorpus.extract(mail(message));
    assertThat(e.ok()).as("unreadable: %s", e.unreadable()).isTrue();
    return e.text();
  }

  @Test
  void inHalf_knownDigest_evenFirstByteIsDevelopment() {
    // SHA-256("abc") = ba7816bf...: 0xba is even. SHA-256("") = e3b0c442...: 0xe3 is odd.
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    assertThat(SpamAssassinCorpus.inHalf(abc, SharedDatasets.Half.DEV)).isTrue();
    assertThat(SpamAssassinCorpus.inHalf(abc, SharedDatasets.Half.HELD_OUT)).isFalse();
    assertThat(SpamAssassinCorpus.inHalf(new byte[0], SharedDatasets.Half.DEV)).isFalse();
    assertThat(SpamAssassinCorpus.inHalf(new byte[0], SharedDatasets.Half.HELD_OUT)).isTrue();
    assertThat(SpamAssassinCorpus.inHalf(new byte[0], SharedDatasets.Half.ALL)).isTrue();
  }

  @Test
  void extract_multipartAlternative_prefersThePlainTextPart() {
    String text =
        body(
            """
            From someone@example.com  Thu Aug 22 12:36:23 2002
            From: Ann <ann@example.com>
            Subject: lunch
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1"

            --b1
            Content-Type: text/plain; charset=us-ascii

            Shall we meet at noon?
            --b1
            Content-Type: text/html; charset=us-ascii

            <html><body><p>HTML VERSION</p></body></html>
            --b1--
            """);
    assertThat(text).isEqualTo("Shall we meet at noon?");
  }

  @Test
  void extract_quotedPrintableLatin1_decodedWithItsCharset() {
    String text =
        body(
            """
            From: b@example.com
            Subject: cafe
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            Caf=E9 au lait, s'il vous pla=EEt. A soft line =
            break joins this line.
            """);
    assertThat(text).isEqualTo("Café au lait, s'il vous plaît. A soft line break joins this line.");
  }

  @Test
  void extract_base64Utf8_decoded() {
    String encoded =
        java.util.Base64.getMimeEncoder()
            .encodeToString(
                "Grüße aus Köln: the invoice is attached.".getBytes(StandardCharsets.UTF_8));
    String text =
        body(
            "From: c@example.com\n"
                + "Content-Type: text/plain; charset=\"utf-8\"\n"
                + "Content-Transfer-Encoding: base64\n\n"
                + encoded
                + "\n");
    assertThat(text).isEqualTo("Grüße aus Köln: the invoice is attached.");
  }

  @Test
  void extract_htmlOnly_visibleTextWithoutTagsOrScripts() {
    String text =
        body(
            """
            From: d@example.com
            Content-Type: text/html

            <html><head><style>p {color: red}</style><script>alert(1)</script></head>
            <body><h1>Big&nbsp;SALE</h1><p>Click <a href="http://x.example">here</a> now!</p></body></html>
            """);
    assertThat(text).isEqualTo("Big SALE Click here now!");
  }

  @Test
  void extract_mixedWithAttachment_textPartsOnlyAndAttachedMessageRead() {
    String text =
        body(
            """
            From: e@example.com
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: text/plain

            See the forwarded note.
            --outer
            Content-Type: application/octet-stream; name="a.bin"
            Content-Disposition: attachment; filename="a.bin"
            Content-Transfer-Encoding: base64

            AAECAwQF
            --outer
            Content-Type: message/rfc822

            From: f@example.com
            Subject: inner
            Content-Type: text/plain

            The inner message.
            --outer--
            """);
    assertThat(text).isEqualTo("See the forwarded note.\n\nThe inner message.");
  }

  @Test
  void extract_brokenMultipartWithoutItsBoundary_unreadableWithTheReason() {
    SpamAssassinCorpus.Extraction e =
        SpamAssassinCorpus.extract(
            mail(
                """
                From: g@example.com
                Content-Type: multipart/mixed; boundary="never-used"

                This body has no boundary line at all.
                """));
    assertThat(e.ok()).isFalse();
    assertThat(e.unreadable()).startsWith("MIME structure unreadable").contains("boundary");
  }

  @Test
  void extract_onlyAnImage_unreadableNoTextPart() {
    SpamAssassinCorpus.Extraction e =
        SpamAssassinCorpus.extract(
            mail(
                """
                From: h@example.com
                Content-Type: multipart/mixed; boundary="x"

                --x
                Content-Type: image/gif
                Content-Transfer-Encoding: base64

                R0lGODlhAQABAAAAACw=
                --x--
                """));
    assertThat(e.ok()).isFalse();
    assertThat(e.unreadable()).isEqualTo("no text part");
  }

  @Test
  void extract_unknownCharset_readAsLatin1InsteadOfFailing() {
    String text =
        body(
            """
            From: i@example.com
            Content-Type: text/plain; charset=x-no-such-charset

            Plain words.
            """);
    assertThat(text).isEqualTo("Plain words.");
  }

  @Test
  void cap_longBody_cutAtWhitespaceWithinTheLimit() {
    String word = "abcdefghi ";
    String longText = word.repeat(500);
    String capped = SpamAssassinCorpus.cap(longText);
    assertThat(capped.length()).isLessThanOrEqualTo(SpamAssassinCorpus.MAX_CHARS);
    assertThat(capped).endsWith("abcdefghi").doesNotEndWith(" ");
    assertThat(SpamAssassinCorpus.cap("short")).isEqualTo("short");
  }

  @Test
  void read_folderMissingAGroup_failsNamingItAndTheScript(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("easy-ham-1"));
    assertThatThrownBy(() -> SpamAssassinCorpus.read(dir, SharedDatasets.Half.DEV))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("easy-ham-2")
        .hasMessageContaining("fetch-attack-corpora");
  }

  @Test
  @Tag("slow") // hashes 6,046 files and parses the 2,984 of the development half
  void read_realCorpus_developmentHalfMatchesAnIndependentRecount() throws IOException {
    Assumptions.assumeTrue(
        SpamAssassinCorpus.absence().isEmpty(), SpamAssassinCorpus.absence().orElse(""));
    Path folder = SpamAssassinCorpus.folder().orElseThrow();
    // Recount from the file digests in hexadecimal: the first byte's low bit is the second hex
    // digit's parity.
    Map<String, Integer> devFiles = new TreeMap<>();
    for (String g : List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2")) {
      try (Stream<Path> files = Files.list(folder.resolve(g))) {
        for (Path p : files.filter(f -> f.toString().endsWith(".txt")).toList()) {
          String hex =
              HexFormat.of()
                  .formatHex(
                      java.security.MessageDigest.getInstance("SHA-256")
                          .digest(Files.readAllBytes(p)));
          if ("02468ace".indexOf(hex.charAt(1)) >= 0) devFiles.merge(g, 1, Integer::sum);
        }
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    // Pinned from `sha256sum` in the shell when the split was first applied.
    assertThat(devFiles)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "easy-ham-1", 1223,
                "easy-ham-2", 682,
                "hard-ham-1", 123,
                "spam-1", 235,
                "spam-2", 721));
    SpamAssassinCorpus.Corpus dev = SpamAssassinCorpus.read(folder, SharedDatasets.Half.DEV);
    Map<String, Integer> read = new TreeMap<>();
    for (SpamAssassinCorpus.Message m : dev.messages()) read.merge(m.group(), 1, Integer::sum);
    for (String u : dev.unreadable()) read.merge(u.substring(0, u.indexOf('/')), 1, Integer::sum);
    assertThat(read).isEqualTo(devFiles);
    assertThat(dev.of(SpamAssassinCorpus.Kind.HAM)).hasSize(2028);
    assertThat(dev.messages()).allSatisfy(m -> assertThat(m.body()).isNotBlank());
    assertThat(dev.messages())
        .allSatisfy(
            m -> assertThat(m.body().length()).isLessThanOrEqualTo(SpamAssassinCorpus.MAX_CHARS));
  }
}
