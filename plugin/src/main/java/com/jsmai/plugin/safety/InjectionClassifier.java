package com.jsmai.plugin.safety;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.jsmai.plugin.faq.Embedder;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The learned stage of the input check: a logistic regression over the bge-small-en embedding of
 * the text and the {@link InjectionDetector}'s technique flags, trained on the development half of
 * the public corpus only (see {@code docs/safety.md}, "Learned stage"). It adds the technique
 * {@value #TECHNIQUE} to the detector's assessment: in {@link Mode#FULL}, weight {@value
 * #STRONG_WEIGHT} when the probability reaches {@link Weights#threshold()} and {@value
 * #WEAK_WEIGHT} when it reaches {@link Weights#weakThreshold()} (if the trained model has that
 * tier); in {@link Mode#WEAK}, {@value #WEAK_WEIGHT} from the lower threshold. Thread-safe when the
 * embedder is.
 *
 * <p>The shipped weights ({@link #shipped()}) are the resource {@value #RESOURCE} next to this
 * class, written by the test-scope {@code InjectionClassifierTraining} from {@code
 * ../shared/datasets}.
 */
public final class InjectionClassifier {

  /** The technique name this stage reports. */
  public static final String TECHNIQUE = "learned-classifier";

  public static final double STRONG_WEIGHT = 1.0;
  public static final double WEAK_WEIGHT = 0.5;

  /** The shipped weights, next to this class on the class path. */
  public static final String RESOURCE = "injection-classifier.json";

  /**
   * A trained model and how it is applied.
   *
   * @param encoder the {@link Embedder#name()} whose vectors it was trained on
   * @param dimensions the embedding's length
   * @param techniques the detector techniques, one 0/1 feature each, in this order
   * @param embeddingWeights one per embedding dimension (applied to the unit vector × √dimensions)
   * @param techniqueWeights one per technique
   * @param bias the intercept
   * @param threshold probability at which the strong signal is added, in (0, 1)
   * @param weakThreshold probability at which the weak signal is added, in (0, threshold), or null
   *     for no weak tier
   * @param sentenceMax also score each sentence of a multi-sentence text and take the highest
   *     probability
   * @param c the regularisation chosen by cross-validation (informational)
   * @param trainedOn what it was trained on (informational)
   * @param recipe the command that reproduces it (informational)
   * @param minWords the stage is silent on text of fewer words ({@link #words}); 0 or null for no
   *     gate. Chosen at training from the development attacks only and stored here so that it
   *     travels with the weights (a file without the field has no gate)
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Weights(
      String encoder,
      int dimensions,
      List<String> techniques,
      double[] embeddingWeights,
      double[] techniqueWeights,
      double bias,
      double threshold,
      Double weakThreshold,
      boolean sentenceMax,
      double c,
      String trainedOn,
      String recipe,
      Integer minWords) {
    /** Weights without a minimum-length gate. */
    public Weights(
        String encoder,
        int dimensions,
        List<String> techniques,
        double[] embeddingWeights,
        double[] techniqueWeights,
        double bias,
        double threshold,
        Double weakThreshold,
        boolean sentenceMax,
        double c,
        String trainedOn,
        String recipe) {
      this(
          encoder,
          dimensions,
          techniques,
          embeddingWeights,
          techniqueWeights,
          bias,
          threshold,
          weakThreshold,
          sentenceMax,
          c,
          trainedOn,
          recipe,
          0);
    }

    public Weights {
      // A file written before the gate existed has no field: no gate.
      if (minWords == null) minWords = 0;
      if (minWords < 0) throw new IllegalArgumentException("minWords must be >= 0: " + minWords);
      Objects.requireNonNull(encoder, "encoder");
      techniques = List.copyOf(Objects.requireNonNull(techniques, "techniques"));
      Objects.requireNonNull(embeddingWeights, "embeddingWeights");
      Objects.requireNonNull(techniqueWeights, "techniqueWeights");
      if (dimensions < 1 || embeddingWeights.length != dimensions) {
        throw new IllegalArgumentException(
            "embeddingWeights has "
                + embeddingWeights.length
                + " entries for "
                + dimensions
                + " dimensions");
      }
      if (techniqueWeights.length != techniques.size()) {
        throw new IllegalArgumentException(
            "techniqueWeights has "
                + techniqueWeights.length
                + " entries for "
                + techniques.size()
                + " techniques");
      }
      if (!(threshold > 0 && threshold < 1))
        throw new IllegalArgumentException("threshold must be in (0, 1): " + threshold);
      if (weakThreshold != null && !(weakThreshold > 0 && weakThreshold < threshold)) {
        throw new IllegalArgumentException(
            "weakThreshold must be in (0, threshold " + threshold + "): " + weakThreshold);
      }
      for (double w : embeddingWeights) finite(w);
      for (double w : techniqueWeights) finite(w);
      finite(bias);
      embeddingWeights = embeddingWeights.clone();
      techniqueWeights = techniqueWeights.clone();
    }

    private static void finite(double w) {
      if (!Double.isFinite(w)) throw new IllegalArgumentException("weight is not finite: " + w);
    }

    /** All weights in feature order ({@link #features}): embedding, then techniques. */
    public double[] featureWeights() {
      double[] w = new double[embeddingWeights.length + techniqueWeights.length];
      System.arraycopy(embeddingWeights, 0, w, 0, embeddingWeights.length);
      System.arraycopy(techniqueWeights, 0, w, embeddingWeights.length, techniqueWeights.length);
      return w;
    }

    /** The probability for one feature vector ({@link #features}). */
    public double probability(double[] features) {
      double[] w = featureWeights();
      if (features.length != w.length) {
        throw new IllegalArgumentException(
            "expected " + w.length + " features, got " + features.length);
      }
      double z = bias;
      for (int j = 0; j < w.length; j++) z += w[j] * features[j];
      return LogisticRegression.sigmoid(z);
    }

    public String toJson() {
      try {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    public static Weights fromJson(InputStream in) throws IOException {
      return MAPPER.readValue(in, Weights.class);
    }
  }

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /**
   * The feature vector: the unit embedding scaled by √dimensions (so its entries are of the order
   * of one, like the flags, and one regularisation strength suits both), then one 0/1 entry per
   * technique name present.
   *
   * @param embedding the unit-length embedding, shape [dimensions]
   * @param present the technique names the detector reported
   * @param techniques the technique names in feature order
   */
  public static double[] features(
      float[] embedding, Collection<String> present, List<String> techniques) {
    double scale = Math.sqrt(embedding.length);
    double[] x = new double[embedding.length + techniques.size()];
    for (int j = 0; j < embedding.length; j++) x[j] = embedding[j] * scale;
    Set<String> on = Set.copyOf(present);
    for (int k = 0; k < techniques.size(); k++) {
      x[embedding.length + k] = on.contains(techniques.get(k)) ? 1 : 0;
    }
    return x;
  }

  private static final Pattern SENTENCE_BREAK = Pattern.compile("(?<=[.!?。！？])\\s+|\\n+");

  // Compiled once: String.split("\\s+") compiled it again for every sentence of every text.
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** At most this many sentences are scored one by one: bounds the cost of a long text. */
  public static final int MAX_SENTENCES = 16;

  /**
   * The sentences of a text that the sentence maximum scores: those of at least three words, the
   * first {@value #MAX_SENTENCES}; empty when the text has only one (the whole text covers it).
   */
  public static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String s : SENTENCE_BREAK.split(text)) {
      String t = s.strip();
      if (WHITESPACE.split(t).length >= 3) out.add(t);
    }
    if (out.size() < 2) return List.of();
    return out.size() > MAX_SENTENCES ? List.copyOf(out.subList(0, MAX_SENTENCES)) : out;
  }

  /** How much the stage may add to a text's score. */
  public enum Mode {
    /** Not used. */
    NONE,
    /**
     * At most {@value #WEAK_WEIGHT}, from the lower of the model's thresholds: the stage flags text
     * only together with another weak signal of the detector or the context stage.
     */
    WEAK,
    /** The trained tiers: {@value #STRONG_WEIGHT} from the threshold (flags alone), else weak. */
    FULL
  }

  private final Weights weights;
  private final Embedder embedder;
  private final Mode mode;

  /**
   * Checks at once that the encoder is the one the weights were trained on and that it works (one
   * probe embedding), so a broken or missing encoder fails at startup rather than per ticket.
   *
   * @throws IllegalStateException when the encoder differs or cannot embed
   */
  public InjectionClassifier(Weights weights, Embedder embedder) {
    this(weights, embedder, Mode.FULL);
  }

  /**
   * @param mode {@link Mode#WEAK} or {@link Mode#FULL}
   * @throws IllegalStateException when the encoder differs or cannot embed
   */
  public InjectionClassifier(Weights weights, Embedder embedder, Mode mode) {
    this.weights = Objects.requireNonNull(weights, "weights");
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.mode = Objects.requireNonNull(mode, "mode");
    if (mode == Mode.NONE) throw new IllegalArgumentException("mode NONE: build no classifier");
    if (!embedder.name().equals(weights.encoder())) {
      throw new IllegalStateException(
          "learned classifier was trained on encoder "
              + weights.encoder()
              + " but was given "
              + embedder.name());
    }
    float[] probe;
    try {
      probe = embedder.embed("probe");
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "learned classifier: encoder " + embedder.name() + " cannot embed: " + e.getMessage(), e);
    }
    if (probe == null || probe.length != weights.dimensions()) {
      throw new IllegalStateException(
          "learned classifier expects "
              + weights.dimensions()
              + "-dimensional vectors from "
              + embedder.name()
              + ", got "
              + (probe == null ? "none" : probe.length));
    }
  }

  /**
   * The shipped weights.
   *
   * @throws IllegalStateException when the resource is missing or malformed
   */
  public static Weights shipped() {
    try (InputStream in = InjectionClassifier.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "learned classifier weights not found on the class path: "
                + InjectionClassifier.class.getPackageName().replace('.', '/')
                + "/"
                + RESOURCE);
      }
      return Weights.fromJson(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "learned classifier weights " + RESOURCE + " are malformed: " + e.getMessage(), e);
    }
  }

  public Weights weights() {
    return weights;
  }

  /**
   * The probability that {@code text} is an injection attempt.
   *
   * @param techniques the techniques the detector reported for it (without this stage's own)
   */
  public double probability(String text, Collection<String> techniques) {
    if (text == null || text.isBlank()) return 0;
    double best =
        weights.probability(features(embedder.embed(text), techniques, weights.techniques()));
    if (weights.sentenceMax()) {
      List<String> parts = sentences(text);
      if (!parts.isEmpty()) {
        for (float[] v : embedder.embedAll(parts)) {
          best = Math.max(best, weights.probability(features(v, techniques, weights.techniques())));
        }
      }
    }
    return best;
  }

  /**
   * This stage's signal for a text the detector assessed, if the probability reaches a tier. Text
   * the stage does not read ({@link #reads}) gets none.
   */
  public Optional<InjectionDetector.Signal> signal(
      String text, InjectionDetector.Assessment detector) {
    if (!reads(text, weights)) return Optional.empty();
    double p = probability(text, detector.techniques());
    String evidence = String.format(java.util.Locale.ROOT, "p=%.3f", p);
    double w = weight(p);
    return w == 0
        ? Optional.empty()
        : Optional.of(new InjectionDetector.Signal(TECHNIQUE, w, evidence));
  }

  /**
   * Whether the stage judges this text at all: its letters are mostly Latin ({@link #mostlyLatin})
   * and it has at least {@link Weights#minWords()} words ({@link #words}). Below that length the
   * embedding of a greeting or a one-word reply says little, and the third round's model flagged
   * "Hi", "Thanks!", "Q" and "Test" (docs/safety.md); the gate leaves such text to the detector.
   */
  public static boolean reads(String text, Weights weights) {
    return text != null
        && !text.isBlank()
        && mostlyLatin(text)
        && words(text) >= weights.minWords();
  }

  /**
   * Words as the minimum-length gate counts them: whitespace-separated tokens with at least one
   * letter or digit (so "?" or "--" is not a word). Text without spaces, such as Chinese, counts as
   * one word per token; such text is mostly not Latin and not read anyway.
   */
  public static int words(String text) {
    int n = 0;
    boolean counted = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        counted = false;
        continue;
      }
      if (!counted && Character.isLetterOrDigit(cp)) {
        n++;
        counted = true;
      }
    }
    return n;
  }

  /**
   * Whether at least half of the text's letters are Latin. The encoder (bge-small-en) and the
   * weights were trained and measured on such text only; on Chinese its vectors are noise to the
   * weights (FULL flagged 36 of 40 benign Chinese support questions, docs/safety.md), so the stage
   * stays silent there and leaves such text to the detector and the context stage, which read it.
   */
  static boolean mostlyLatin(String text) {
    int latin = 0;
    int other = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) continue;
      if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) latin++;
      else other++;
    }
    return latin >= other;
  }

  /** What a probability adds to the score in this stage's mode. */
  public double weight(double p) {
    return weight(p, weights, mode);
  }

  static double weight(double p, Weights weights, Mode mode) {
    double weak = weights.weakThreshold() == null ? weights.threshold() : weights.weakThreshold();
    if (p >= weights.threshold() && mode == Mode.FULL) return STRONG_WEIGHT;
    if (p >= weak) return WEAK_WEIGHT;
    return 0;
  }

  public Mode mode() {
    return mode;
  }
}
