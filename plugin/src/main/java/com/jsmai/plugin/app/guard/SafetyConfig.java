package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.safety.DeskContextCheck;
import com.jsmai.plugin.safety.InjectionClassifier;
import com.jsmai.plugin.safety.InjectionDetector;
import com.jsmai.plugin.safety.InputGuard;
import com.jsmai.plugin.safety.OutputGuard;
import java.util.List;
import java.util.Set;

/**
 * The {@code safety} section: input and output checks of the reply pipeline.
 *
 * @param inputAction what a ticket flagged by the rules gets (the detector and the context stage
 *     reach the threshold without the learned stage): {@code ROUTE_TO_HUMAN} (default), {@code
 *     MARK_UNTRUSTED}, {@code BLOCK_AUTO_REPLY}
 * @param learnedAction what a ticket flagged only because of the learned stage gets: {@code
 *     MARK_UNTRUSTED} (default: the reply goes out with the customer's text fenced as untrusted),
 *     {@code ROUTE_TO_HUMAN}, {@code BLOCK_AUTO_REPLY}; a ticket with both kinds of flag gets the
 *     stronger action (docs/safety.md, fifth round)
 * @param injectionThreshold detector score at which text is flagged; default 1.0
 * @param servedScripts languages the desk serves ({@code en}, {@code zh}); default both
 * @param unexpectedLanguageWeight weight of the "unexpected language" signal, 0 turns it off;
 *     default 1.0
 * @param sensitiveWords words a public reply must never contain; default the built-in list
 * @param allowedEmails addresses a reply may always contain (the desk's own)
 * @param leakageWords consecutive words copied from the system prompt or a note that count as a
 *     leak; default 8
 * @param contextCheck judge customer text also against what the desk's system prompt protects
 *     (secrets, a person's data, forbidden topics, a restricted scope); default true
 * @param contextEmbeddings let the context check compare topics with the bge-small ONNX encoder
 *     (loaded on first use by a desk whose prompt forbids topics or restricts scope); default true
 * @param topicSimilarity similarity to a forbidden topic that flags text; default 0.65
 * @param scopeSimilarity similarity to a restricted scope below which text is off-scope; default
 *     0.60
 * @param offScopeWeight weight of the off-scope signal (1.0 flags alone, 0 turns it off); default
 *     1.0
 * @param chineseTopicSimilarity {@code topicSimilarity} for comparisons made with the Chinese
 *     encoder (bge-small-zh, used when the ticket or the topic is Chinese); default 0.55
 * @param chineseScopeSimilarity {@code scopeSimilarity} for the Chinese encoder; default 0.35
 * @param learnedClassifier the learned stage ({@code learned-classifier}, a logistic regression
 *     over the bge-small-en embedding and the detector's techniques): {@code NONE}, {@code WEAK}
 *     (adds at most 0.5, so it flags only with another weak signal) or {@code FULL} (default since
 *     the fifth round; adds 1.0 above its threshold, and what it alone flags gets {@code
 *     learnedAction}); its encoder is loaded at startup, which fails if it cannot be
 * @param learnedClassifierWeights an install's own weights for the learned stage (a JSON file as
 *     {@code InjectionClassifierTraining --write} writes it, for example retrained with the agents'
 *     exported verdicts); null (default) for the shipped weights. Read at startup when the stage is
 *     on; a missing or malformed file, or one trained for another encoder or technique list, stops
 *     startup
 */
public record SafetyConfig(
    InputGuard.Action inputAction,
    Double injectionThreshold,
    List<String> servedScripts,
    Double unexpectedLanguageWeight,
    List<String> sensitiveWords,
    List<String> allowedEmails,
    Integer leakageWords,
    Boolean contextCheck,
    Boolean contextEmbeddings,
    Double topicSimilarity,
    Double scopeSimilarity,
    Double offScopeWeight,
    Double chineseTopicSimilarity,
    Double chineseScopeSimilarity,
    InjectionClassifier.Mode learnedClassifier,
    java.nio.file.Path learnedClassifierWeights,
    InputGuard.Action learnedAction) {
  public SafetyConfig {
    inputAction = inputAction == null ? InputGuard.Action.ROUTE_TO_HUMAN : inputAction;
    learnedAction = learnedAction == null ? InputGuard.Action.MARK_UNTRUSTED : learnedAction;
    InjectionDetector.Config d = InjectionDetector.Config.defaults();
    injectionThreshold = injectionThreshold == null ? d.threshold() : injectionThreshold;
    servedScripts = servedScripts == null ? List.copyOf(d.servedScripts()) : servedScripts;
    unexpectedLanguageWeight =
        unexpectedLanguageWeight == null ? d.unexpectedLanguageWeight() : unexpectedLanguageWeight;
    OutputGuard.Config o = OutputGuard.Config.defaults();
    sensitiveWords = sensitiveWords == null ? o.sensitiveWords() : List.copyOf(sensitiveWords);
    allowedEmails = allowedEmails == null ? List.of() : List.copyOf(allowedEmails);
    leakageWords = leakageWords == null ? o.leakageWords() : leakageWords;
    contextCheck = contextCheck == null || contextCheck;
    contextEmbeddings = contextEmbeddings == null || contextEmbeddings;
    DeskContextCheck.Config c = DeskContextCheck.Config.defaults();
    topicSimilarity = topicSimilarity == null ? c.topicSimilarity() : topicSimilarity;
    scopeSimilarity = scopeSimilarity == null ? c.scopeSimilarity() : scopeSimilarity;
    offScopeWeight = offScopeWeight == null ? c.offScopeWeight() : offScopeWeight;
    chineseTopicSimilarity =
        chineseTopicSimilarity == null ? c.chineseTopicSimilarity() : chineseTopicSimilarity;
    chineseScopeSimilarity =
        chineseScopeSimilarity == null ? c.chineseScopeSimilarity() : chineseScopeSimilarity;
    learnedClassifier =
        learnedClassifier == null ? InjectionClassifier.Mode.FULL : learnedClassifier;
    try {
      // Built here from the locals (fields are assigned only after this body) to fail at load.
      new InjectionDetector.Config(
          injectionThreshold, Set.copyOf(servedScripts), unexpectedLanguageWeight);
      new OutputGuard.Config(sensitiveWords, leakageWords, Set.copyOf(allowedEmails));
      new DeskContextCheck.Config(
          topicSimilarity,
          scopeSimilarity,
          offScopeWeight,
          chineseTopicSimilarity,
          chineseScopeSimilarity);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("safety: " + e.getMessage(), e);
    }
  }

  public static SafetyConfig defaults() {
    return new SafetyConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }

  public SafetyConfig withInputAction(InputGuard.Action action) {
    return new SafetyConfig(
        action,
        injectionThreshold,
        servedScripts,
        unexpectedLanguageWeight,
        sensitiveWords,
        allowedEmails,
        leakageWords,
        contextCheck,
        contextEmbeddings,
        topicSimilarity,
        scopeSimilarity,
        offScopeWeight,
        chineseTopicSimilarity,
        chineseScopeSimilarity,
        learnedClassifier,
        learnedClassifierWeights,
        learnedAction);
  }

  DeskContextCheck.Config context() {
    return new DeskContextCheck.Config(
        topicSimilarity,
        scopeSimilarity,
        offScopeWeight,
        chineseTopicSimilarity,
        chineseScopeSimilarity);
  }

  InjectionDetector.Config detector() {
    return new InjectionDetector.Config(
        injectionThreshold, Set.copyOf(servedScripts), unexpectedLanguageWeight);
  }

  InputGuard.Config input() {
    return new InputGuard.Config(inputAction, learnedAction, detector());
  }

  OutputGuard.Config output() {
    return new OutputGuard.Config(sensitiveWords, leakageWords, Set.copyOf(allowedEmails));
  }
}
