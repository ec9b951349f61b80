package org.voxtile.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.voxtile.spark.output.FeatureRow;
import org.voxtile.storage.Location;

/**
 * {@code features.parquet}: a tidy table, one value per row, so SQL can filter and pivot it:
 * {@code scan_id, node, channel, feature, level, bin, value} (see {@link FeatureRow}). Registered
 * as the temporary view {@value #VIEW}.
 */
public final class FeatureTable {
  /** The name of the temporary view. */
  public static final String VIEW = "features";

  public static final StructType SCHEMA = new StructType(new StructField[] {
    DataTypes.createStructField("scan_id", DataTypes.StringType, false),
    DataTypes.createStructField("node", DataTypes.StringType, false),
    DataTypes.createStructField("channel", DataTypes.IntegerType, false),
    DataTypes.createStructField("feature", DataTypes.StringType, false),
    DataTypes.createStructField("level", DataTypes.IntegerType, true),
    DataTypes.createStructField("bin", DataTypes.IntegerType, true),
    DataTypes.createStructField("value", DataTypes.DoubleType, false),
  });

  private FeatureTable() {}

  /** Writes the rows as one Parquet file under {@code dir}. */
  static void write(SparkSession spark, List<FeatureRow> rows, Location dir) {
    List<Row> data = new ArrayList<>(rows.size());
    for (FeatureRow r : rows) {
      data.add(RowFactory.create(r.scanId(), r.node(), r.channel(), r.feature(), r.level(), r.bin(), r.value()));
    }
    spark.createDataFrame(data, SCHEMA).coalesce(1).write().mode(SaveMode.ErrorIfExists)
        .parquet(dir.uri());
  }

  /** Reads a features table and registers it as the view {@value #VIEW}. */
  public static Dataset<Row> register(SparkSession spark, Path dir) {
    return register(spark, Location.of(dir));
  }

  /** Reads a features table, local or on a Hadoop file system, and registers it as the view {@value #VIEW}. */
  public static Dataset<Row> register(SparkSession spark, Location dir) {
    Dataset<Row> table = spark.read().parquet(dir.uri());
    table.createOrReplaceTempView(VIEW);
    return table;
  }
}
