package com.jsmai.node.constrain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Precomputed token classes for the inside of a free string (no pattern), once per vocabulary, so
 * the mask of a "plain" string state (between characters, at least minLength long) needs no trie
 * walk. Inside a free string a token's fate depends on the string's remaining room and, only for
 * tokens that close the string, on the container after it:
 *
 * <ul>
 *   <li><b>content</b>: the token stays inside the string. Plain content (whole characters, no
 *       quote, backslash or control byte) and the rest (escapes such as {@code \"} or {@code \n}, a
 *       trailing partial UTF-8 character or {@code \\u} escape) are both allowed iff the code
 *       points they add, counting an unfinished one, fit in the room. The finish cost after it is
 *       the state's own cost plus {@code head}: the tokens that finish an unfinished character.
 *   <li><b>exit</b>: whole characters, the closing quote, then a suffix in the container (e.g.
 *       {@code abc",}). Allowed iff the characters fit and the suffix is accepted by the container
 *       state after the quote; there are few distinct suffixes, each stepped once per mask.
 *   <li>anything else (a raw control byte, a stray continuation byte) is never allowed.
 * </ul>
 *
 * <p>Correctness rests on a free string in that state accepting the same bytes whatever its count,
 * up to the room; {@code GrammarTest} checks these masks token for token against a full walk of the
 * vocabulary trie.
 */
final class FreeStringTokens {
  /** {@code contentUpTo[k]}: content tokens adding at most k code points. */
  private final BitSet[] contentUpTo;

  /** Content tokens whose finish cost differs from the state's: ids, code points, head cost. */
  final int[] headIds;

  final int[] headNeed;
  final int[] headCost;

  /** Exit tokens: id, code points before the quote, index into {@link #suffixes}. */
  final int[] exitIds;

  final int[] exitNeed;
  final int[] exitSuffix;

  /** Distinct bytes after the closing quote (may be empty: the token ends at the quote). */
  final byte[][] suffixes;

  FreeStringTokens(TokenVocabulary vocab) {
    TokenTrie full = vocab.trie();
    TokenTrie t = vocab.nonPlainTrie();
    SchemaNode.Str free = new SchemaNode.Str(); // no pattern, no length limits
    ParseStack[] st = new ParseStack[t.maxDepth + 2];
    int[] chars = new int[t.maxDepth + 2];
    st[0] = new ParseStack(new Frame.StrF(free, Frame.StrF.NORMAL, 0, 0, 0, 0, 0), null);
    int size = vocab.size();
    int[] contentNeed = new int[size];
    Arrays.fill(contentNeed, -1);
    BitSet plain = vocab.plainStringTokens();
    int maxNeed = 0;
    for (int id = plain.nextSetBit(0); id >= 0; id = plain.nextSetBit(id + 1)) {
      int n = codePoints(vocab.bytes(id));
      contentNeed[id] = n;
      maxNeed = Math.max(maxNeed, n);
    }
    List<int[]> heads = new ArrayList<>();
    List<int[]> exits = new ArrayList<>();
    Map<String, Integer> suffixIndex = new HashMap<>();
    List<byte[]> suffixList = new ArrayList<>();
    byte[] prefix = new byte[t.maxDepth + 1];
    int i = 1;
    while (i < t.nodeCount) {
      int d = t.depth[i];
      int b = t.label[i] & 0xFF;
      prefix[d - 1] = (byte) b;
      Frame.StrF top = (Frame.StrF) st[d - 1].top;
      if (b == '"' && top.mode() == Frame.StrF.NORMAL) {
        // The closing quote: every token below here is an exit token.
        for (int j = i; j < t.subtreeEnd[i]; j++) {
          prefix[t.depth[j] - 1] = t.label[j];
          int tok = t.tokenAt[j];
          if (tok < 0) {
            continue;
          }
          int from = d; // suffix starts after the quote
          byte[] suffix = Arrays.copyOfRange(prefix, from, t.depth[j]);
          String k = new String(suffix, java.nio.charset.StandardCharsets.ISO_8859_1);
          Integer idx = suffixIndex.get(k);
          if (idx == null) {
            idx = suffixList.size();
            suffixIndex.put(k, idx);
            suffixList.add(suffix);
          }
          exits.add(new int[] {tok, chars[d - 1], idx});
        }
        i = t.subtreeEnd[i];
        continue;
      }
      ParseStack next = st[d - 1].step(b);
      if (next == null) {
        i = t.subtreeEnd[i];
        continue;
      }
      st[d] = next;
      Frame.StrF f = (Frame.StrF) next.top;
      chars[d] = f.count();
      int tok = t.tokenAt[i];
      if (tok >= 0) {
        int need = f.count() + (f.mode() == Frame.StrF.NORMAL ? 0 : 1);
        int head = 0;
        if (f.mode() != Frame.StrF.NORMAL) {
          head = headCost(next, full);
        }
        if (head >= 0) {
          contentNeed[tok] = need;
          maxNeed = Math.max(maxNeed, need);
          if (head != 0) {
            heads.add(new int[] {tok, need, head});
          }
        }
      }
      i++;
    }
    contentUpTo = new BitSet[maxNeed + 1];
    for (int k = 0; k <= maxNeed; k++) {
      contentUpTo[k] = new BitSet(size);
    }
    for (int id = 0; id < size; id++) {
      if (contentNeed[id] >= 0) {
        contentUpTo[contentNeed[id]].set(id);
      }
    }
    for (int k = 1; k <= maxNeed; k++) {
      contentUpTo[k].or(contentUpTo[k - 1]);
    }
    headIds = heads.stream().mapToInt(h -> h[0]).toArray();
    headNeed = heads.stream().mapToInt(h -> h[1]).toArray();
    headCost = heads.stream().mapToInt(h -> h[2]).toArray();
    exitIds = exits.stream().mapToInt(e -> e[0]).toArray();
    exitNeed = exits.stream().mapToInt(e -> e[1]).toArray();
    exitSuffix = exits.stream().mapToInt(e -> e[2]).toArray();
    suffixes = suffixList.toArray(new byte[0][]);
  }

  /** Content tokens that add at most {@code room} code points (shared: never modify). */
  BitSet contentUpTo(int room) {
    return contentUpTo[Math.max(0, Math.min(room, contentUpTo.length - 1))];
  }

  /** Tokens that finish the unfinished character of {@code s} (greedy), or -1. */
  private static int headCost(ParseStack s, TokenTrie full) {
    byte[] head = new byte[8];
    int n = 0;
    while (((Frame.StrF) s.top).mode() != Frame.StrF.NORMAL) {
      int b = s.top.completionByte();
      head[n++] = (byte) b;
      s = s.step(b);
    }
    return full.greedyTokenCount(head, n);
  }

  private static int codePoints(byte[] b) {
    int n = 0;
    for (byte x : b) {
      if ((x & 0xC0) != 0x80) {
        n++;
      }
    }
    return n;
  }
}
