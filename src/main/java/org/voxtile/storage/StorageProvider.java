package org.voxtile.storage;

/**
 * Gives the storage of URIs whose scheme is not {@code file}, as {@code java.nio}'s
 * {@code FileSystemProvider} does for its schemes: implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.voxtile.storage.StorageProvider}), so this
 * package names no file system library. voxtile's own, {@code HadoopStorageProvider}, serves every
 * scheme with Hadoop's file systems.
 */
public interface StorageProvider {
  /**
   * The storage for {@code scheme}, or null when this provider does not serve it. Called for
   * every {@link Location#of(String)} of that scheme: return the same storage each time, so that
   * locations of one run share it (and travel to executors once).
   */
  Storage storage(String scheme);
}
