package org.voxtile.ops;

/** What a pooling window keeps: its maximum or its mean. */
public enum PoolMode {
  MAX,
  AVG;

  /** The mode as pipeline files and feature tables write it: {@code max} or {@code avg}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The mode written {@code label}, or null if there is none. */
  public static PoolMode fromLabel(String label) {
    for (PoolMode mode : values()) {
      if (mode.label().equals(label)) {
        return mode;
      }
    }
    return null;
  }
}
