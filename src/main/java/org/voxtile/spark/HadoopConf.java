package org.voxtile.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The Hadoop configuration that non-local {@link Location}s are opened with, and a serialisable
 * holder to ship it to executors ({@link Configuration} is not {@code Serializable}; this writes
 * it with {@link Configuration#write} and reads it back with {@link Configuration#readFields};
 * Spark's own {@code SerializableConfiguration} is {@code @DeveloperApi @Unstable}).
 *
 * <p>Each JVM has one current configuration: the driver's is Spark's
 * ({@code SparkContext.hadoopConfiguration()}, with every {@code spark.hadoop.*} setting), set by
 * {@link VoxtileJob}; before Spark starts it is built from {@code new SparkConf()} the same way;
 * a task sets the one the driver shipped before it opens a file.
 */
final class HadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String PREFIX = "spark.hadoop.";
  private static volatile Configuration current;

  private transient Configuration value;

  HadoopConf(Configuration value) {
    this.value = value;
  }

  Configuration value() {
    return value;
  }

  /** Makes {@code conf} the configuration this JVM opens non-local locations with. */
  static void use(Configuration conf) {
    current = conf;
  }

  /** This JVM's configuration: the one last {@link #use}d, else one from {@code new SparkConf()}. */
  static Configuration current() {
    Configuration conf = current;
    if (conf == null) {
      conf = fromSparkConf(new SparkConf());
      current = conf;
    }
    return conf;
  }

  /** Hadoop's defaults and site files, then every {@code spark.hadoop.K=V} as {@code K=V}, as Spark does. */
  static Configuration fromSparkConf(SparkConf spark) {
    Configuration conf = new Configuration();
    for (Tuple2<String, String> entry : spark.getAll()) {
      if (entry._1().startsWith(PREFIX)) {
        conf.set(entry._1().substring(PREFIX.length()), entry._2(), "spark.hadoop.* in the Spark configuration");
      }
    }
    return conf;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    value.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    value = new Configuration(false);
    value.readFields(in);
  }
}
