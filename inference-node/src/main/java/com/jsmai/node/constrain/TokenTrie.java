package com.jsmai.node.constrain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A byte trie over every byte token of a vocabulary, laid out in depth-first preorder so the mask
 * walk is one forward scan: node {@code i} has byte {@code label[i]} at depth {@code depth[i]}; its
 * subtree is {@code i .. subtreeEnd[i]-1}, so a rejected byte skips the whole subtree at once.
 * Node 0 is the root (empty prefix).
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
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < vocab.size(); id++) {
      byte[] b = vocab.bytes(id);
      if (b != null && b.length > 0) {
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

  /** Token id of the greedy longest match at the start of {@code bytes}, or -1. */
  int greedyFirstToken(byte[] bytes, int len) {
    int node = 0;
    int best = -1;
    for (int p = 0; p < len; p++) {
      node = child(node, bytes[p] & 0xFF);
      if (node < 0) {
        break;
      }
      if (tokenAt[node] >= 0) {
        best = tokenAt[node];
      }
    }
    return best;
  }
}
