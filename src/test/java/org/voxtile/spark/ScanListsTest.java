package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.storage.Location;

class ScanListsTest {
  @TempDir
  Path temp;

  @Test
  void manifestResolvesRelativePathsAgainstItsDirectory() throws Exception {
    Path csv = temp.resolve("scans.csv");
    Files.writeString(csv, "scan_id,t1,t2\nsub-01,a/t1.nii.gz,a/t2.nii.gz\nsub-02,/data/t1.nii,/data/t2.nii\n");
    List<Scan> scans = ScanLists.manifest(csv);
    assertEquals(List.of("sub-01", "sub-02"), scans.stream().map(Scan::id).toList());
    assertEquals(Location.of(temp.resolve("a/t1.nii.gz").toAbsolutePath()), scans.get(0).inputs().get("t1"));
    assertEquals(Location.of(Path.of("/data/t2.nii")), scans.get(1).inputs().get("t2"));
  }

  @Test
  void scanIdsThatWouldEscapeTheOutputAreRejected() throws Exception {
    for (String id : List.of("..", "../x", "a/b", "a..b", "", "sub 01")) {
      VoxtileException e = assertThrows(VoxtileException.class, () -> Scan.ofFiles(id, Map.of("t1", Path.of("x"))));
      assertTrue(e.getMessage().contains("scan id"), e.getMessage());
    }
    Path csv = temp.resolve("bad.csv");
    Files.writeString(csv, "scan_id,t1\n../../etc,x.nii\n");
    assertThrows(VoxtileException.class, () -> ScanLists.manifest(csv));
  }

  @Test
  void duplicateScanIdsAndShortLinesAreErrors() throws Exception {
    Path csv = temp.resolve("dup.csv");
    Files.writeString(csv, "scan_id,t1\ns,x.nii\ns,y.nii\n");
    assertTrue(assertThrows(VoxtileException.class, () -> ScanLists.manifest(csv)).getMessage().contains("repeat"));
    Files.writeString(csv, "scan_id,t1,t2\ns,x.nii\n");
    assertTrue(assertThrows(VoxtileException.class, () -> ScanLists.manifest(csv)).getMessage().contains("line 2"));
  }

  @Test
  void bidsGroupsFilesByEntitiesAndMapsInputNamesToSuffixes() throws Exception {
    for (String f : List.of("sub-01/anat/sub-01_T1w.nii.gz", "sub-01/anat/sub-01_T2w.nii.gz",
        "sub-02/ses-1/anat/sub-02_ses-1_T1w.nii", "sub-02/ses-1/anat/sub-02_ses-1_T2w.nii.gz",
        "sub-03/anat/sub-03_T1w.nii.gz", "sub-01/func/sub-01_task-rest_bold.nii.gz")) {
      Path file = temp.resolve(f);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "");
    }
    List<Scan> scans = BidsDataset.scans(Location.of(temp), List.of("t1", "t2"), BidsDataset.Selection.ALL, System.err);
    assertEquals(List.of("sub-01", "sub-02_ses-1"), scans.stream().map(Scan::id).toList(),
        "sub-03 has no T2w: skipped");
    assertEquals(Location.of(temp.resolve("sub-02/ses-1/anat/sub-02_ses-1_T2w.nii.gz")), scans.get(1).inputs().get("t2"));
    assertThrows(VoxtileException.class, () -> BidsDataset.scans(Location.of(temp), List.of("flair"), BidsDataset.Selection.ALL, System.err));
  }
}
