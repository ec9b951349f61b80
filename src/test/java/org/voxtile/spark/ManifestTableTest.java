package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.storage.Location;

/**
 * Manifests as spreadsheet programs and scripts write them (a byte-order mark, CRLF, quoted paths
 * with spaces, commas and quotes, non-ASCII folders, comments, tab-separated files) list the same
 * scans as a plain file; and BIDS datasets are selected as BIDS Apps select them.
 */
class ManifestTableTest {
  @TempDir Path temp;

  @Test
  void aSpreadsheetsCsvUtf8ExportListsTheScansItShows() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("dir with spaces/étude, 2024"));
    String text = "\uFEFFscan_id,t1,t2\r\n"
        + "# exported from a spreadsheet\r\n"
        + "\r\n"
        + "sub-01,\"dir with spaces/étude, 2024/t1 scan.nii.gz\",  plain.nii  \r\n"
        + "sub-02,\"" + dir.resolve("a \"\"quoted\"\" name.nii") + "\",\"x.nii\"\r\n";
    Path csv = Files.writeString(temp.resolve("scans.csv"), text, StandardCharsets.UTF_8);
    List<Scan> scans = ScanLists.manifest(csv);
    assertEquals(List.of("sub-01", "sub-02"), scans.stream().map(Scan::id).toList());
    assertEquals(Location.of(temp.resolve("dir with spaces/étude, 2024/t1 scan.nii.gz")), scans.get(0).inputs().get("t1"));
    assertEquals(Location.of(temp.resolve("plain.nii")), scans.get(0).inputs().get("t2"), "unquoted cells are trimmed");
    assertEquals(Location.of(dir.resolve("a \"quoted\" name.nii")), scans.get(1).inputs().get("t1"));
  }

  @Test
  void aTsvLikeBidsTablesListsTheSameScans() throws Exception {
    Path tsv = Files.writeString(temp.resolve("scans.tsv"), "scan_id\tt1\tt2\nsub-01\ta, b/t1.nii\tt2.nii\n");
    List<Scan> scans = ScanLists.manifest(tsv);
    assertEquals(Location.of(temp.resolve("a, b/t1.nii")), scans.get(0).inputs().get("t1"), "commas are data in a TSV");
  }

  @Test
  void errorsNameTheLineARowStartsOnAcrossQuotedLineBreaksAndComments() throws Exception {
    Path csv = Files.writeString(temp.resolve("scans.csv"),
        "scan_id,t1,t2\r\ns1,\"odd\nname.nii\",b.nii\r\n# note\r\ns2,a.nii\r\n");
    VoxtileException e = assertThrows(VoxtileException.class, () -> ScanLists.manifest(csv));
    assertTrue(e.getMessage().endsWith("scans.csv: line 5 has 2 fields, the header 3 (a path holding a comma must be "
        + "quoted: \"/data/a,b/t1.nii\")"), e.getMessage());
    Path tabs = Files.writeString(temp.resolve("tabs.csv"), "scan_id\tt1\tt2\ns1\ta\tb\n");
    assertTrue(assertThrows(VoxtileException.class, () -> ScanLists.manifest(tabs)).getMessage()
        .contains("looks tab-separated, but a .csv manifest is comma-separated"));
  }

  @Test
  void bidsAppsSelectSubjectsAndSessionsByLabel() throws Exception {
    Path bids = temp.resolve("bids");
    for (String scan : List.of("sub-01/ses-1", "sub-01/ses-2", "sub-02/ses-1", "sub-03")) {
      Path anat = Files.createDirectories(bids.resolve(scan).resolve("anat"));
      String entities = scan.replace('/', '_');
      Files.write(anat.resolve(entities + "_T1w.nii.gz"), new byte[] {1});
      Files.write(anat.resolve(entities + "_T2w.nii"), new byte[] {1});
    }
    Files.writeString(bids.resolve("participants.tsv"), "participant_id\tage\nsub-01\t30\nsub-02\t41\nsub-04\t22\n");
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(warnings, true, StandardCharsets.UTF_8);
    List<String> t1t2 = List.of("t1", "t2");
    assertEquals(List.of("sub-01_ses-1", "sub-01_ses-2", "sub-02_ses-1", "sub-03"), ids(BidsDataset.scans(
        Location.of(bids), t1t2, BidsDataset.Selection.ALL, err)));
    assertTrue(warnings.toString().contains("lists [sub-04] with no folder"), warnings.toString());
    assertTrue(warnings.toString().contains("[sub-03] not listed in"), warnings.toString());
    assertEquals(List.of("sub-01_ses-2"), ids(BidsDataset.scans(Location.of(bids), t1t2,
        new BidsDataset.Selection(List.of("sub-01"), List.of("ses-2")), err)));
    assertEquals(List.of("sub-01_ses-1", "sub-02_ses-1"), ids(BidsDataset.scans(Location.of(bids), t1t2,
        new BidsDataset.Selection(List.of(), List.of("1")), err)), "a session selects no subject without sessions");
    assertEquals(List.of("sub-03"), ids(BidsDataset.scans(Location.of(bids), t1t2,
        new BidsDataset.Selection(List.of("03"), List.of()), err)));
    VoxtileException unknown = assertThrows(VoxtileException.class, () -> BidsDataset.scans(Location.of(bids), t1t2,
        new BidsDataset.Selection(List.of(), List.of("7")), err));
    assertTrue(unknown.getMessage().endsWith("no session [7] in the dataset; it has [1, 2]"), unknown.getMessage());
  }

  private static List<String> ids(List<Scan> scans) {
    return scans.stream().map(Scan::id).toList();
  }
}
