package com.jsmai.node.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint's own {@code tokenizer.json} through DJL's HuggingFace tokenizers binding, plus
 * the vocabulary as raw bytes for constrained decoding.
 *
 * <p>Encoding recognises added tokens in the text ({@code <|im_start|>}, {@code <tool_call>}, ...)
 * and adds no BOS (Qwen has none); nothing is truncated. {@link #tokenBytes} undoes byte-level BPE
 * (GPT-2 {@code bytes_to_unicode}: {@code Ġ} = space, {@code Ċ} = newline) so a token's exact UTF-8
 * bytes are known even when it holds half a character.
 *
 * <p>Thread-safe for encode/decode (the native tokenizer is immutable); close it once.
 */
public final class QwenTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final byte[][] tokenBytes; // [vocabSize][]: null for ids with no token
  private final String[] tokenText; // [vocabSize]: the vocabulary string, or the added content
  private final boolean[] special; // [vocabSize]
  private final Map<String, Integer> specialTokens;
  private final Map<String, Integer> addedTokens;
  private final List<Integer> eosTokenIds;

  private QwenTokenizer(
      HuggingFaceTokenizer tokenizer,
      byte[][] tokenBytes,
      String[] tokenText,
      boolean[] special,
      Map<String, Integer> specialTokens,
      Map<String, Integer> addedTokens,
      List<Integer> eosTokenIds) {
    this.tokenizer = tokenizer;
    this.tokenBytes = tokenBytes;
    this.tokenText = tokenText;
    this.special = special;
    this.specialTokens = specialTokens;
    this.addedTokens = addedTokens;
    this.eosTokenIds = eosTokenIds;
  }

  /**
   * Loads {@code tokenizer.json} (and {@code tokenizer_config.json} if present) from a model dir.
   */
  public static QwenTokenizer load(Path modelDir) {
    Path json = modelDir.resolve("tokenizer.json");
    if (!Files.isRegularFile(json)) {
      throw new IllegalArgumentException(json + ": tokenizer.json not found");
    }
    ObjectMapper mapper = new ObjectMapper();
    JsonNode root;
    try {
      root = mapper.readTree(json.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(json + ": cannot read: " + e.getMessage(), e);
    }
    JsonNode vocab = root.path("model").path("vocab");
    if (!vocab.isObject()) {
      throw new IllegalArgumentException(json + ": no model.vocab (not a BPE tokenizer?)");
    }
    int size = 0;
    for (JsonNode id : vocab) {
      size = Math.max(size, id.asInt() + 1);
    }
    JsonNode added = root.path("added_tokens");
    for (JsonNode t : added) {
      size = Math.max(size, t.path("id").asInt() + 1);
    }
    byte[][] bytes = new byte[size][];
    String[] text = new String[size];
    boolean[] special = new boolean[size];
    int[] decodeTable = ByteLevel.unicodeToByte();
    for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int id = e.getValue().asInt();
      text[id] = e.getKey();
      bytes[id] = ByteLevel.decode(e.getKey(), decodeTable);
    }
    Map<String, Integer> specials = new LinkedHashMap<>();
    Map<String, Integer> addedMap = new LinkedHashMap<>();
    for (JsonNode t : added) {
      int id = t.path("id").asInt();
      String content = t.path("content").asText();
      text[id] = content;
      bytes[id] = content.getBytes(StandardCharsets.UTF_8);
      addedMap.put(content, id);
      if (t.path("special").asBoolean(false)) {
        special[id] = true;
        specials.put(content, id);
      }
    }
    List<Integer> eos = new ArrayList<>();
    Path configFile = modelDir.resolve("tokenizer_config.json");
    if (Files.isRegularFile(configFile)) {
      try {
        JsonNode cfg = mapper.readTree(configFile.toFile());
        JsonNode eosNode = cfg.path("eos_token");
        String eosText =
            eosNode.isObject() ? eosNode.path("content").asText(null) : eosNode.asText(null);
        if (eosText != null && addedMap.containsKey(eosText)) {
          eos.add(addedMap.get(eosText));
        }
      } catch (IOException e) {
        throw new IllegalArgumentException(configFile + ": cannot read: " + e.getMessage(), e);
      }
    }
    HuggingFaceTokenizer hf;
    try {
      // No truncation, no padding, no added BOS/EOS: the prompt is exactly the text's tokens.
      hf =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(json)
              .optAddSpecialTokens(false)
              .optTruncation(false)
              .optPadding(false)
              .build();
    } catch (IOException e) {
      throw new IllegalArgumentException(json + ": cannot load: " + e.getMessage(), e);
    }
    return new QwenTokenizer(
        hf,
        bytes,
        text,
        special,
        Collections.unmodifiableMap(specials),
        Collections.unmodifiableMap(addedMap),
        List.copyOf(eos));
  }

  /** Token ids of {@code text}; added tokens written in the text become their ids. */
  public int[] encode(String text) {
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  /**
   * Text of {@code ids}; with {@code skipSpecial} the special tokens ({@code <|im_end|>}, ...) are
   * dropped, while non-special added tokens such as {@code <tool_call>} stay. Invalid UTF-8 (a half
   * character at the end) becomes U+FFFD.
   */
  public String decode(int[] ids, boolean skipSpecial) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      checkId(ids[i]);
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, skipSpecial);
  }

  /**
   * Number of token ids the tokenizer defines (max id + 1): 151,669 for Qwen2.5/3. Model embeddings
   * are often padded past this; logits at or above it must never be sampled.
   */
  public int vocabSize() {
    return tokenBytes.length;
  }

  /** Special added tokens (content → id), e.g. {@code <|im_end|>} → 151645. */
  public Map<String, Integer> specialTokenIds() {
    return specialTokens;
  }

  /**
   * Id of an added token by its content (special or not, e.g. {@code <tool_call>}); null if none.
   */
  public Integer addedTokenId(String content) {
    return addedTokens.get(content);
  }

  /** Whether the id is a special added token. */
  public boolean isSpecial(int id) {
    checkId(id);
    return special[id];
  }

  /** The eos token of {@code tokenizer_config.json} (Qwen: {@code <|im_end|>}); may be empty. */
  public List<Integer> eosTokenIds() {
    return eosTokenIds;
  }

  /**
   * The exact bytes this token stands for: byte-level BPE undone for vocabulary entries (may be an
   * incomplete UTF-8 sequence), the UTF-8 content for added tokens; empty for an unused id.
   */
  public byte[] tokenBytes(int id) {
    checkId(id);
    byte[] b = tokenBytes[id];
    return b == null ? new byte[0] : b.clone();
  }

  /** The token as written in {@code tokenizer.json} (byte-level alphabet for BPE entries). */
  public String tokenText(int id) {
    checkId(id);
    return tokenText[id];
  }

  private void checkId(int id) {
    if (id < 0 || id >= tokenBytes.length) {
      throw new IllegalArgumentException(
          "token id " + id + " outside the tokenizer's 0.." + (tokenBytes.length - 1));
    }
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
