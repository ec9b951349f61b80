package org.voxtile.storage.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.voxtile.VoxtileException;
import org.voxtile.storage.Location;

/** The Hadoop configuration a run opens its non-local files with, on the driver and on executors. */
class HadoopStorageTest {
  @Test
  void sparkHadoopSettingsBecomeHadoopSettings() {
    Configuration conf = HadoopStorage.configuration(Map.of("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000",
        "spark.executor.memory", "2g"));
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
      out.writeObject(Location.of(new HadoopStorage(conf), "hdfs://nn:8020/data/t1.nii"));
    }
    Location back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (Location) in.readObject();
    }
    assertEquals("hdfs://nn:8020/data/t1.nii", back.toString());
    Configuration travelled = ((HadoopStorage) back.storage()).configuration();
    assertEquals("hdfs://nn:8020", travelled.get("fs.defaultFS"));
    assertEquals("true", travelled.get("dfs.client.use.datanode.hostname"));
  }

  @Test
  void aSchemeWithoutAFileSystemNamesTheUriTheSchemeAndTheConnector() {
    VoxtileException s3 = assertThrows(VoxtileException.class, () -> Location.of("s3a://bucket/scans/t1.nii.gz").exists());
    assertEquals("s3a://bucket/scans/t1.nii.gz: no Hadoop FileSystem for scheme \"s3a\" on the classpath; put its"
        + " connector on the driver and executor classpath (for s3a://: hadoop-aws and the AWS SDK bundle, e.g."
        + " spark-submit --packages org.apache.hadoop:hadoop-aws:<Spark's Hadoop version>)", s3.getMessage());
    VoxtileException other = assertThrows(VoxtileException.class, () -> Location.of("nosuchfs://host/x.nii").readString());
    assertTrue(other.getMessage().startsWith("nosuchfs://host/x.nii: no Hadoop FileSystem for scheme \"nosuchfs\""),
        other.getMessage());
  }
}
