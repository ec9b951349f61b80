package org.voxtile.storage;

import java.util.UUID;

/**
 * The hidden name a {@link Storage#write} writes under before its rename: a leading dot (hidden,
 * and skipped by Spark's and Hadoop's readers), the file's name, a random part (two attempts of
 * one task never share it) and {@code .tmp}.
 */
public final class TemporaryNames {
  private TemporaryNames() {}

  /** {@code .<fileName>.<random>.tmp}, for a file in the same directory as {@code fileName}. */
  public static String beside(String fileName) {
    return "." + fileName + "." + UUID.randomUUID() + ".tmp";
  }
}
