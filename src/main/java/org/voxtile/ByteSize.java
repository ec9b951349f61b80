package org.voxtile;

import java.util.Locale;

/** Byte counts for people: binary units with one decimal, as in {@code 1.5 MiB}. */
public final class ByteSize {
  private ByteSize() {}

  public static String format(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
