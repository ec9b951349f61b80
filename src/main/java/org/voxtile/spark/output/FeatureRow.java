package org.voxtile.spark.output;

/**
 * One row of {@code features.parquet}.
 *
 * @param scanId the scan
 * @param node an output or feature node, or a pipeline input name (t1, t2) for input statistics
 * @param channel channel within that node or input file, from 0
 * @param feature {@code spp_max} / {@code spp_avg}, or a statistic: {@code count}, {@code nan_count},
 *     {@code mean}, {@code std}, {@code min}, {@code max}, {@code p01} ... {@code p99}
 * @param level the pyramid level (bins per axis) for spp rows, else null
 * @param bin the bin within the level, (bx * level + by) * level + bz, for spp rows, else null
 * @param value the value
 */
public record FeatureRow(String scanId, String node, int channel, String feature, Integer level, Integer bin,
    double value) {}
