package org.voxtile.storage.hadoop;

import org.voxtile.storage.Storage;
import org.voxtile.storage.StorageProvider;

/**
 * Serves every scheme other than {@code file} with one {@link HadoopStorage} per JVM, configured
 * from Hadoop's site files and the {@code spark.hadoop.*} system properties (what spark-submit's
 * {@code --conf} and {@code spark-defaults.conf} give the driver); a scheme with no Hadoop file
 * system fails when first used, naming its connector. Registered in
 * {@code META-INF/services/org.voxtile.storage.StorageProvider}.
 */
public final class HadoopStorageProvider implements StorageProvider {
  /** Built on first use: a Hadoop configuration reads its site files. */
  private static final class Default {
    static final HadoopStorage STORAGE = new HadoopStorage(HadoopStorage.configuration(System.getProperties()));
  }

  @Override
  public Storage storage(String scheme) {
    return Default.STORAGE;
  }
}
