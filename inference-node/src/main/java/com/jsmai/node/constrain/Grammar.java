package com.jsmai.node.constrain;

import com.jsmai.node.constrain.Frame.Root;
import com.jsmai.node.constrain.Frame.Tool;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A compiled constraint over one vocabulary: the byte recogniser for a schema (or a tool call),
 * plus the caches that turn it into token masks. Thread-safe and meant to be reused across requests
 * with the same schema; per-request progress lives in immutable {@link ConstraintState}s.
 *
 * <p>Mask computation walks the vocabulary's byte trie in preorder against the recogniser, skipping
 * a whole subtree at the first rejected byte. Masks are cached per recogniser state, keyed by the
 * state with counters that cannot matter within one token replaced by a sentinel (e.g. the length
 * of a long free string), so the walk runs once per distinct context and then costs a map lookup.
 * Each allowed token carries its finish cost (tokens of the shortest valid completion after it),
 * which is what budget steering filters on.
 */
public final class Grammar {
  private static final int DEFAULT_MAX_CACHED_MASKS = 256;
  private static final int MAX_COMPLETION_BYTES = 1 << 20;

  final TokenVocabulary vocab;
  final TokenTrie trie;
  final ParseStack initial;
  final boolean toolCall;
  final int openTag;
  final int closeTag;
  private final int horizon;
  private final int maxCachedMasks;
  private final ConcurrentHashMap<ParseStack, MaskEntry> masks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ParseStack, Integer> finishCosts = new ConcurrentHashMap<>();
  final AtomicLong maskHits = new AtomicLong();
  final AtomicLong maskWalks = new AtomicLong();

  Grammar(TokenVocabulary vocab, ParseStack initial, boolean toolCall, int openTag, int closeTag) {
    this.vocab = vocab;
    this.trie = vocab.trie();
    vocab.freeStringTokens(); // built once per vocabulary, here rather than on a token step
    this.initial = initial;
    this.toolCall = toolCall;
    this.openTag = openTag;
    this.closeTag = closeTag;
    this.horizon = trie.maxDepth + 1;
    this.maxCachedMasks =
        Integer.getInteger("jsmai.constrain.maxCachedMasks", DEFAULT_MAX_CACHED_MASKS);
    if (finishCost(initial) < 0) {
      throw new InvalidConstraintException("the vocabulary cannot spell the shortest valid output");
    }
  }

  /** A fresh state at the start of the output. */
  public ConstraintState start() {
    return new ConstraintState(
        this, toolCall ? ConstraintState.OPEN_TAG : ConstraintState.BYTES, initial);
  }

  /**
   * Tokens of the shortest valid output (plus the tool-call tags); max_tokens must be at least
   * this.
   */
  public int minTokens() {
    return start().minTokensToFinish();
  }

  /**
   * A sampler hook for one generation of at most {@code maxTokens} tokens.
   *
   * @throws InvalidConstraintException if {@code maxTokens} is below {@link #minTokens()}
   */
  public LogitsConstraint newLogitsConstraint(int maxTokens) {
    int min = minTokens();
    if (maxTokens < min) {
      throw new InvalidConstraintException(
          "max_tokens "
              + maxTokens
              + " is too small: the shortest valid output needs "
              + min
              + " tokens");
    }
    return new GrammarLogitsConstraint(start(), maxTokens);
  }

  /** Vocabulary size (logit rows). */
  public int vocabSize() {
    return vocab.size();
  }

  // ------------------------------------------------------------------ recogniser helpers

  /** Whether the bytes so far form a complete document (possibly extendable, e.g. "12"). */
  static boolean accepting(ParseStack s) {
    while (true) {
      Frame f = s.top;
      if (f instanceof Root r) {
        return r.phase() == Root.DONE;
      }
      if (f instanceof Tool t) {
        return t.phase() == Tool.DONE;
      }
      if (!f.endsWithoutByte()) {
        return false;
      }
      s = s.popDone();
    }
  }

  /** Whether no further byte can follow. */
  static boolean finished(ParseStack s) {
    return (s.top instanceof Root r && r.phase() == Root.DONE)
        || (s.top instanceof Tool t && t.phase() == Tool.DONE);
  }

  /** Bytes of the shortest valid completion of {@code s}. */
  static byte[] completion(ParseStack s) {
    byte[] buf = new byte[64];
    int n = 0;
    while (true) {
      Frame f = s.top;
      int b = f.completionByte();
      if (b < 0) {
        if (f instanceof Root || f instanceof Tool) {
          break;
        }
        s = s.popDone();
        continue;
      }
      if (n == buf.length) {
        if (n >= MAX_COMPLETION_BYTES) {
          throw new IllegalStateException("completion does not terminate");
        }
        buf = java.util.Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = (byte) b;
      ParseStack next = s.step(b);
      if (next == null) {
        throw new IllegalStateException("completion byte " + b + " rejected in " + s);
      }
      s = next;
    }
    return java.util.Arrays.copyOf(buf, n);
  }

  /** The state with counters beyond the horizon of one token replaced: the cache key. */
  ParseStack key(ParseStack s, Map<ParseStack, ParseStack> memo) {
    if (s == null) {
      return null;
    }
    ParseStack k = memo == null ? null : memo.get(s);
    if (k == null) {
      k = new ParseStack(s.top.maskKey(horizon), key(s.below, memo));
      if (memo != null) {
        memo.put(s, k);
      }
    }
    return k;
  }

  /**
   * Tokens of the shortest valid completion of the byte state (greedy tokenization); -1 if none.
   */
  int finishCost(ParseStack s) {
    return finishCost(s, key(s, null));
  }

  private int finishCost(ParseStack s, ParseStack key) {
    if (s.top instanceof Frame.StrF f && f.plainContext() && f.count() >= 0) {
      // A free string past minLength completes with just its closing quote, whatever its length:
      // one entry for every length (the same sentinel maskKey uses far from maxLength).
      key = new ParseStack(new Frame.StrF(f.n(), Frame.StrF.NORMAL, -1, f.q(), 0, 0, 0), key.below);
    }
    Integer c = finishCosts.get(key);
    if (c == null) {
      if (s.top instanceof Frame.StrF f && f.n().dfa == null && f.mode() != Frame.StrF.NORMAL) {
        // Mid-character in a free string: the path first finishes the character (tokenized on
        // its own), then follows the string's completion. Cheaper than a whole completion per
        // partial token, and still a fixed path whose tail costs exactly one token less.
        byte[] head = new byte[8];
        int n = 0;
        ParseStack x = s;
        while (((Frame.StrF) x.top).mode() != Frame.StrF.NORMAL) {
          int b = x.top.completionByte();
          head[n++] = (byte) b;
          x = x.step(b);
        }
        int h = trie.greedyTokenCount(head, n);
        int tail = finishCost(x);
        c = h < 0 || tail < 0 ? -1 : h + tail;
      } else {
        byte[] rest = completion(s);
        c = trie.greedyTokenCount(rest, rest.length);
      }
      if (finishCosts.size() > 50_000) {
        finishCosts.clear();
      }
      finishCosts.put(key, c);
    }
    return c;
  }

  /** The state after the bytes of a byte token, or null. */
  static ParseStack stepToken(ParseStack s, byte[] bytes) {
    for (byte b : bytes) {
      s = s.step(b & 0xFF);
      if (s == null) {
        return null;
      }
    }
    return s;
  }

  MaskEntry mask(ParseStack s) {
    ParseStack key = key(s, null);
    MaskEntry e = masks.get(key);
    if (e != null) {
      maskHits.incrementAndGet();
      return e;
    }
    e = walk(s);
    maskWalks.incrementAndGet();
    if (masks.size() >= maxCachedMasks) {
      masks.clear();
    }
    masks.put(key, e);
    return e;
  }

  /** Full mask without the cache (benchmarks). */
  MaskEntry walkUncached(ParseStack s) {
    return walk(s);
  }

  /** The mask by a walk of the whole vocabulary trie, no shortcut (tests compare against it). */
  MaskEntry walkReference(ParseStack s) {
    Walk w = new Walk();
    walkTrie(trie, s, w);
    return entry(s, w, null, 0);
  }

  private MaskEntry walk(ParseStack s) {
    Frame.StrF str = s.top instanceof Frame.StrF f && f.plainContext() ? f : null;
    if (str != null) {
      return freeStringMask(s, str.room());
    }
    Walk w = new Walk();
    walkTrie(trie, s, w);
    return entry(s, w, null, 0);
  }

  /**
   * Inside a free string almost every token is content that keeps the string open with the same
   * finish cost: those come from {@link FreeStringTokens}, precomputed per vocabulary, and only the
   * few distinct suffixes after a closing quote are stepped against this state's container.
   */
  private MaskEntry freeStringMask(ParseStack s, int room) {
    FreeStringTokens fs = vocab.freeStringTokens();
    int common = finishCost(s);
    Walk w = new Walk();
    for (int j = 0; j < fs.headIds.length; j++) {
      if (fs.headNeed[j] <= room) {
        w.add(fs.headIds[j], common + fs.headCost[j]);
      }
    }
    ParseStack afterClose = s.step('"');
    if (afterClose != null) {
      int[] suffixCost = new int[fs.suffixes.length];
      IdentityHashMap<ParseStack, ParseStack> keyMemo = new IdentityHashMap<>();
      for (int k = 0; k < suffixCost.length; k++) {
        ParseStack next = stepToken(afterClose, fs.suffixes[k]);
        suffixCost[k] = next == null ? -1 : finishCost(next, key(next, keyMemo));
      }
      for (int j = 0; j < fs.exitIds.length; j++) {
        int cost = suffixCost[fs.exitSuffix[j]];
        if (cost >= 0 && fs.exitNeed[j] <= room) {
          w.add(fs.exitIds[j], cost);
        }
      }
    }
    return entry(s, w, fs.contentUpTo(room), common);
  }

  /**
   * The mask entry of a walk; {@code base} (tokens of cost {@code baseCost}) is added when given,
   * otherwise the most frequent cost becomes the common one.
   */
  private MaskEntry entry(ParseStack s, Walk w, BitSet base, int baseCost) {
    if (!toolCall && accepting(s)) {
      for (int e : vocab.endTokenIds()) {
        w.add(e, 0);
      }
    }
    BitSet all;
    int common;
    if (base != null) {
      all = (BitSet) base.clone();
      common = baseCost;
    } else {
      all = new BitSet(vocab.size());
      Map<Integer, Integer> freq = new HashMap<>();
      for (int j = 0; j < w.count; j++) {
        freq.merge(w.costs[j], 1, Integer::sum);
      }
      common = 0;
      int best = -1;
      for (Map.Entry<Integer, Integer> f : freq.entrySet()) {
        if (f.getValue() > best) {
          best = f.getValue();
          common = f.getKey();
        }
      }
    }
    int others = 0;
    for (int j = 0; j < w.count; j++) {
      all.set(w.ids[j]);
      if (w.costs[j] != common) {
        others++;
      }
    }
    int[] otherIds = new int[others];
    int[] otherCost = new int[others];
    int o = 0;
    for (int j = 0; j < w.count; j++) {
      if (w.costs[j] != common) {
        otherIds[o] = w.ids[j];
        otherCost[o++] = w.costs[j];
      }
    }
    return new MaskEntry(all, common, otherIds, otherCost);
  }

  /** Allowed tokens found by a walk, with their finish costs. */
  private static final class Walk {
    int[] ids = new int[1024];
    int[] costs = new int[1024];
    int count;

    void add(int id, int cost) {
      if (count == ids.length) {
        ids = java.util.Arrays.copyOf(ids, count * 2);
        costs = java.util.Arrays.copyOf(costs, count * 2);
      }
      ids[count] = id;
      costs[count] = cost;
      count++;
    }
  }

  /** Preorder scan of the trie against the recogniser, skipping subtrees at rejected bytes. */
  private void walkTrie(TokenTrie t, ParseStack s, Walk w) {
    IdentityHashMap<ParseStack, ParseStack> keyMemo = new IdentityHashMap<>();
    ParseStack[] st = new ParseStack[t.maxDepth + 2];
    st[0] = s;
    ParseStack lastKey = null;
    int lastCost = 0;
    byte[] label = t.label;
    short[] depth = t.depth;
    int[] end = t.subtreeEnd;
    int[] tokenAt = t.tokenAt;
    int n = t.nodeCount;
    int i = 1;
    while (i < n) {
      int d = depth[i];
      ParseStack next = st[d - 1].step(label[i] & 0xFF);
      if (next == null) {
        i = end[i];
        continue;
      }
      st[d] = next;
      int tok = tokenAt[i];
      if (tok >= 0) {
        ParseStack below = next.below == null ? null : key(next.below, keyMemo);
        ParseStack k = new ParseStack(next.top.maskKey(horizon), below);
        int cost;
        if (k.equals(lastKey)) {
          cost = lastCost;
        } else {
          cost = finishCost(next, k);
          lastKey = k;
          lastCost = cost;
        }
        if (cost >= 0) {
          w.add(tok, cost);
        }
      }
      i++;
    }
  }

  /** Cache statistics for benchmarks: {hits, walks}. */
  long[] cacheStats() {
    return new long[] {maskHits.get(), maskWalks.get()};
  }

  void clearCaches() {
    masks.clear();
    finishCosts.clear();
  }
}
