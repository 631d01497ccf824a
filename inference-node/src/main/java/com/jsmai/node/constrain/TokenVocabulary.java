package com.jsmai.node.constrain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jsmai.node.tokenizer.ByteLevel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The raw byte string of every token id, as the constrained decoder needs it.
 *
 * <p>Read straight from a Hugging Face {@code tokenizer.json} with a byte-level BPE model: each
 * {@code model.vocab} entry is a string of GPT-2 "byte symbols" that maps back to raw bytes through
 * the {@code bytes_to_unicode} table. Entries of {@code added_tokens} (special or not, e.g. {@code
 * <|im_end|>}, {@code <tool_call>}) have no byte string here: they can never occur inside JSON and
 * are only reachable by id. Rows of the model's output layer beyond the tokenizer (padding up to
 * {@code vocab_size}, e.g. 151,936 for Qwen) have no byte string either and are never allowed.
 */
public final class TokenVocabulary {
  private final byte[][] bytes;
  private final Map<String, Integer> addedTokens;
  private final int[] endTokenIds;
  private volatile TokenTrie trie;
  private volatile TokenTrie nonPlainTrie;
  private volatile java.util.BitSet plainStringTokens;
  private volatile java.util.BitSet[] plainUpTo;
  private volatile FreeStringTokens freeStringTokens;

  /**
   * @param bytes byte string per id, {@code null} for ids that are not byte tokens; its length is
   *     the number of logit rows
   * @param addedTokens content → id of the added (special or control) tokens
   * @param endTokenIds ids that end a sequence (e.g. {@code <|im_end|>}, {@code <|endoftext|>})
   */
  public TokenVocabulary(byte[][] bytes, Map<String, Integer> addedTokens, int[] endTokenIds) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("vocabulary must not be empty");
    }
    for (int id : endTokenIds) {
      if (id < 0 || id >= bytes.length) {
        throw new IllegalArgumentException("end token id " + id + " outside vocabulary");
      }
    }
    for (Map.Entry<String, Integer> e : addedTokens.entrySet()) {
      if (e.getValue() < 0 || e.getValue() >= bytes.length || bytes[e.getValue()] != null) {
        throw new IllegalArgumentException(
            "added token " + e.getKey() + " has bad id " + e.getValue());
      }
    }
    this.bytes = bytes;
    this.addedTokens = Map.copyOf(addedTokens);
    this.endTokenIds = endTokenIds.clone();
  }

  /** Loads {@code tokenizer.json}; the vocabulary size is the tokenizer's highest id + 1. */
  public static TokenVocabulary fromTokenizerJson(Path tokenizerJson) throws IOException {
    return fromTokenizerJson(tokenizerJson, -1);
  }

  /**
   * Loads {@code tokenizer.json} for a model with {@code vocabRows} logit rows ({@code config.json}
   * {@code vocab_size}); rows past the tokenizer are padding and never allowed. End tokens are
   * {@code <|im_end|>} and {@code <|endoftext|>} where present.
   */
  public static TokenVocabulary fromTokenizerJson(Path tokenizerJson, int vocabRows)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    // stream the file and keep only model.type, model.vocab and added_tokens: the merges list
    // (about half of Qwen's 11 MB) is skipped without building a tree
    ObjectNode root = mapper.createObjectNode();
    try (InputStream in = Files.newInputStream(tokenizerJson);
        JsonParser p = mapper.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(tokenizerJson + ": not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("added_tokens")) {
          root.set(field, mapper.readTree(p));
        } else if (field.equals("model") && value == JsonToken.START_OBJECT) {
          ObjectNode model = root.putObject("model");
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (f.equals("type") || f.equals("vocab")) {
              model.set(f, mapper.readTree(p));
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return fromTokenizerJson(root, vocabRows, tokenizerJson.toString());
  }

  static TokenVocabulary fromTokenizerJson(JsonNode root, int vocabRows, String source) {
    JsonNode model = root.path("model");
    if (!"BPE".equals(model.path("type").asText()) || !model.path("vocab").isObject()) {
      throw new IllegalArgumentException(source + ": not a byte-level BPE tokenizer.json");
    }
    int[] byteOfSymbol = ByteLevel.unicodeToByte();
    Map<Integer, byte[]> byId = new HashMap<>();
    int maxId = -1;
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int id = e.getValue().asInt();
      String symbols = e.getKey();
      byte[] b = new byte[symbols.length()];
      for (int i = 0; i < symbols.length(); i++) {
        char c = symbols.charAt(i);
        int v = c < byteOfSymbol.length ? byteOfSymbol[c] : -1;
        if (v < 0) {
          throw new IllegalArgumentException(
              source + ": vocab entry " + id + " has a non byte-level symbol U+" + (int) c);
        }
        b[i] = (byte) v;
      }
      byId.put(id, b);
      maxId = Math.max(maxId, id);
    }
    Map<String, Integer> added = new HashMap<>();
    for (JsonNode t : root.path("added_tokens")) {
      int id = t.path("id").asInt();
      added.put(t.path("content").asText(), id);
      byId.remove(id); // an added token is matched whole, never as bytes inside JSON
      maxId = Math.max(maxId, id);
    }
    int rows = vocabRows < 0 ? maxId + 1 : vocabRows;
    if (rows <= maxId) {
      throw new IllegalArgumentException(
          source
              + ": vocabRows "
              + vocabRows
              + " is smaller than the tokenizer ("
              + (maxId + 1)
              + ")");
    }
    byte[][] bytes = new byte[rows][];
    byId.forEach((id, b) -> bytes[id] = b);
    int[] ends =
        added.entrySet().stream()
            .filter(e -> e.getKey().equals("<|im_end|>") || e.getKey().equals("<|endoftext|>"))
            .mapToInt(Map.Entry::getValue)
            .sorted()
            .toArray();
    return new TokenVocabulary(bytes, added, ends);
  }

  /** The byte trie over all byte tokens, built once per vocabulary. */
  TokenTrie trie() {
    TokenTrie t = trie;
    if (t == null) {
      synchronized (this) {
        t = trie;
        if (t == null) {
          t = new TokenTrie(this);
          trie = t;
        }
      }
    }
    return t;
  }

  /** Tokens that are plain string content (see {@link TokenTrie#plainStringContent}). */
  java.util.BitSet plainStringTokens() {
    java.util.BitSet p = plainStringTokens;
    if (p == null) {
      synchronized (this) {
        p = plainStringTokens;
        if (p == null) {
          p = new java.util.BitSet(bytes.length);
          for (int id = 0; id < bytes.length; id++) {
            if (bytes[id] != null
                && bytes[id].length > 0
                && TokenTrie.plainStringContent(bytes[id])) {
              p.set(id);
            }
          }
          plainStringTokens = p;
        }
      }
    }
    return p;
  }

  /** Plain-content tokens of at most {@code chars} code points. */
  java.util.BitSet plainStringTokensUpTo(int chars) {
    java.util.BitSet[] p = plainUpTo;
    if (p == null) {
      synchronized (this) {
        p = plainUpTo;
        if (p == null) {
          java.util.BitSet plain = plainStringTokens();
          int max = 0;
          int[] len = new int[bytes.length];
          for (int id = plain.nextSetBit(0); id >= 0; id = plain.nextSetBit(id + 1)) {
            String text = new String(bytes[id], java.nio.charset.StandardCharsets.UTF_8);
            len[id] = text.codePointCount(0, text.length());
            max = Math.max(max, len[id]);
          }
          p = new java.util.BitSet[max + 1];
          for (int k = 0; k <= max; k++) {
            p[k] = new java.util.BitSet(bytes.length);
          }
          for (int id = plain.nextSetBit(0); id >= 0; id = plain.nextSetBit(id + 1)) {
            p[len[id]].set(id);
          }
          for (int k = 1; k <= max; k++) {
            p[k].or(p[k - 1]);
          }
          plainUpTo = p;
        }
      }
    }
    return p[Math.max(0, Math.min(chars, p.length - 1))];
  }

  /** Token classes inside a free string (built on first use, about a second). */
  FreeStringTokens freeStringTokens() {
    FreeStringTokens f = freeStringTokens;
    if (f == null) {
      synchronized (this) {
        f = freeStringTokens;
        if (f == null) {
          f = new FreeStringTokens(this);
          freeStringTokens = f;
        }
      }
    }
    return f;
  }

  /** Trie over the byte tokens that are not plain string content. */
  TokenTrie nonPlainTrie() {
    TokenTrie t = nonPlainTrie;
    if (t == null) {
      synchronized (this) {
        t = nonPlainTrie;
        if (t == null) {
          java.util.BitSet plain = plainStringTokens();
          t = new TokenTrie(this, id -> !plain.get(id));
          nonPlainTrie = t;
        }
      }
    }
    return t;
  }

  /** Number of logit rows (token ids are 0 .. size-1). */
  public int size() {
    return bytes.length;
  }

  /** The raw bytes of a byte token, or {@code null} for added, special and padding ids. */
  public byte[] bytes(int tokenId) {
    return tokenId >= 0 && tokenId < bytes.length ? bytes[tokenId] : null;
  }

  /** Id of an added token such as {@code <tool_call>}. */
  public OptionalInt addedTokenId(String content) {
    Integer id = addedTokens.get(content);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** Ids that end the sequence. */
  public int[] endTokenIds() {
    return endTokenIds.clone();
  }

  boolean isEndToken(int id) {
    for (int e : endTokenIds) {
      if (e == id) {
        return true;
      }
    }
    return false;
  }

  /** Concatenated bytes of byte tokens; added tokens are written as their content. */
  public byte[] decode(int[] tokenIds) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    Map<Integer, String> names = new HashMap<>();
    addedTokens.forEach((k, v) -> names.put(v, k));
    for (int id : tokenIds) {
      byte[] b = bytes(id);
      if (b != null) {
        out.writeBytes(b);
      } else if (names.containsKey(id)) {
        out.writeBytes(names.get(id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } else {
        throw new IllegalArgumentException("token id " + id + " has no text");
      }
    }
    return out.toByteArray();
  }
}
