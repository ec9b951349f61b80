/**
 * Where voxtile's files are and what it does with them: one small interface for a file system,
 * with no Spark and no Hadoop in this package.
 *
 * <h2>Naming files</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.storage.Location}: a path of a storage, from the command line or a
 *       manifest ({@code Location.of("hdfs://nn:8020/out")}), with the operations the job makes
 *       on it ({@code out.resolve("report.json").writeString(json, true)}).
 *   <li>{@link org.voxtile.storage.TemporaryFiles}: write under a hidden name, then rename; the
 *       one way every storage writes a file.
 * </ul>
 *
 * <h2>File systems</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.storage.Storage}: what voxtile needs of a file system (names, exists,
 *       size, list, ranged reads, write then rename, create exclusively, move, delete), as n5's
 *       {@code KeyValueAccess}.
 *   <li>{@link org.voxtile.storage.LocalStorage}: {@code java.nio}; {@code FileChannel} reads,
 *       fsync and atomic renames, no {@code .crc} files.
 *   <li>{@link org.voxtile.storage.StorageProvider}: the storage of a URI scheme, found with
 *       {@code ServiceLoader}; {@code org.voxtile.storage.hadoop} provides Hadoop's file systems
 *       (HDFS, S3, ...).
 * </ul>
 */
package org.voxtile.storage;
