package org.voxtile.spark;

/**
 * The seed of a randomised test: derived from the clock, so each run tries new data, unless
 * {@code -Dvoxtile.seed=N} replays one. Printed either way, and meant for every assertion
 * message ({@link #describe}), so a failure names the seed that reproduces it.
 */
final class TestSeed {
  static final String PROPERTY = "voxtile.seed";

  private TestSeed() {}

  /** The seed for {@code test}, printed with how to replay it. */
  static long of(String test) {
    String given = System.getProperty(PROPERTY);
    long seed = given != null ? Long.parseLong(given.trim()) : System.currentTimeMillis() * 1_000_003L ^ System.nanoTime();
    System.out.println(test + ": " + describe(seed));
    return seed;
  }

  /** {@code seed N (replay with -Dvoxtile.seed=N)}. */
  static String describe(long seed) {
    return "seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + ")";
  }
}
