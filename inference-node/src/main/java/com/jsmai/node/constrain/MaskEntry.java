package com.jsmai.node.constrain;

import java.util.BitSet;

/**
 * The allowed tokens of one recogniser state, each with the number of tokens its shortest valid
 * completion needs afterwards ("finish cost"). Most tokens share one cost (e.g. every token that
 * stays inside a free string), so only the others are listed: a budget-limited mask is the
 * budget-free mask minus a few ids, never a new walk.
 */
final class MaskEntry {
  final BitSet all;
  final int commonCost;
  final int[] otherIds;
  final int[] otherCost;
  final int maxCost;
  final int minCost;

  MaskEntry(BitSet all, int commonCost, int[] otherIds, int[] otherCost) {
    this.all = all;
    this.commonCost = commonCost;
    this.otherIds = otherIds;
    this.otherCost = otherCost;
    int max = all.isEmpty() && otherIds.length == 0 ? 0 : commonCost;
    int min = max;
    boolean anyCommon = all.cardinality() > otherIds.length;
    if (!anyCommon) {
      max = Integer.MIN_VALUE;
      min = Integer.MAX_VALUE;
    }
    for (int c : otherCost) {
      max = Math.max(max, c);
      min = Math.min(min, c);
    }
    this.maxCost = max == Integer.MIN_VALUE ? 0 : max;
    this.minCost = min == Integer.MAX_VALUE ? 0 : min;
  }

  /**
   * Tokens whose finish cost is at most {@code limit}; the shared budget-free set when the limit
   * binds no token (callers must not modify it). Below every cost, the cheapest tokens (best
   * effort: happens only when the caller's budget was already below the minimum).
   */
  BitSet allowed(int limit) {
    if (limit >= maxCost) {
      return all;
    }
    if (limit < minCost) {
      limit = minCost;
    }
    BitSet out;
    if (limit >= commonCost) {
      out = (BitSet) all.clone();
      for (int i = 0; i < otherIds.length; i++) {
        if (otherCost[i] > limit) {
          out.clear(otherIds[i]);
        }
      }
    } else {
      out = new BitSet();
      for (int i = 0; i < otherIds.length; i++) {
        if (otherCost[i] <= limit) {
          out.set(otherIds[i]);
        }
      }
    }
    return out;
  }

  long bytes() {
    return all.size() / 8 + 8L * otherIds.length + 64;
  }
}
