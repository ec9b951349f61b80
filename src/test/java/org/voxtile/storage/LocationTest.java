package org.voxtile.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a run's files are: plain paths and file: URIs are local, other URIs go to their scheme's storage. */
class LocationTest {
  @TempDir
  Path temp;

  @Test
  void plainPathsAndFileUrisAreLocal() {
    assertSame(LocalStorage.INSTANCE, Location.of("out/sub-01").storage());
    assertEquals(Optional.of(Path.of("out/sub-01")), Location.of("out/sub-01").localPath());
    assertEquals(Optional.of(Path.of("/tmp/a/t1.nii")), Location.of("file:///tmp/a/t1.nii").localPath());
    assertEquals(Optional.of(Path.of("/tmp/a/t1.nii")), Location.of("file:/tmp/a/t1.nii").localPath());
    assertEquals("file", Location.of("/tmp/a").scheme());
  }

  @Test
  void otherUrisKeepTheirTextAndWalkLikePaths() {
    Location t1 = Location.of("hdfs://nn:8020/data/sub-01/t1.nii.gz");
    assertFalse(t1.localPath().isPresent());
    assertEquals("hdfs", t1.scheme());
    assertEquals("t1.nii.gz", t1.fileName());
    assertEquals(Location.of("hdfs://nn:8020/data/sub-01"), t1.parent());
    assertEquals("hdfs://nn:8020/data/sub-01/report.json", t1.parent().resolve("report.json").toString());
    assertEquals("s3a://bucket/out/_SUCCESS", Location.of("s3a://bucket/out/").resolve("_SUCCESS").toString());
    assertNull(Location.of("hdfs://nn:8020").parent());
    assertSame(t1.storage(), Location.of("s3a://bucket/x").storage(), "one storage for the URIs of a run");
  }

  @Test
  void aWriteAppearsWholeUnderItsNameWithNoTemporaryOrChecksumFileBeside() throws Exception {
    Location report = Location.of(temp.resolve("report.json"));
    report.writeString("{}", true);
    assertEquals("{}", report.readString());
    try (Stream<Path> files = Files.list(temp)) {
      assertEquals(List.of(temp.resolve("report.json")), files.toList());
    }
  }

  @Test
  void aFileIsCreatedExclusivelyOnce() {
    Location lock = Location.of(temp.resolve("lock"));
    assertTrue(lock.createExclusively("first"));
    assertFalse(lock.createExclusively("second"));
    assertEquals("first", lock.readString());
  }

  @Test
  void aLocalLocationTravelsToExecutorsOnTheOneLocalStorage() throws Exception {
    Location at = Location.of(temp.resolve("t1.nii"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(at);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      Location back = (Location) in.readObject();
      assertEquals(at, back);
      assertSame(LocalStorage.INSTANCE, back.storage());
    }
  }
}
