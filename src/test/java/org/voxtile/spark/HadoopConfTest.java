package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The Hadoop configuration a run opens its non-local files with, on the driver and on executors. */
class HadoopConfTest {
  @Test
  void sparkHadoopSettingsBecomeHadoopSettings() {
    SparkConf spark = new SparkConf(false).set("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000")
        .set("spark.executor.memory", "2g");
    Configuration conf = HadoopConf.fromSparkConf(spark);
    assertEquals("http://127.0.0.1:9000", conf.get("fs.s3a.endpoint"));
    assertNull(conf.get("spark.executor.memory"));
    assertNull(conf.get("executor.memory"));
  }

  @Test
  void travelsToExecutorsWithEverySetting() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "hdfs://nn:8020");
    conf.set("dfs.client.use.datanode.hostname", "true");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new HadoopConf(conf));
    }
    HadoopConf back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (HadoopConf) in.readObject();
    }
    assertEquals("hdfs://nn:8020", back.value().get("fs.defaultFS"));
    assertEquals("true", back.value().get("dfs.client.use.datanode.hostname"));
  }
}
