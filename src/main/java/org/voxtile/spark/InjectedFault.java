package org.voxtile.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * A fault for tests of Spark's retries, off unless the system property
 * {@value #PROPERTY} names a tile index: the first attempt of that tile's task throws after it
 * has written its scratch files, so the retry must rewrite them. Only a test sets the property
 * (in local mode the executors share the test's JVM); nothing in a pipeline or command line can.
 */
final class InjectedFault {
  static final String PROPERTY = "voxtile.test.failTileOnce";

  /** How many times the fault fired in this JVM (a test checks that a retry really happened). */
  static final AtomicInteger FIRED = new AtomicInteger();

  private InjectedFault() {}

  static void afterTileWritten(int tileIndex) {
    String tile = System.getProperty(PROPERTY);
    TaskContext task = TaskContext.get();
    if (tile != null && tile.equals(String.valueOf(tileIndex)) && task != null && task.attemptNumber() == 0) {
      FIRED.incrementAndGet();
      throw new IllegalStateException("injected fault: first attempt of tile " + tileIndex);
    }
  }
}
