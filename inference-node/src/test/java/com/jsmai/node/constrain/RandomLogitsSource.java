package com.jsmai.node.constrain;

import java.util.Random;

/**
 * Random logits with a per-generation "personality": a Gaussian score per token, plus a random
 * boost for tokens holding structural bytes ({@code " } ] ,}) so some generations close values on
 * their own and others ramble until budget steering takes over. Fresh noise on a random subset each
 * step keeps consecutive choices apart.
 */
final class RandomLogitsSource implements TokenSource {
  private final TokenVocabulary vocab;
  private final float[] base;
  private final boolean[] structural;
  private Random rnd = new Random(0);

  RandomLogitsSource(TokenVocabulary vocab) {
    this.vocab = vocab;
    this.base = new float[vocab.size()];
    this.structural = new boolean[vocab.size()];
    for (int i = 0; i < vocab.size(); i++) {
      byte[] b = vocab.bytes(i);
      if (b != null) {
        for (byte x : b) {
          if (x == '"' || x == '}' || x == ']' || x == ',') {
            structural[i] = true;
          }
        }
      }
    }
  }

  @Override
  public void reset(long seed) {
    rnd = new Random(seed);
    float sigma = 0.5f + 3 * rnd.nextFloat();
    float boost = rnd.nextFloat() < 0.3f ? 0 : 12 * rnd.nextFloat();
    for (int i = 0; i < base.length; i++) {
      base[i] = (float) rnd.nextGaussian() * sigma + (structural[i] ? boost : 0);
    }
  }

  @Override
  public float[] logits(int[] prefix, int length) {
    float[] out = base.clone();
    for (int k = 0; k < 64; k++) {
      int i = rnd.nextInt(out.length);
      out[i] += 8 * rnd.nextFloat();
    }
    return out;
  }

  TokenVocabulary vocab() {
    return vocab;
  }
}
