package com.jsmai.node.constrain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A byte trie over every byte token of a vocabulary, laid out in depth-first preorder so the mask
 * walk is one forward scan: node {@code i} has byte {@code label[i]} at depth {@code depth[i]}; its
 * subtree is {@code i .. subtreeEnd[i]-1}, so a rejected byte skips the whole subtree at once. Node
 * 0 is the root (empty prefix).
 */
final class TokenTrie {
  final byte[] label;
  final short[] depth;
  final int[] subtreeEnd;

  /** Token id whose bytes end at this node, or -1. */
  final int[] tokenAt;

  final int maxDepth;
  final int nodeCount;
  private final int[] rootChild = new int[256];

  TokenTrie(TokenVocabulary vocab) {
    this(vocab, id -> true);
  }

  /** A trie over the byte tokens that {@code include} accepts. */
  TokenTrie(TokenVocabulary vocab, java.util.function.IntPredicate include) {
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < vocab.size(); id++) {
      byte[] b = vocab.bytes(id);
      if (b != null && b.length > 0 && include.test(id)) {
        ids.add(id);
      }
    }
    Integer[] sorted = ids.toArray(new Integer[0]);
    Arrays.sort(sorted, (a, b) -> Arrays.compareUnsigned(vocab.bytes(a), vocab.bytes(b)));
    int capacity = 1;
    for (Integer id : sorted) {
      capacity += vocab.bytes(id).length;
    }
    byte[] lab = new byte[capacity];
    short[] dep = new short[capacity];
    int[] tok = new int[capacity];
    Arrays.fill(tok, -1);
    int n = 1; // root
    byte[] prev = new byte[0];
    int maxD = 0;
    for (Integer id : sorted) {
      byte[] b = vocab.bytes(id);
      int lcp = 0;
      while (lcp < prev.length && lcp < b.length && prev[lcp] == b[lcp]) {
        lcp++;
      }
      // sorted and unique, so b extends past the common prefix (or equals prev: duplicate bytes)
      if (lcp == b.length) {
        throw new IllegalArgumentException("two tokens share the byte string of token " + id);
      }
      for (int d = lcp; d < b.length; d++) {
        lab[n] = b[d];
        dep[n] = (short) (d + 1);
        n++;
      }
      tok[n - 1] = id;
      maxD = Math.max(maxD, b.length);
      prev = b;
    }
    this.nodeCount = n;
    this.label = Arrays.copyOf(lab, n);
    this.depth = Arrays.copyOf(dep, n);
    this.tokenAt = Arrays.copyOf(tok, n);
    this.maxDepth = maxD;
    this.subtreeEnd = new int[n];
    // a node's subtree ends at the next node whose depth is not greater
    int[] open = new int[maxD + 2];
    int top = 0;
    open[0] = 0;
    for (int i = 1; i < n; i++) {
      while (top > 0 && depth[open[top]] >= depth[i]) {
        subtreeEnd[open[top]] = i;
        top--;
      }
      open[++top] = i;
    }
    while (top >= 0) {
      subtreeEnd[open[top]] = n;
      top--;
    }
    Arrays.fill(rootChild, -1);
    for (int c = 1; c < n; c = subtreeEnd[c]) {
      rootChild[label[c] & 0xFF] = c;
    }
  }

  /**
   * Whether a token is "plain string content": whole, valid UTF-8 characters with no quote,
   * backslash or control character, so inside a free string it is always allowed and leaves the
   * string open.
   */
  static boolean plainStringContent(byte[] b) {
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        if (c < 0x20 || c == '"' || c == '\\') {
          return false;
        }
        i++;
        continue;
      }
      int len;
      int cp;
      if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
      } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
      } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
      } else {
        return false;
      }
      if (i + len > b.length) {
        return false;
      }
      for (int k = 1; k < len; k++) {
        int x = b[i + k] & 0xFF;
        if ((x & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (x & 0x3F);
      }
      int min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += len;
    }
    return true;
  }

  /** The child of {@code node} with byte {@code b}, or -1. */
  int child(int node, int b) {
    if (node == 0) {
      return rootChild[b];
    }
    int end = subtreeEnd[node];
    for (int c = node + 1; c < end; c = subtreeEnd[c]) {
      if ((label[c] & 0xFF) == b) {
        return c;
      }
    }
    return -1;
  }

  /**
   * Number of tokens in the greedy longest-match tokenization of {@code bytes}, or -1 if some
   * position starts no token. Greedy is an upper bound on the shortest tokenization, and its tail
   * after the first token is the greedy tokenization of the tail, which budget steering relies on.
   */
  int greedyTokenCount(byte[] bytes, int len) {
    int count = 0;
    int pos = 0;
    while (pos < len) {
      int node = 0;
      int best = -1;
      for (int p = pos; p < len; p++) {
        node = child(node, bytes[p] & 0xFF);
        if (node < 0) {
          break;
        }
        if (tokenAt[node] >= 0) {
          best = p + 1;
        }
      }
      if (best < 0) {
        return -1;
      }
      pos = best;
      count++;
    }
    return count;
  }
}
