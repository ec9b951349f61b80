/**
 * Hadoop's file systems ({@code hdfs://}, {@code s3a://}, ...) as a
 * {@link org.voxtile.storage.Storage}. Imports Hadoop, never Spark.
 *
 * <ul>
 *   <li>{@link org.voxtile.storage.hadoop.HadoopStorage}: the storage, holding its own
 *       {@code Configuration} and carrying it to executors when serialised.
 *   <li>{@link org.voxtile.storage.hadoop.HadoopStorageProvider}: the storage of
 *       {@link org.voxtile.storage.Location#of(String)} for every scheme other than {@code file},
 *       configured from Hadoop's site files and the {@code spark.hadoop.*} system properties.
 *   <li>{@code HadoopFile}: a file as a {@link org.voxtile.nifti.ReadableFile}; positional reads
 *       are HDFS preads.
 *   <li>{@code FileSystems}: the {@code FileSystem} of a URI, or an error naming the connector a
 *       scheme needs.
 * </ul>
 */
package org.voxtile.storage.hadoop;
