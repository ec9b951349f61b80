package org.voxtile.spark;

/**
 * report.json's layout: {@link org.voxtile.Json#indented}, the one JSON writer of voxtile.
 * (Kept as a name for this package's callers; they may call {@code org.voxtile.Json} directly.)
 */
final class Json {
  private Json() {}

  static String write(Object value) {
    return org.voxtile.Json.indented(value);
  }
}
