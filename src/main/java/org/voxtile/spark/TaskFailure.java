package org.voxtile.spark;

import java.io.UncheckedIOException;
import org.voxtile.VoxtileException;

/**
 * Turns a failed Spark job into the one-line error a user can act on. Spark wraps a task's
 * exception in a SparkException whose message is a page of stage and executor details; the
 * task's own exception (a broken file, a full disk) travels along as the cause.
 */
final class TaskFailure {
  private TaskFailure() {}

  static RuntimeException explain(String scanId, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof VoxtileException || t instanceof UncheckedIOException) {
        String detail = t instanceof UncheckedIOException io && io.getCause() != null
            ? t.getMessage() + ": " + io.getCause().getMessage() : t.getMessage();
        return new VoxtileException("scan '" + scanId + "' failed in a task: " + detail);
      }
    }
    String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    return new VoxtileException("scan '" + scanId + "' failed: " + first, e);
  }
}
