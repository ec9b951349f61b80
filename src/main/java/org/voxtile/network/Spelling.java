package org.voxtile.network;

import java.util.Collection;

/** "Did you mean ...?" for a misspelt key, op or node name. */
public final class Spelling {
  private Spelling() {}

  /**
   * {@code " (did you mean kernel_size?)"} when one candidate is within a small edit distance of
   * {@code word} (at most 2, and at most a third of its length), else {@code ""}.
   */
  public static String suggestion(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(word, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int limit = Math.min(2, Math.max(1, word.length() / 3));
    return best != null && bestDistance <= limit ? " (did you mean " + best + "?)" : "";
  }

  /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
