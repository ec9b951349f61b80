package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.cli.Main;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Pipeline;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.nifti.ReadLimits;
import org.voxtile.storage.Location;

/**
 * The job on a real HDFS (a MiniDFSCluster, one per class, from hadoop-client-minicluster): with
 * {@code hdfs://} inputs, output, manifest and weights it gives the bits of a local run,
 * uncompressed inputs are read by range, a batch commits and resumes through HDFS renames, and
 * mistakes and failures leave HDFS as they leave a local directory.
 */
class HdfsRunTest {
  private static final Path PIPELINE = Path.of("conf/edge-features.yaml");
  private static final Extent TILE = Extent.of(80, 96, 40); // 2 tiles of the 80x96x80 phantom: inputs decoded once
  private static final Extent SMALL_TILE = Extent.of(40, 48, 40); // 8 tiles

  @TempDir
  static Path temp;

  private static MiniDFSCluster cluster;
  private static FileSystem hdfs;
  private static String root;
  private static Path localOut;

  @BeforeAll
  static void startHdfsAndRunLocally() throws IOException {
    long start = System.nanoTime();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, temp.resolve("dfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs = cluster.getFileSystem();
    root = cluster.getURI().toString();
    for (String input : List.of("t1", "t2")) {
      Path gz = Path.of("data-samples/phantom_" + input + ".nii.gz");
      Path nii = NiftiReader.decompress(gz, temp.resolve(input + ".nii"), ReadLimits.DEFAULT);
      hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(gz.toAbsolutePath().toUri()), hdfsPath("/data/" + input + ".nii.gz"));
      hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(nii.toAbsolutePath().toUri()), hdfsPath("/data/" + input + ".nii"));
    }
    System.out.printf("MiniDFSCluster up with the inputs in %.1f s%n", (System.nanoTime() - start) / 1e9);
    localOut = temp.resolve("local-out");
    run(RunPlan.single(PIPELINE, Scan.ofFiles("phantom", Map.of("t1", VoxtileJobTest.SAMPLE_T1,
        "t2", VoxtileJobTest.SAMPLE_T2)), localOut).withTile(TILE));
    System.out.printf("and the local run done at %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  private static org.apache.hadoop.fs.Path hdfsPath(String path) {
    return new org.apache.hadoop.fs.Path(root + path);
  }

  private static Location at(String path) {
    return Location.of(root + path);
  }

  private static Scan scan(String suffix) {
    Map<String, Location> inputs = new LinkedHashMap<>();
    inputs.put("t1", at("/data/t1" + suffix));
    inputs.put("t2", at("/data/t2" + suffix));
    return new Scan("phantom", inputs);
  }

  private static VoxtileJob.Result run(RunPlan plan) {
    return VoxtileJob.run(SparkTestSession.get(), plan, new PrintStream(new ByteArrayOutputStream()));
  }

  private static byte[] bytes(String path) throws IOException {
    try (InputStream in = hdfs.open(hdfsPath(path))) {
      return in.readAllBytes();
    }
  }

  /** Every file under {@code dir}, relative to it. */
  private static List<String> files(String dir) throws IOException {
    List<String> out = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = hdfs.listFiles(hdfsPath(dir), true);
    String prefix = hdfsPath(dir).toUri().getPath() + "/";
    while (it.hasNext()) {
      out.add(it.next().getPath().toUri().getPath().substring(prefix.length()));
    }
    return out;
  }

  @Test
  void hdfsInputsAndOutputGiveTheBitsOfALocalRun() throws IOException {
    VoxtileJob.Result result = run(new RunPlan(PIPELINE, Optional.empty(), List.of(scan(".nii.gz")),
        at("/out/gz"), false, Optional.of(TILE), RunPlan.DEFAULT_MEMORY_PER_TASK, RunPlan.OutputMode.FRESH, false,
        true, Optional.empty())); // with --preview

    assertEquals(2, result.report().get("tiles"));
    assertArrayEquals(Files.readAllBytes(localOut.resolve("edges.nii.gz")), bytes("/out/gz/edges.nii.gz"),
        "the stitched output on HDFS is the local run's file, byte for byte");
    List<String> files = files("/out/gz");
    assertTrue(files.contains("_SUCCESS") && files.contains("report.json") && files.contains("preview.png"),
        files.toString());
    assertTrue(files.stream().anyMatch(f -> f.startsWith("features.parquet/part-")), files.toString());
    assertFalse(files.stream().anyMatch(f -> f.startsWith("_temporary") || f.contains("/.") || f.startsWith(".")
        || f.endsWith(".tmp")), "no scratch, staging or temporary files are left: " + files);
    assertEquals(result.features().orElseThrow().count(),
        SparkTestSession.get().read().parquet(localOut.resolve("features.parquet").toString()).count());
  }

  @Test
  void uncompressedHdfsInputsAreReadByRangeNotWhole() throws IOException {
    long fileBytes = hdfs.getFileStatus(hdfsPath("/data/t1.nii")).getLen();
    long before = hdfsBytesRead();
    VoxtileJob.Result result = run(RunPlan.single(PIPELINE, scan(".nii"), Location.of(temp.resolve("from-nii")))
        .withTile(SMALL_TILE));
    long read = hdfsBytesRead() - before;

    Map<?, ?> bytes = (Map<?, ?>) result.report().get("bytes");
    long voxelBytes = ((Number) bytes.get("input_read")).longValue();
    int opens = 2 * (1 + 1 + 8); // each input's header: the driver's plan, the ingest check, one per task
    long perOpen = 2 * (64L << 10); // the gzip-magic probe and the buffered header read, a buffer each at most
    System.out.printf("HDFS bytes read: %d (rows read by the tasks: %d; whole files per task would be %d)%n",
        read, voxelBytes, 8 * 2 * fileBytes);
    assertTrue(read >= voxelBytes, read + " < " + voxelBytes);
    assertTrue(read <= voxelBytes + opens * perOpen, "beyond the tiles' boxes only headers are read: " + read);
    // 2 x 2 x 2 tiles: a task needs about an eighth of each file; it reads its slices' rows of the box
    // with the gaps between them (one read per slice), about a third of each file here
    assertTrue(read < 8 * 2 * fileBytes / 2, "each task reads its part, not the file: " + read);
    assertArrayEquals(Files.readAllBytes(localOut.resolve("edges.nii.gz")),
        Files.readAllBytes(temp.resolve("from-nii/edges.nii.gz")));
  }

  private static long hdfsBytesRead() {
    return FileSystem.getAllStatistics().stream().filter(s -> s.getScheme().equals("hdfs"))
        .mapToLong(FileSystem.Statistics::getBytesRead).sum();
  }

  @Test
  void aBatchFromAManifestOnHdfsCommitsEachScanAndResumesFromItsMarkers() throws IOException {
    Location manifest = at("/data/scans.csv");
    manifest.writeString("scan_id,t1,t2\ns1,t1.nii.gz,t2.nii.gz\ns2," + root + "/data/t1.nii," + root + "/data/t2.nii\n",
        false);
    List<Scan> scans = ScanLists.manifest(manifest);
    assertEquals(at("/data/t1.nii.gz"), scans.get(0).inputs().get("t1"), "relative to the manifest's folder");
    RunPlan plan = new RunPlan(PIPELINE, Optional.empty(), scans, at("/out/batch"), true,
        Optional.of(TILE), RunPlan.DEFAULT_MEMORY_PER_TASK, RunPlan.OutputMode.FRESH, false, false, Optional.empty());

    run(plan);
    byte[] local = Files.readAllBytes(localOut.resolve("edges.nii.gz"));
    assertArrayEquals(local, bytes("/out/batch/s1/edges.nii.gz"));
    assertArrayEquals(local, bytes("/out/batch/s2/edges.nii.gz"));
    assertTrue(new String(bytes("/out/batch/s1/_SUCCESS")).startsWith("fingerprint sha256:"));
    VoxtileJob.Result again = VoxtileJob.run(SparkTestSession.get(),
        plan.withMode(RunPlan.OutputMode.RESUME), new PrintStream(new ByteArrayOutputStream()));
    assertEquals(2, again.report().get("resumed_scans"), "both scans' markers on HDFS match");
    assertEquals(again.features().orElseThrow().count(),
        SparkTestSession.get().read().parquet(root + "/out/batch/features.parquet").count());
    List<String> files = files("/out/batch");
    assertTrue(files.contains("_SUCCESS") && files.contains("s2/report.json"), files.toString());
    assertFalse(files.stream().anyMatch(f -> f.startsWith("_temporary")), files.toString());
  }

  @Test
  void aBidsDatasetOnHdfsIsFoundSelectedByLabelAndRunAsSingleScansAre() throws IOException {
    for (String scan : List.of("sub-01/ses-a", "sub-02/ses-a", "sub-02/ses-b")) {
      String entities = scan.replace('/', '_');
      for (String input : List.of("t1", "t2")) {
        String suffix = input.equals("t1") ? "T1w" : "T2w";
        hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(temp.resolve(input + ".nii").toUri()),
            hdfsPath("/bids/" + scan + "/anat/" + entities + "_" + suffix + ".nii"));
      }
    }
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    List<Scan> scans = BidsDataset.scans(at("/bids"), List.of("t1", "t2"),
        new BidsDataset.Selection(List.of("02"), List.of()), new PrintStream(warnings, true));
    assertEquals(List.of("sub-02_ses-a", "sub-02_ses-b"), scans.stream().map(Scan::id).toList());
    assertEquals(at("/bids/sub-02/ses-b/anat/sub-02_ses-b_T1w.nii"), scans.get(1).inputs().get("t1"));
    run(new RunPlan(PIPELINE, Optional.empty(), scans, at("/out/bids"), true, Optional.of(TILE),
        RunPlan.DEFAULT_MEMORY_PER_TASK, RunPlan.OutputMode.FRESH, false, false, Optional.empty()));
    byte[] local = Files.readAllBytes(localOut.resolve("edges.nii.gz"));
    assertArrayEquals(local, bytes("/out/bids/sub-02_ses-a/edges.nii.gz"));
    assertArrayEquals(local, bytes("/out/bids/sub-02_ses-b/edges.nii.gz"));
    assertFalse(hdfs.exists(hdfsPath("/out/bids/sub-01_ses-a")), "not selected");
  }

  @Test
  void theCommandLineTakesHdfsInputsOutputAndWeightsBothWays() throws IOException {
    Path weights = temp.resolve("edge-features.safetensors"); // the built-in kernels, as a file
    Pipeline.saveWeights(Pipeline.load(PIPELINE, Optional.empty(),
        Map.of("t1", 1, "t2", 1), Extent.of(80, 96, 80)), weights);
    hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(weights.toUri()), hdfsPath("/data/edge-features.safetensors"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = Main.run(new String[] {"run", PIPELINE.toString(),
        "--input", "t1=" + root + "/data/t1.nii.gz", "--input", "t2=" + root + "/data/t2.nii",
        "--output", root + "/out/cli", "--weights", root + "/data/edge-features.safetensors",
        "--save-weights", root + "/out/weights/used.safetensors",
        "--tile", "80,96,40", "--master", "local[2]"}, new PrintStream(out, true), new PrintStream(err, true), Map.of());
    assertEquals(0, status, err.toString());
    assertArrayEquals(Files.readAllBytes(localOut.resolve("edges.nii.gz")), bytes("/out/cli/edges.nii.gz"));
    assertArrayEquals(Files.readAllBytes(weights), bytes("/out/weights/used.safetensors"), "--save-weights on HDFS");
    assertTrue(hdfs.exists(hdfsPath("/out/cli/_SUCCESS")));
  }

  @Test
  void aPipelineOnHdfsBringsTheWeightsItNamesBesideIt() throws IOException {
    Path weights = temp.resolve("beside.safetensors"); // the built-in kernels, as a file
    Pipeline.saveWeights(Pipeline.load(PIPELINE, Optional.empty(),
        Map.of("t1", 1, "t2", 1), Extent.of(80, 96, 80)), weights);
    hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(weights.toUri()), hdfsPath("/conf/w/edges.safetensors"));
    Path pipeline = temp.resolve("edges-with-weights.yaml");
    Files.writeString(pipeline, Files.readString(PIPELINE) + "\nweights: w/edges.safetensors\n");
    hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(pipeline.toUri()), hdfsPath("/conf/edges.yaml"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = Main.run(new String[] {"run", root + "/conf/edges.yaml",
        "--input", "t1=" + root + "/data/t1.nii.gz", "--input", "t2=" + root + "/data/t2.nii",
        "--output", root + "/out/pipeline-on-hdfs", "--save-weights", root + "/out/weights/beside.safetensors",
        "--tile", "80,96,40", "--master", "local[2]"}, new PrintStream(new ByteArrayOutputStream(), true),
        new PrintStream(err, true), Map.of());
    assertEquals(0, status, err.toString());
    assertArrayEquals(Files.readAllBytes(localOut.resolve("edges.nii.gz")), bytes("/out/pipeline-on-hdfs/edges.nii.gz"));
    assertArrayEquals(Files.readAllBytes(weights), bytes("/out/weights/beside.safetensors"), "the weights beside it were used");

    hdfs.delete(hdfsPath("/conf/w/edges.safetensors"), false);
    ByteArrayOutputStream missing = new ByteArrayOutputStream();
    assertEquals(1, Main.run(new String[] {"run", root + "/conf/edges.yaml", "--input", "t1=" + root + "/data/t1.nii.gz",
        "--input", "t2=" + root + "/data/t2.nii", "--output", root + "/out/no-weights", "--master", "local[2]"},
        new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(missing, true), Map.of()));
    assertTrue(missing.toString().contains(root + "/conf/w/edges.safetensors") && missing.toString().contains("not found"),
        missing.toString());
  }

  @Test
  void infoReadsAHeaderOnHdfs() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"info", root + "/data/t1.nii.gz", root + "/data/t2.nii"},
        new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true), Map.of());
    assertEquals(0, status);
    assertTrue(out.toString().startsWith(root + "/data/t1.nii.gz\n") && out.toString().contains("80 x 96 x 80"),
        out.toString());
  }

  @Test
  void aMissingHdfsInputFailsBeforeAnyTaskNamingTheUri() throws IOException {
    Map<String, Location> inputs = new LinkedHashMap<>();
    inputs.put("t1", at("/data/t1.nii.gz"));
    inputs.put("t2", at("/data/missing_t2.nii.gz"));
    RunPlan plan = RunPlan.single(PIPELINE, new Scan("phantom", inputs), at("/out/missing"));

    VoxtileException e = assertThrows(VoxtileException.class, () -> run(plan));
    assertTrue(e.getMessage().contains(root + "/data/missing_t2.nii.gz") && e.getMessage().contains("not found"),
        e.getMessage());
    assertFalse(hdfs.exists(hdfsPath("/out/missing")), "checked before the output directory is made");
    assertThrows(VoxtileException.class, () -> VoxtileJob.validate(plan), "and by validate, before Spark");
  }

  @Test
  void aFailedRunLeavesNoSuccessMarkerAndNoScratch() throws IOException {
    System.setProperty(InjectedFault.PROPERTY, "1"); // local[2] does not retry: the job fails
    try {
      assertThrows(RuntimeException.class,
          () -> run(RunPlan.single(PIPELINE, scan(".nii.gz"), at("/out/failed")).withTile(TILE)));
    } finally {
      System.clearProperty(InjectedFault.PROPERTY);
    }
    assertFalse(hdfs.exists(hdfsPath("/out/failed/_SUCCESS")));
    assertFalse(hdfs.exists(hdfsPath("/out/failed/_temporary")));
  }
}
