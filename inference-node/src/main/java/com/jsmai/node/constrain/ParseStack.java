package com.jsmai.node.constrain;

/**
 * The recogniser state: an immutable linked stack of {@link Frame}s (top = innermost value being
 * read). Stepping a byte never mutates a stack, it shares the untouched tail, so a snapshot is a
 * reference and the mask walk can branch from any state for free. Equality is structural, so stacks
 * serve as cache keys.
 */
final class ParseStack {
  final Frame top;
  final ParseStack below;
  final int depth;
  private int hash;

  ParseStack(Frame top, ParseStack below) {
    this.top = top;
    this.below = below;
    this.depth = below == null ? 1 : below.depth + 1;
  }

  /** The state after byte {@code b}, or {@code null} if no valid document continues that way. */
  ParseStack step(int b) {
    return top.step(this, b);
  }

  ParseStack replaceTop(Frame f) {
    return new ParseStack(f, below);
  }

  ParseStack push(Frame f) {
    return new ParseStack(f, this);
  }

  /** Pops the finished top value and tells its container. */
  ParseStack popDone() {
    return new ParseStack(below.top.childDone(), below.below);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = top.hashCode() * 31 + (below == null ? 0 : below.hashCode());
      if (h == 0) {
        h = 1;
      }
      hash = h;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ParseStack other)) {
      return false;
    }
    ParseStack a = this;
    ParseStack b = other;
    while (a != null && b != null) {
      if (a == b) {
        return true;
      }
      if (a.depth != b.depth || a.hashCode() != b.hashCode() || !a.top.equals(b.top)) {
        return false;
      }
      a = a.below;
      b = b.below;
    }
    return a == b;
  }

  @Override
  public String toString() {
    return (below == null ? "" : below + " | ") + top;
  }
}
