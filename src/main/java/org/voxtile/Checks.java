package org.voxtile;

/**
 * Precondition checks in Guava's idiom, without Guava: the core stays dependency-free and Spark
 * ships an old Guava of its own. Messages use {@code %s} placeholders filled in order.
 */
public final class Checks {
  private Checks() {}

  /** @throws IllegalArgumentException if {@code condition} is false, with the formatted message */
  public static void checkArgument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(format(format, args));
    }
  }

  /** @throws IllegalStateException if {@code condition} is false, with the formatted message */
  public static void checkState(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalStateException(format(format, args));
    }
  }

  /** Guava-style formatting: each {@code %s} takes the next argument; extra arguments are appended. */
  public static String format(String template, Object... args) {
    StringBuilder out = new StringBuilder(template.length() + 16 * args.length);
    int from = 0;
    int next = 0;
    while (next < args.length) {
      int at = template.indexOf("%s", from);
      if (at < 0) {
        break;
      }
      out.append(template, from, at).append(args[next++]);
      from = at + 2;
    }
    out.append(template, from, template.length());
    if (next < args.length) {
      out.append(" [");
      for (int i = next; i < args.length; i++) {
        out.append(i > next ? ", " : "").append(args[i]);
      }
      out.append(']');
    }
    return out.toString();
  }

  /**
   * {@code text} as one printable line: line breaks become spaces and other control characters
   * {@code \xNN}, so that names taken from files cannot garble a terminal or split a message.
   */
  public static String printable(String text) {
    StringBuilder s = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '\n' || c == '\r') {
        s.append(' ');
      } else if (c < 0x20 || c >= 0x7f && c < 0xa0) {
        s.append(String.format("\\x%02x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }
}
