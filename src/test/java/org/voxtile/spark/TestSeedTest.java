package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A randomised test's seed can be replayed, and its messages say how. */
class TestSeedTest {
  @Test
  void aGivenSeedIsReplayedAndNamedWithHowToReplayIt() {
    String before = System.getProperty(TestSeed.PROPERTY);
    System.setProperty(TestSeed.PROPERTY, "-42");
    try {
      assertEquals(-42L, TestSeed.of("TestSeedTest"));
    } finally {
      if (before == null) {
        System.clearProperty(TestSeed.PROPERTY);
      } else {
        System.setProperty(TestSeed.PROPERTY, before);
      }
    }
    assertEquals("seed 7 (replay with -Dvoxtile.seed=7)", TestSeed.describe(7));
  }

  @Test
  void withoutOneEachRunTriesAnotherSeed() throws InterruptedException {
    if (System.getProperty(TestSeed.PROPERTY) != null) {
      return; // a replay fixes every seed
    }
    long first = TestSeed.of("TestSeedTest");
    Thread.sleep(2);
    assertTrue(first != TestSeed.of("TestSeedTest"), "seeds derive from the clock");
  }
}
