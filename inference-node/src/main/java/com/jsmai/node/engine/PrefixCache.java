package com.jsmai.node.engine;

import com.jsmai.node.model.QwenModel;
import com.jsmai.node.model.Sequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * KV caches of recent prompt prefixes, reused across requests that start with the same tokens
 * (help-desk prompts share a long system prompt and tool list).
 *
 * <p>A prefix is cut into blocks of {@code blockTokens}; the chained hash of blocks 0..i indexes
 * the entry holding that prefix, so a lookup walks block by block and stops at the first miss. Only
 * exact token matches are reused (a hit is verified token by token, so a hash collision costs a
 * miss, never wrong output). Entries are whole KV copies ({@link
 * com.jsmai.node.model.KvCache#copyPrefixFrom}); the least recently used is evicted first. Used
 * only by the scheduler thread.
 */
final class PrefixCache implements AutoCloseable {
  /** A reusable prefix: its KV and how many tokens of it match. */
  record Match(Sequence source, int tokens) {}

  private record Entry(int[] tokens, Sequence kv, long bytes) {}

  private final QwenModel model;
  private final int blockTokens;
  private final long maxBytes;
  private final Map<Long, Entry> index = new HashMap<>();
  private final LinkedHashSet<Entry> lru = new LinkedHashSet<>(); // oldest first
  private long bytes;
  private long hits;
  private long hitTokens;

  PrefixCache(QwenModel model, int blockTokens, long maxBytes) {
    this.model = model;
    this.blockTokens = blockTokens;
    this.maxBytes = maxBytes;
  }

  /** The longest cached prefix of {@code prompt} that leaves at least one token to prefill. */
  Match lookup(int[] prompt) {
    int blocks = (prompt.length - 1) / blockTokens;
    long h = 0;
    Entry best = null;
    int bestTokens = 0;
    for (int i = 0; i < blocks; i++) {
      h = chain(h, prompt, i);
      Entry e = index.get(h);
      int end = (i + 1) * blockTokens;
      if (e == null || e.tokens.length < end || !Arrays.equals(e.tokens, 0, end, prompt, 0, end)) {
        break;
      }
      best = e;
      bestTokens = end;
    }
    if (best == null) {
      return null;
    }
    lru.remove(best);
    lru.add(best);
    hits++;
    hitTokens += bestTokens;
    return new Match(best.kv, bestTokens);
  }

  /**
   * Keeps the block-aligned prefix of a fully prefilled {@code prompt} whose KV is in {@code
   * filled}, unless an entry already covers it. {@code budget} says how many bytes may be used
   * beyond what the running sequences reserve; LRU entries are evicted to make room.
   */
  void insert(int[] prompt, Sequence filled, long budget) {
    if (maxBytes == 0) {
      return;
    }
    int keep = ((prompt.length - 1) / blockTokens) * blockTokens;
    if (keep == 0) {
      return;
    }
    Match existing = peek(prompt, keep);
    if (existing != null && existing.tokens() >= keep) {
      return;
    }
    long need = keep * model.kvBytesPerToken();
    long limit = Math.min(maxBytes, budget);
    if (need > limit) {
      return;
    }
    while (bytes + need > limit && evictOldest()) {
      // evicting
    }
    if (bytes + need > limit) {
      return;
    }
    Sequence kv = model.newSequence(keep);
    try {
      kv.cache().copyPrefixFrom(filled.cache(), keep);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
    Entry entry = new Entry(Arrays.copyOf(prompt, keep), kv, need);
    long h = 0;
    for (int i = 0; i < keep / blockTokens; i++) {
      h = chain(h, prompt, i);
      index.put(h, entry); // the newest entry answers for shared blocks
    }
    lru.add(entry);
    bytes += need;
  }

  private Match peek(int[] prompt, int upTo) {
    long h = 0;
    int found = 0;
    for (int i = 0; i < upTo / blockTokens; i++) {
      h = chain(h, prompt, i);
      Entry e = index.get(h);
      int end = (i + 1) * blockTokens;
      if (e == null || e.tokens.length < end || !Arrays.equals(e.tokens, 0, end, prompt, 0, end)) {
        break;
      }
      found = end;
    }
    return found == 0 ? null : new Match(null, found);
  }

  /** Frees the least recently used entry; false when empty. */
  boolean evictOldest() {
    Iterator<Entry> it = lru.iterator();
    if (!it.hasNext()) {
      return false;
    }
    Entry victim = it.next();
    it.remove();
    bytes -= victim.bytes;
    long h = 0;
    List<Long> orphaned = new ArrayList<>();
    for (int i = 0; i < victim.tokens.length / blockTokens; i++) {
      h = chain(h, victim.tokens, i);
      if (index.get(h) == victim) {
        index.remove(h);
        orphaned.add(h);
      }
    }
    // Another entry may share those blocks: let it answer for them again.
    for (Entry other : lru) {
      long oh = 0;
      for (int i = 0; i < other.tokens.length / blockTokens && !orphaned.isEmpty(); i++) {
        oh = chain(oh, other.tokens, i);
        if (orphaned.remove(Long.valueOf(oh))) {
          index.put(oh, other);
        }
      }
    }
    victim.kv.close();
    return true;
  }

  long bytes() {
    return bytes;
  }

  int entries() {
    return lru.size();
  }

  long hits() {
    return hits;
  }

  long hitTokens() {
    return hitTokens;
  }

  /** Hash of blocks 0..i, chained from the hash of blocks 0..i-1. */
  private long chain(long h, int[] tokens, int block) {
    long x = h * 0x9E3779B97F4A7C15L + block;
    for (int j = block * blockTokens; j < (block + 1) * blockTokens; j++) {
      x = (x ^ tokens[j]) * 0xFF51AFD7ED558CCDL;
      x ^= x >>> 33;
    }
    return x;
  }

  @Override
  public void close() {
    while (evictOldest()) {
      // freeing
    }
  }
}
