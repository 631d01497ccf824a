package com.jsmai.plugin.app.guard;

import com.jsmai.plugin.safety.InjectionClassifier;
import com.jsmai.plugin.safety.InjectionDetector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code safety.learnedClassifierWeights}: an install's own weights for the learned stage, as
 * {@code InjectionClassifierTraining --write} writes them. Everything that would make the stage
 * score wrongly is refused here, at startup, with the setting and the file named: a missing or
 * unreadable file, malformed JSON or weights, an encoder other than the one the plugin loads, and a
 * technique list other than the detector's (features would silently be missing or never set).
 */
final class LearnedWeightsFile {
  static final String KEY = "safety.learnedClassifierWeights";

  private LearnedWeightsFile() {}

  /**
   * @param file the configured file
   * @param encoder the {@code Embedder.name()} the learned stage will use
   * @throws IllegalStateException naming {@value #KEY} and the file
   */
  static InjectionClassifier.Weights read(Path file, String encoder) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(KEY + " " + file + " does not exist or is not a file");
    }
    InjectionClassifier.Weights w;
    try (InputStream in = Files.newInputStream(file)) {
      w = InjectionClassifier.Weights.fromJson(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          KEY
              + " "
              + file
              + " is not a weights file written by InjectionClassifierTraining: "
              + firstLine(e.getMessage()),
          e);
    }
    if (!w.encoder().equals(encoder)) {
      throw new IllegalStateException(
          KEY
              + " "
              + file
              + " was trained on encoder "
              + w.encoder()
              + " but the learned stage uses "
              + encoder
              + "; retrain it with this plugin's InjectionClassifierTraining");
    }
    Set<String> trained = new LinkedHashSet<>(w.techniques());
    Set<String> detector = new LinkedHashSet<>(InjectionDetector.TECHNIQUES);
    if (!trained.equals(detector)) {
      List<String> unknown = new ArrayList<>(trained);
      unknown.removeAll(detector);
      List<String> missing = new ArrayList<>(detector);
      missing.removeAll(trained);
      throw new IllegalStateException(
          KEY
              + " "
              + file
              + " was trained for another technique list than this plugin's detector (unknown: "
              + unknown
              + ", missing: "
              + missing
              + "); retrain it with this plugin's InjectionClassifierTraining");
    }
    return w;
  }

  private static String firstLine(String message) {
    if (message == null) return "unreadable";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
