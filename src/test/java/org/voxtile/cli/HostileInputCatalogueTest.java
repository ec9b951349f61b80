package org.voxtile.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.cli.MainTest.Result;
import org.voxtile.network.weights.Safetensors;
import org.voxtile.network.weights.Tensor;
import org.voxtile.nifti.MultiChannelSource;
import org.voxtile.nifti.NiftiReader;

/**
 * The catalogue of hostile inputs: broken and malicious NIfTI files, pipeline files, weights files
 * and command lines, each driven through {@link Main#run} as a user would meet it (the two
 * multi-file channel checks also directly through {@link MultiChannelSource}; {@code run} cases
 * fail in the driver's checks before Spark starts, and one separate test covers a file that only
 * breaks inside the tasks). For
 * every case: the exit status (1 for a bad file or pipeline, 2 for a usage error), the exact first
 * line on stderr naming the file, node, key or argument, no stack trace, no {@link Error} (an
 * OutOfMemoryError fails the case), no hang (each case has {@value #SECONDS} seconds), and no
 * partial output: the case's directory holds exactly the files it held before the command ran
 * (no output, no hidden temporary file).
 *
 * <p>Each case is built from a good file: {@code n1_le_int16.nii}, a 5x4x3 int16 little-endian
 * NIfTI-1 file of 472 bytes, or {@code n2_le_int16.nii} (NIfTI-2, 664 bytes). In expected
 * messages {@code {dir}} stands for the case's directory; a message ending in {@code …} is
 * checked up to there (an affine's digits). {@code -Dvoxtile.catalogue.print=true} prints every
 * case's status and message instead of checking them, to review or update the catalogue.
 */
class HostileInputCatalogueTest {
  static final int SECONDS = 10;
  static final Path FIXTURES = Path.of("src/test/resources/golden/nifti/read");

  // NIfTI-1 and NIfTI-2 header offsets (nifti.Nifti1Layout / Nifti2Layout are package-private).
  static final int N1_DIM = 40;
  static final int N1_INTENT_CODE = 68;
  static final int N1_DATATYPE = 70;
  static final int N1_VOX_OFFSET = 108;
  static final int N1_SCL_SLOPE = 112;
  static final int N1_SCL_INTER = 116;
  static final int N1_SROW_X = 280;
  static final int N1_MAGIC = 344;
  static final int N2_DIM = 16;
  static final int N2_INTENT_CODE = 504;
  static final int N2_VOX_OFFSET = 168;
  static final int N1_PIXDIM = 76;
  static final int N1_SFORM_CODE = 254;

  @TempDir Path root;

  /** How a case is set up (files written into its directory) and run: its command line. */
  interface Setup {
    Result run(Path dir) throws IOException;
  }

  /** One hostile input and what the user must see. */
  record Case(String name, Setup setup, int status, String firstLine) {}

  private final List<Case> cases = new ArrayList<>();

  private void hostile(String name, int status, String firstLine, Setup setup) {
    cases.add(new Case(name, setup, status, firstLine));
  }

  /** The number in the README's sentence "(`HostileInputCatalogueTest`, N cases ...". */
  private static int readmeCaseCount() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("`HostileInputCatalogueTest`, (\\d+) cases").matcher(readme);
    assertTrue(m.find(), "README.md names the number of HostileInputCatalogueTest cases");
    return Integer.parseInt(m.group(1));
  }

  @TestFactory
  Stream<DynamicTest> catalogue() throws IOException {
    niftiCases();
    pipelineCases();
    commandLineCases();
    runCases();
    windowCases();
    OnnxHostileCases.register(this::hostile, this::main);
    ZarrHostileCases.register(this::hostile, this::run);
    PreprocessHostileCases.register(this::hostile, this::main);
    assertEquals(readmeCaseCount(), cases.size(), "the README states how many hostile cases are pinned");
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private void check(Case c) throws IOException {
    Path dir = Files.createDirectories(root.resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-")));
    current = dir;
    // Setup writes the files, then runs the command; the listing is taken in between (main()).
    // The timeout is a hang guard, generous for a shared machine, not a performance test.
    Result r = assertTimeoutPreemptively(Duration.ofSeconds(SECONDS), () -> c.setup().run(dir),
        () -> c.name() + " hangs");
    String expected = c.firstLine().replace("{dir}", dir.toString());
    String first = r.err().lines().findFirst().orElse("");
    if (Boolean.getBoolean("voxtile.catalogue.print")) {
      System.out.println("CASE " + c.name() + " | " + r.status() + " | " + first.replace(dir.toString(), "{dir}"));
      return;
    }
    assertEquals(c.status(), r.status(), c.name() + ": exit status; stderr:\n" + r.err());
    if (expected.endsWith("…")) { // the engine's or an affine's long tail is not spelled out
      String head = expected.substring(0, expected.length() - 1);
      assertTrue(first.startsWith(head), c.name() + ": the message the user sees starts with\n" + head + "\nbut is\n" + first);
    } else {
      assertEquals(expected, first, c.name() + ": the message the user sees");
    }
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception") || r.err().contains("internal error"),
        c.name() + ": no stack trace or exception class on stderr:\n" + r.err());
    if (c.status() == 1) {
      assertEquals(1, r.err().strip().lines().count(), c.name() + ": one line:\n" + r.err());
    }
    assertEquals(snapshotBefore(dir), listing(dir), c.name() + ": nothing written, no temporary file left");
  }

  // ------------------------------------------------------------------ NIfTI files

  private void niftiCases() {
    hostile("truncated header", 1, "voxtile: {dir}/short.nii: truncated header: 200 bytes, expected 348",
        d -> info(write(d, "short.nii", Arrays.copyOf(good(), 200))));
    hostile("empty file", 1, "voxtile: {dir}/empty.nii: truncated header: 0 bytes, expected 348 or 540",
        d -> info(write(d, "empty.nii", new byte[0])));
    hostile("truncated data", 1, "voxtile: {dir}/cut.nii: truncated data: dim=[3, 5, 4, 3, 1, 1, 1, 1] of "
        + "int16 from vox_offset=352 need 472 bytes, the data file has 462",
        d -> convert(write(d, "cut.nii", Arrays.copyOf(good(), 462)), d.resolve("out.nii")));
    hostile("bad magic", 1, "voxtile: {dir}/magic.nii: magic 'x+1\\x00', expected 'n+1\\x00'",
        d -> info(write(d, "magic.nii", edit1(b -> b.put(N1_MAGIC, (byte) 'x')))));
    hostile("not a NIfTI file at all", 1, "voxtile: {dir}/notes.nii: sizeof_hdr=1819043176, expected 348 "
        + "(NIfTI-1) or 540 (NIfTI-2) in either byte order: not a NIfTI file",
        d -> info(write(d, "notes.nii", "hello, this is not a NIfTI file\n".repeat(20).getBytes(StandardCharsets.US_ASCII))));
    hostile("dim[0] zero", 1, "voxtile: {dir}/d0.nii: dim[0]=0, expected 1..7 axes",
        d -> info(write(d, "d0.nii", edit1(b -> b.putShort(N1_DIM, (short) 0)))));
    hostile("dim[0] above 7", 1, "voxtile: {dir}/d9.nii: dim[0]=9, expected 1..7 axes",
        d -> info(write(d, "d9.nii", edit1(b -> b.putShort(N1_DIM, (short) 9)))));
    hostile("zero dim", 1, "voxtile: {dir}/zero.nii: dim[2]=0, expected a positive size",
        d -> info(write(d, "zero.nii", edit1(b -> b.putShort(N1_DIM + 4, (short) 0)))));
    hostile("negative dim", 1, "voxtile: {dir}/scan.nii: dim[3]=-4, expected a positive size",
        d -> info(write(d, "scan.nii", edit1(b -> b.putShort(N1_DIM + 6, (short) -4)))));
    hostile("dims whose product overflows 64 bits", 1, "voxtile: {dir}/overflow.nii: dim=[3, 1099511627776, "
        + "1099511627776, 1099511627776, 1, 1, 1, 1] declares more voxels than a 64-bit count holds",
        d -> info(write(d, "overflow.nii", edit2(b -> {
          for (int i = 1; i <= 3; i++) {
            b.putLong(N2_DIM + 8 * i, 1L << 40);
          }
        }))));
    hostile("channels beyond an int", 1, "voxtile: {dir}/channels.nii: dim=[4, 1, 1, 1, 3000000000, 1, 1, 1] declares "
        + "more than 2147483647 channels (dim[4..7] multiplied)",
        d -> info(write(d, "channels.nii", edit2(b -> {
          long[] dims = {4, 1, 1, 1, 3_000_000_000L, 1, 1, 1};
          for (int i = 0; i < 8; i++) {
            b.putLong(N2_DIM + 8 * i, dims[i]);
          }
        }))));
    hostile("vox_offset overflowing in a .nii.gz", 1, "voxtile: {dir}/far.nii.gz: dim=[3, 5, 4, 3, 1, 1, 1, 1] of int16 "
        + "from vox_offset=9223372036854775798 declares more bytes than a 64-bit offset holds",
        d -> convert(write(d, "far.nii.gz", gzip(edit2(b -> b.putLong(N2_VOX_OFFSET, Long.MAX_VALUE - 9)))),
            d.resolve("out.nii")));
    hostile("vox_offset past the end of a .nii.gz", 1, "voxtile: {dir}/far.nii.gz: truncated data: the stream holds 664 "
        + "bytes, the header declares 1000000120 (vox_offset + data)",
        d -> convert(write(d, "far.nii.gz", gzip(edit2(b -> b.putLong(N2_VOX_OFFSET, 1_000_000_000L)))),
            d.resolve("out.nii")));
    hostile("NaN voxel size without sform", 1, "voxtile: {dir}/nanpix.nii: pixdim[1]=NaN with sform_code=0, expected a "
        + "finite voxel size (the affine is built from it)",
        d -> info(write(d, "nanpix.nii", edit1(b -> {
          b.putShort(N1_SFORM_CODE, (short) 0);
          b.putFloat(N1_PIXDIM + 4, Float.NaN);
        }))));
    hostile("dims exceeding the file", 1, "voxtile: {dir}/big.nii: truncated data: dim=[3, 5, 4, 30000, 1, 1, 1, 1] "
        + "of int16 from vox_offset=352 need 1200352 bytes, the data file has 472",
        d -> convert(write(d, "big.nii", edit1(b -> b.putShort(N1_DIM + 6, (short) 30000))), d.resolve("out.nii")));
    hostile("absurd dims meant to exhaust memory", 1, "voxtile: {dir}/huge.nii: dim=[3, 32767, 32767, 32767, 1, 1, 1, 1] "
        + "declares 35181150961663 voxels, more than the limit of 1099511627776 (ReadLimits.maxVoxels)",
        d -> convert(write(d, "huge.nii", edit1(b -> {
          b.putShort(N1_DIM + 2, (short) 32767);
          b.putShort(N1_DIM + 4, (short) 32767);
          b.putShort(N1_DIM + 6, (short) 32767);
        })), d.resolve("out.nii")));
    hostile("absurd dims in a small .nii.gz re-encoded", 1, "voxtile: {dir}/huge.nii.gz: compressed data of 2147483648 "
        + "bytes (dim=[3, 1024, 1024, 1024, 1, 1, 1, 1]) exceed the in-memory limit of 2147483583 bytes; "
        + "convert to .nii first (voxtile convert) for ranged reads",
        d -> convert(write(d, "huge.nii.gz", gzip(edit1(b -> {
          b.putShort(N1_DIM + 2, (short) 1024);
          b.putShort(N1_DIM + 4, (short) 1024);
          b.putShort(N1_DIM + 6, (short) 1024);
        }))), d.resolve("out.nii.gz")));
    hostile("absurd dims in a small .nii.gz decompressed", 1, "voxtile: {dir}/huge.nii.gz: truncated data: the stream "
        + "holds 472 bytes, the header declares 2147484000 (vox_offset + data)",
        d -> convert(write(d, "huge.nii.gz", gzip(edit1(b -> {
          b.putShort(N1_DIM + 2, (short) 1024);
          b.putShort(N1_DIM + 4, (short) 1024);
          b.putShort(N1_DIM + 6, (short) 1024);
        }))), d.resolve("out.nii")));
    hostile("vox_offset past the end", 1, "voxtile: {dir}/far.nii: vox_offset=100000 lies past the end of the data "
        + "file (472 bytes)",
        d -> info(write(d, "far.nii", edit1(b -> b.putFloat(N1_VOX_OFFSET, 100000)))));
    hostile("vox_offset inside the header", 1, "voxtile: {dir}/inside.nii: vox_offset=100 lies inside the header; "
        + "data start at 352 at the earliest",
        d -> info(write(d, "inside.nii", edit1(b -> b.putFloat(N1_VOX_OFFSET, 100)))));
    hostile("complex datatype", 1, "voxtile: {dir}/complex.nii: datatype=32 (complex64) is not supported; supported: "
        + SUPPORTED,
        d -> info(write(d, "complex.nii", edit1(b -> b.putShort(N1_DATATYPE, (short) 32)))));
    hostile("RGB datatype", 1, "voxtile: {dir}/rgb.nii: datatype=128 (RGB24) is not supported; supported: " + SUPPORTED,
        d -> convert(write(d, "rgb.nii", edit1(b -> b.putShort(N1_DATATYPE, (short) 128))), d.resolve("out.nii")));
    hostile("non-finite sform", 1, "voxtile: {dir}/srow.nii: srow_x[0]=NaN with sform_code=1, expected a finite value",
        d -> info(write(d, "srow.nii", edit1(b -> b.putFloat(N1_SROW_X, Float.NaN)))));
    hostile("NaN intercept with a valid slope", 1, "voxtile: {dir}/inter.nii: scl_inter=NaN with scl_slope=2.0, "
        + "expected a finite intercept",
        d -> info(write(d, "inter.nii", edit1(b -> {
          b.putFloat(N1_SCL_SLOPE, 2);
          b.putFloat(N1_SCL_INTER, Float.NaN);
        }))));
    hostile("corrupt deflate data", 1, "voxtile: {dir}/corrupt.nii.gz: corrupt gzip stream in the header: invalid block type",
        d -> {
          byte[] bytes = gzip(good());
          Arrays.fill(bytes, 10, 40, (byte) 0xff);
          return info(write(d, "corrupt.nii.gz", bytes));
        });
    hostile("random bytes behind the gzip magic", 1, "voxtile: {dir}/garbage.nii.gz: sizeof_hdr=-160877327, expected 348 "
        + "(NIfTI-1) or 540 (NIfTI-2) in either byte order: not a NIfTI file",
        d -> {
          byte[] bytes = new byte[600];
          new java.util.Random(1).nextBytes(bytes);
          bytes[0] = 0x1f;
          bytes[1] = (byte) 0x8b;
          bytes[2] = 8;
          bytes[3] = 0;
          return info(write(d, "garbage.nii.gz", bytes));
        });
    hostile("gzip magic and nothing else", 1, "voxtile: {dir}/magic-only.nii.gz: truncated gzip stream in the header",
        d -> info(write(d, "magic-only.nii.gz", new byte[] {0x1f, (byte) 0x8b})));
    hostile("truncated gzip header", 1, "voxtile: {dir}/cut-header.nii.gz: truncated gzip stream in the header",
        d -> info(write(d, "cut-header.nii.gz", Arrays.copyOf(gzip(good()), 30))));
    hostile("truncated gzip data", 1, "voxtile: {dir}/cut.nii.gz: truncated gzip stream in the data",
        d -> {
          byte[] gz = gzip(good());
          return convert(write(d, "cut.nii.gz", Arrays.copyOf(gz, gz.length - 12)), d.resolve("out.nii.gz"));
        });
    hostile("truncated gzip data decompressed", 1, "voxtile: {dir}/cut.nii.gz: truncated gzip stream in the data",
        d -> {
          byte[] gz = gzip(good());
          return convert(write(d, "cut.nii.gz", Arrays.copyOf(gz, gz.length - 12)), d.resolve("out.nii"));
        });
    hostile("header without its image", 1, "voxtile: {dir}/lonely.hdr: file not found: {dir}/lonely.img",
        d -> info(copy(FIXTURES.resolve("pair_n1_int16.hdr"), d.resolve("lonely.hdr"))));
    hostile("extension size beyond its area", 1, "voxtile: {dir}/ext.nii: extension at byte 0 has esize=4096, "
        + "expected 8..16 within the extension area",
        d -> {
          byte[] good = good();
          byte[] bytes = new byte[good.length + 16];
          System.arraycopy(good, 0, bytes, 0, 352);
          System.arraycopy(good, 352, bytes, 368, good.length - 352);
          ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
          b.putFloat(N1_VOX_OFFSET, 368);
          b.put(348, (byte) 1);
          b.putInt(352, 4096);
          b.putInt(356, 6);
          return info(write(d, "ext.nii", bytes));
        });
    hostile("a directory given as a file", 1, "voxtile: cannot read {dir}/scan.nii: Is a directory",
        d -> info(Files.createDirectory(d.resolve("scan.nii"))));
    hostile("CIFTI-2 dense data series", 1, "voxtile: {dir}/sub-01.dtseries.nii: intent_code=3002 "
        + "(NIFTI_INTENT_CONNECTIVITY_DENSE_SERIES): a CIFTI file, whose data are grayordinates (surface "
        + "vertices and voxels), not a volume; voxtile reads NIfTI volumes only",
        d -> info(write(d, "sub-01.dtseries.nii", edit2(b -> {
          long[] dims = {6, 1, 1, 1, 1, 3, 20, 1};
          for (int i = 0; i < 8; i++) {
            b.putLong(N2_DIM + 8 * i, dims[i]);
          }
          b.putInt(N2_INTENT_CODE, 3002);
        }))));
    hostile("CIFTI-1 in a NIfTI-1 file", 1, "voxtile: {dir}/old.dconn.nii: intent_code=3001 "
        + "(NIFTI_INTENT_CONNECTIVITY_DENSE): a CIFTI file, whose data are grayordinates (surface "
        + "vertices and voxels), not a volume; voxtile reads NIfTI volumes only",
        d -> convert(write(d, "old.dconn.nii", edit1(b -> b.putShort(N1_INTENT_CODE, (short) 3001))),
            d.resolve("out.nii")));
    hostile("ANALYZE 7.5 header and image", 1, "voxtile: {dir}/old.hdr: no NIfTI magic (bytes 344-347 are "
        + "'\\x00\\x00\\x00\\x00'): an ANALYZE 7.5 header, whose orientation is undefined (left and right may be "
        + "swapped); voxtile reads NIfTI only: convert it with a tool where you can check the orientation",
        d -> {
          byte[] hdr = Files.readAllBytes(FIXTURES.resolve("pair_n1_int16.hdr"));
          Arrays.fill(hdr, N1_MAGIC, N1_MAGIC + 4, (byte) 0);
          write(d, "old.hdr", hdr);
          copy(FIXTURES.resolve("pair_n1_int16.img"), d.resolve("old.img"));
          return convert(d.resolve("old.hdr"), d.resolve("out.nii"));
        });
    hostile("channels whose dims disagree", 1, "voxtile: {dir}/t2.nii: input 't2' has dims 5x4x30 but input 't1' "
        + "({dir}/t1.nii) has 5x4x3; all inputs must share one voxel grid",
        d -> channels(copy(FIXTURES.resolve("multi_t1.nii"), d.resolve("t1.nii")),
            write(d, "t2.nii", Arrays.copyOf(edit(Files.readAllBytes(FIXTURES.resolve("multi_t2.nii")),
                ByteOrder.LITTLE_ENDIAN, b -> b.putShort(N1_DIM + 6, (short) 30)), 352 + 5 * 4 * 30 * 2))));
    hostile("channels whose affines disagree", 1, "voxtile: {dir}/t2.nii: input 't2' has affine [[-0.9396926164627075, …",
        d -> channels(copy(FIXTURES.resolve("multi_t1.nii"), d.resolve("t1.nii")),
            copy(FIXTURES.resolve("multi_other_grid.nii"), d.resolve("t2.nii"))));
  }

  static final String SUPPORTED = "uint8(2), int16(4), int32(8), float32(16), float64(64), int8(256), uint16(512), "
      + "uint32(768), int64(1024), uint64(1280)";

  // ------------------------------------------------------------------ pipelines and weights

  static final String GOOD_NODES = "nodes:\n"
      + "  - {name: c1, op: conv3d, out_channels: 2, kernel_size: 3, padding: 1, init: {seed: 7}}\n"
      + "  - {name: a1, op: relu}\n"
      + "outputs: [a1]\n";

  private void pipelineCases() {
    hostile("pipeline file missing", 1, "voxtile: {dir}/nope.yaml: no such file",
        d -> describe(d.resolve("nope.yaml")));
    hostile("empty pipeline file", 1, "voxtile: {dir}/p.yaml: empty pipeline file",
        d -> describe(text(d, "p.yaml", "")));
    hostile("unknown op", 1, "voxtile: {dir}/p.yaml:3: node 'c1': unknown op 'conv4d' (did you mean conv3d?)",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: c1, op: conv4d, out_channels: 2}\n"
            + "outputs: [c1]\n")));
    hostile("unknown key", 1, "voxtile: {dir}/p.yaml:3: node 'c1': unknown key 'paddin' for op conv3d (did you mean padding?)",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: c1, op: conv3d, out_channels: 2, "
            + "kernel_size: 3, paddin: 1, init: {seed: 7}}\noutputs: [c1]\n")));
    hostile("unknown top-level key", 1, "voxtile: {dir}/p.yaml: unknown top-level key 'output' (did you mean outputs?)",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: a1, op: relu}\noutput: [a1]\n")));
    hostile("unknown output datatype", 1, "voxtile: {dir}/p.yaml:4: outputs[0].datatype: 'float16' is not a datatype "
        + "voxtile writes; expected one of float32, uint8, int8, int16, uint16, int32 (did you mean float32?)",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: a1, op: relu}\n"
            + "outputs: [{node: a1, datatype: float16}]\n")));
    hostile("unknown key in an output", 1, "voxtile: {dir}/p.yaml:5: unknown key 'nod' in outputs[0] (did you mean node?)",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: a1, op: relu}\n"
            + "outputs:\n  - {nod: a1, datatype: uint8}\n")));
    hostile("cycle", 1, "voxtile: {dir}/p.yaml:3: node 'a': inputs form a cycle: a -> b -> a",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: a, op: add, inputs: [t1, b]}\n"
            + "  - {name: b, op: relu, inputs: [a]}\noutputs: [b]\n")));
    hostile("dangling input", 1, "voxtile: {dir}/p.yaml:3: node 'a1': inputs: 'nope' is neither a node nor a pipeline input",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: a1, op: relu, inputs: [nope]}\n"
            + "outputs: [a1]\n")));
    hostile("add of unequal extents", 1, "voxtile: {dir}/p.yaml:4: node 'r1': add needs equal extents, but 'c1' is 6x6x6 and "
        + "'t1' is 8x8x8 (for input 8x8x8); add a pad or crop node to make them fit",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: c1, op: conv3d, out_channels: 1, "
            + "kernel_size: 3, init: {seed: 7}}\n  - {name: r1, op: add, inputs: [c1, t1]}\noutputs: [r1]\n")));
    hostile("kernel larger than its input", 1, "voxtile: {dir}/p.yaml:3: node 'c1': conv3d does not fit its input 8x8x8 x 1 channels "
        + "(for pipeline input 8x8x8): conv3d: input 8x8x8 is smaller than one window (kernel 9x9x9, dilation 1x1x1, "
        + "padding 0x0x0)",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: c1, op: conv3d, out_channels: 1, "
            + "kernel_size: 9, init: {seed: 7}}\noutputs: [c1]\n")));
    hostile("weights file missing", 1, "voxtile: {dir}/w.safetensors: no such file",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nweights: w.safetensors\n" + GOOD_NODES.replace(
            ", init: {seed: 7}", ""))));
    hostile("weight tensor missing", 1, "voxtile: {dir}/p.yaml:4: node 'c1': no weights: tensor 'c1.weight' is missing "
        + "from {dir}/w.safetensors, or give the node init: {seed: N} or a built-in kernel",
        d -> {
          Safetensors.write(d.resolve("w.safetensors"), List.of(Tensor.of("c1.bias", new long[] {2}, new float[2])),
              Map.of());
          // describe lists missing weights; run refuses them before any task
          text(d, "p.yaml", "inputs: [t1]\nweights: w.safetensors\n" + GOOD_NODES.replace(", init: {seed: 7}", ""));
          return run(d, "--input", "t1=" + good(d), "--output", d.resolve("out") + "");
        });
    hostile("weight tensor of the wrong shape", 1, "voxtile: {dir}/w.safetensors: 'c1.weight' has shape [2, 1, 3, 3, 1] but conv3d c1 "
        + "needs [2, 1, 3, 3, 3]",
        d -> {
          Safetensors.write(d.resolve("w.safetensors"), List.of(
              Tensor.of("c1.weight", new long[] {2, 1, 3, 3, 1}, new float[18]),
              Tensor.of("c1.bias", new long[] {2}, new float[2])), Map.of());
          return describe(text(d, "p.yaml", "inputs: [t1]\nweights: w.safetensors\n"
              + GOOD_NODES.replace(", init: {seed: 7}", "")));
        });
    hostile("non-float weight tensor", 1, "voxtile: {dir}/w.safetensors: tensor 'c1.weight': non-float tensor of "
        + "dtype I64; voxtile reads F32, F16, BF16 and F64",
        d -> {
          write(d, "w.safetensors", safetensors("{\"c1.weight\":{\"dtype\":\"I64\",\"shape\":[2,1,3,3,3],"
              + "\"data_offsets\":[0,432]}}", 432));
          return describe(text(d, "p.yaml", "inputs: [t1]\nweights: w.safetensors\n"
              + GOOD_NODES.replace(", init: {seed: 7}", "")));
        });
    hostile("weight name with terminal escapes", 1, "voxtile: {dir}/w.safetensors: tensor 'c1\\x1b[2J.weight': "
        + "unsupported dtype Q8; voxtile reads F32, F16, BF16 and F64",
        d -> {
          write(d, "w.safetensors", safetensors("{\"c1\\u001b[2J.weight\":{\"dtype\":\"Q8\",\"shape\":[1],"
              + "\"data_offsets\":[0,1]}}", 1));
          return describe(text(d, "p.yaml", "inputs: [t1]\n" + GOOD_NODES), "--weights", d.resolve("w.safetensors").toString());
        });
    hostile("--save-weights into a missing directory", 1, "voxtile: {dir}/no/w.safetensors: cannot write: "
        + "the directory {dir}/no does not exist",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\n" + GOOD_NODES), "--save-weights",
            d.resolve("no/w.safetensors").toString()));
    hostile("safetensors header length claiming 10 GB", 1, "voxtile: {dir}/w.safetensors: header length 10000000000 "
        + "exceeds the limit of 100000000 bytes",
        d -> {
          byte[] bytes = new byte[64];
          ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(10_000_000_000L);
          write(d, "w.safetensors", bytes);
          return describe(text(d, "p.yaml", "inputs: [t1]\n" + GOOD_NODES), "--weights", d.resolve("w.safetensors").toString());
        });
    hostile("truncated safetensors", 1, "voxtile: {dir}/w.safetensors: tensor 'c1.weight': data_offsets [8, 224] run past "
        + "the end of the 124-byte data buffer",
        d -> {
          byte[] full = Safetensors.encode(List.of(Tensor.of("c1.weight", new long[] {2, 1, 3, 3, 3}, new float[54]),
              Tensor.of("c1.bias", new long[] {2}, new float[2])), Map.of());
          write(d, "w.safetensors", Arrays.copyOf(full, full.length - 100));
          return describe(text(d, "p.yaml", "inputs: [t1]\n" + GOOD_NODES), "--weights", d.resolve("w.safetensors").toString());
        });
    hostile("malformed YAML", 1, "voxtile: {dir}/p.yaml: not valid YAML: line 4, column 8: expected ',' or '}', "
        + "but got : (while parsing a flow mapping at line 3, column 5)",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: c1, op: relu\noutputs: [c1]\n")));
    hostile("duplicate keys", 1, "voxtile: {dir}/p.yaml: not valid YAML: line 3, column 26: found duplicate key "
        + "name (while constructing a mapping at line 3, column 5)",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: c1, op: relu, name: c2}\noutputs: [c1]\n")));
    hostile("YAML tag naming code", 1, "voxtile: {dir}/p.yaml: not valid YAML: line 2, column 7: could not determine a "
        + "constructor for the tag tag:yaml.org,2002:python/object/apply:os.system",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nname: !!python/object/apply:os.system [\"touch pwned\"]\n"
            + "nodes:\n  - {name: a1, op: relu}\noutputs: [a1]\n")));
    hostile("YAML tag naming a Java class", 1, "voxtile: {dir}/p.yaml: not valid YAML: line 2, column 7: could not "
        + "determine a constructor for the tag tag:yaml.org,2002:java.io.File",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nname: !!java.io.File [\"/etc/passwd\"]\n"
            + "nodes:\n  - {name: a1, op: relu}\noutputs: [a1]\n")));
    hostile("YAML alias bomb", 1, "voxtile: {dir}/p.yaml: not valid YAML: Number of aliases for non-scalar nodes "
        + "exceeds the specified max=50",
        d -> {
          StringBuilder s = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
          for (int i = 1; i < 12; i++) {
            s.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
              s.append(j > 0 ? ", " : "").append("*a").append(i - 1);
            }
            s.append("]\n");
          }
          return describe(text(d, "p.yaml", s + "inputs: [t1]\n" + GOOD_NODES));
        });
    hostile("YAML nested 100 000 deep", 1, "voxtile: {dir}/p.yaml: not valid YAML: collections nested deeper than 64 "
        + "levels (at character 129 of {dir}/p.yaml)",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: a1, op: relu}\noutputs: [a1]\nname: "
            + "[".repeat(100_000) + "]".repeat(100_000) + "\n")));
    hostile("YAML block sequences nested 100 000 deep", 1, "voxtile: {dir}/p.yaml: not valid YAML: collections nested "
        + "too deeply for the parser in {dir}/p.yaml",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: a1, op: relu}\noutputs: [a1]\nname: "
            + "\n  " + "- ".repeat(100_000) + "x\n")));
    hostile("safetensors header nested 50 000 deep", 1, "voxtile: {dir}/w.safetensors: header is not valid JSON: "
        + "collections nested deeper than 64 levels (at character 77 of {dir}/w.safetensors)",
        d -> {
          write(d, "w.safetensors", safetensors("{\"c1.weight\": " + "[".repeat(50_000) + "]".repeat(50_000) + "}", 0));
          return describe(text(d, "p.yaml", "inputs: [t1]\n" + GOOD_NODES), "--weights",
              d.resolve("w.safetensors").toString());
        });
    hostile("JSON pipeline with a trailing comma", 1, "voxtile: {dir}/p.json:1: trailing comma before ']': not JSON "
        + "(a .json pipeline must be strict JSON; a .yaml one may have it)",
        d -> describe(text(d, "p.json", "{\"inputs\": [\"t1\"], \"nodes\": [{\"name\": \"a1\", \"op\": \"relu\"},], "
            + "\"outputs\": [\"a1\"],}")));
    hostile("pipeline file larger than any pipeline", 1, "voxtile: {dir}/p.yaml: more than 4194304 bytes; a pipeline "
        + "file is a few kilobytes of YAML or JSON",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\n" + GOOD_NODES + "#".repeat(5 << 20))));
    hostile("out_channels meant to exhaust memory", 1, "voxtile: {dir}/p.yaml:3: node 'c1': conv3d weight (out_channels, "
        + "in_channels / groups, kernel_size) of shape [1000000000, 1, 3, 3, 3] has more than the 33554432 elements one "
        + "tensor may have",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: c1, op: conv3d, out_channels: 1000000000, "
            + "kernel_size: 3, init: {seed: 7}}\noutputs: [c1]\n")));
    hostile("gaussian sigma meant to exhaust memory", 1, "voxtile: {dir}/p.yaml:3: node 'g': the gaussian kernel (radius "
        + "truncate * sigma = 4.0 * [1.0E8, 1.0E8, 1.0E8]) of shape [800000001, 800000001, 800000001] has more than the "
        + "33554432 elements one tensor may have",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: g, op: conv3d, out_channels: 1, "
            + "init: {kernel: gaussian, sigma: 1.0e8}}\noutputs: [g]\n")));
    hostile("adaptive pool output meant to overflow", 1, "voxtile: {dir}/p.yaml:3: node 'p': adaptive_max_pool3d output "
        + "2000000000x2000000000x2000000000 x 1 channels is larger than the 70368744177664 voxels one map may have",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: p, op: adaptive_max_pool3d, "
            + "output_size: 2000000000}\noutputs: [p]\n")));
    hostile("transposed stride meant to overflow", 1, "voxtile: {dir}/p.yaml:3: node 'u': conv_transpose3d does not fit its "
        + "input 8x8x8 x 1 channels (for pipeline input 8x8x8): window too large: kernel 2x2x2 stride "
        + "1000000000x1000000000x1000000000 padding 0x0x0",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - {name: u, op: conv_transpose3d, out_channels: 1, "
            + "kernel_size: 2, stride: 1000000000, init: {seed: 1}}\noutputs: [u]\n")));
    hostile("prelu weight of the wrong size", 1, "voxtile: {dir}/p.yaml:4: node 'a1': num_parameters is 1 but "
        + "'a1.weight' in {dir}/w.safetensors has shape [5]; a prelu weight is (num_parameters,), and num_parameters is 1 "
        + "or the input's 2 channels",
        d -> {
          Safetensors.write(d.resolve("w.safetensors"), List.of(Tensor.of("a1.weight", new long[] {5}, new float[5])),
              Map.of());
          return describe(text(d, "p.yaml", "inputs: [t1]\n" + GOOD_NODES.replace("op: relu", "op: prelu")),
              "--weights", d.resolve("w.safetensors").toString());
        });
    hostile("clamp with min above max", 1, "voxtile: {dir}/p.yaml:4: node 'a1': min is 1.0 but max is -1.0: min must "
        + "not exceed max",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\n" + GOOD_NODES.replace("op: relu", "op: clamp, min: 1, max: -1"))));
    hostile("dropout p outside [0, 1]", 1, "voxtile: {dir}/p.yaml:4: node 'a1': p must be in [0, 1], got 2.0",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\n" + GOOD_NODES.replace("op: relu", "op: dropout3d, p: 2"))));
    hostile("misspelt key of a softmax head", 1, "voxtile: {dir}/p.yaml:4: node 'a1': unknown key 'dimm' for op softmax "
        + "(did you mean dim?)",
        d -> describe(text(d, "p.yaml", "inputs: [t1]\n" + GOOD_NODES.replace("op: relu", "op: softmax, dimm: 1"))));
    hostile("pipeline that is not UTF-8", 1, "voxtile: {dir}/p.yaml: not UTF-8 text",
        d -> describe(write(d, "p.yaml", new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'})));
  }

  // ------------------------------------------------------------------ command lines

  private void commandLineCases() {
    hostile("info without a file", 2, "voxtile info: no FILE given", d -> main("info"));
    hostile("info of a missing file", 1, "voxtile: {dir}/absent.nii: file not found: {dir}/absent.nii",
        d -> info(d.resolve("absent.nii")));
    hostile("convert a missing input", 1, "voxtile: {dir}/absent.nii.gz: file not found: {dir}/absent.nii.gz",
        d -> convert(d.resolve("absent.nii.gz"), d.resolve("out.nii")));
    hostile("convert with an unknown option", 2, "voxtile convert: unknown option --crpo (did you mean --crop?)",
        d -> main("convert", good(d).toString(), d.resolve("out.nii").toString(), "--crpo", "0,0,0,1,1,1"));
    hostile("convert --crop without its value", 2, "voxtile convert: --crop needs a value",
        d -> main("convert", good(d).toString(), d.resolve("out.nii").toString(), "--crop"));
    hostile("convert with a malformed --crop", 2, "voxtile convert: --crop: expected x0,y0,z0,x1,y1,z1 of whole "
        + "numbers with x0 <= x1, y0 <= y1, z0 <= z1, got '1,2,3'",
        d -> main("convert", good(d).toString(), d.resolve("out.nii").toString(), "--crop", "1,2,3"));
    hostile("convert --crop outside the volume", 1, "voxtile: {dir}/in.nii: crop [0, 9) x [0, 9) x [0, 9) is empty or "
        + "outside the volume [0, 5) x [0, 4) x [0, 3)",
        d -> main("convert", good(d).toString(), d.resolve("out.nii").toString(), "--crop", "0,0,0,9,9,9"));
    hostile("convert --datatype unknown", 2, "voxtile convert: --datatype: expected one of uint8, int16, int32, "
        + "float32, float64, int8, uint16, uint32, int64, uint64, got 'float16'",
        d -> main("convert", good(d).toString(), d.resolve("out.nii").toString(), "--datatype", "float16"));
    hostile("convert to an unsupported name", 2, "voxtile convert: OUT must end in .nii or .nii.gz: {dir}/out.mgz",
        d -> main("convert", good(d).toString(), d.resolve("out.mgz").toString()));
    hostile("convert OUT same as IN", 2, "voxtile convert: OUT is IN ({dir}/in.nii): write to another file",
        d -> main("convert", good(d).toString(), d.resolve("in.nii").toString(), "--overwrite"));
    hostile("convert OUT same as IN by another path", 2, "voxtile convert: OUT is IN ({dir}/./in.nii): write to another file",
        d -> main("convert", good(d).toString(), d.resolve("./in.nii").toString(), "--overwrite"));
    hostile("convert OUT a symbolic link to IN", 2, "voxtile convert: OUT is IN ({dir}/link.nii): write to another file",
        d -> {
          Path in = good(d);
          Files.createSymbolicLink(d.resolve("link.nii"), in);
          return main("convert", in.toString(), d.resolve("link.nii").toString(), "--overwrite");
        });
    hostile("convert onto an existing file without --overwrite", 1, "voxtile: {dir}/out.nii exists; pass --overwrite "
        + "to replace it",
        d -> {
          Path in = good(d);
          write(d, "out.nii", new byte[] {1, 2, 3});
          return main("convert", in.toString(), d.resolve("out.nii").toString());
        });
    hostile("convert into a missing directory", 1, "voxtile: {dir}/no/such/dir does not exist (the directory of OUT)",
        d -> main("convert", good(d).toString(), d.resolve("no/such/dir/out.nii").toString()));
    hostile("describe without --shape", 2, "voxtile describe: --shape X,Y,Z is required",
        d -> main("describe", "conf/unet.yaml"));
    hostile("describe with a 2D --shape", 2, "voxtile describe: --shape: expected X,Y,Z or XxYxZ of positive "
        + "whole numbers, got '80,96'",
        d -> main("describe", "conf/unet.yaml", "--shape", "80,96"));
    hostile("describe with a zero --shape", 2, "voxtile describe: --shape: expected X,Y,Z or XxYxZ of positive "
        + "whole numbers, got '0,96,80'",
        d -> main("describe", "conf/unet.yaml", "--shape", "0,96,80"));
    hostile("describe with a bad --tile", 2, "voxtile describe: --tile: expected auto, or X,Y,Z or XxYxZ of "
        + "positive whole numbers, got 'big'",
        d -> main("describe", "conf/unet.yaml", "--shape", "80,96,80", "--tile", "big"));
    hostile("describe with a bad --memory-per-task", 2, "voxtile describe: --memory-per-task: expected a size such as "
        + "512m, 2g, 2gib or bytes, got 'lots'",
        d -> main("describe", "conf/unet.yaml", "--shape", "80,96,80", "--memory-per-task", "lots"));
    hostile("describe --memory-per-task without its value", 2, "voxtile describe: --memory-per-task needs a value",
        d -> main("describe", "conf/unet.yaml", "--shape", "80,96,80", "--memory-per-task"));
    hostile("describe with an unknown option", 2, "voxtile describe: unknown option --shap (did you mean --shape?)",
        d -> main("describe", "conf/unet.yaml", "--shap", "80,96,80"));
    hostile("describe with a --shape no scan has", 2, "voxtile describe: --shape 100000x100000x100000 is more than the "
        + "1099511627776 voxels voxtile reads from one scan",
        d -> main("describe", "conf/unet.yaml", "--shape", "100000,100000,100000"));
    hostile("describe with a one-voxel --tile on a large scan", 1, "voxtile: tile 1x1x1 cuts output 'out' (2048x2048x2048) "
        + "into 1073741824 tiles, more than the 10000000 one plan may have; choose a larger tile",
        d -> main("describe", "conf/unet.yaml", "--shape", "2048,2048,2048", "--tile", "1,1,1"));
    hostile("describe with a --cluster of two numbers", 2, "voxtile describe: --cluster: expected "
        + "EXECUTORS,CORES_PER_EXECUTOR,MEMORY such as 100,8,32g, got '100,8'",
        d -> main("describe", "conf/unet.yaml", "--shape", "80,96,80", "--cluster", "100,8"));
    hostile("describe --output-format without --cluster", 2, "voxtile describe: --output-format changes only the "
        + "--cluster prediction: give --cluster too",
        d -> main("describe", "conf/unet.yaml", "--shape", "80,96,80", "--output-format", "zarr"));
    hostile("describe with executors too small for one task", 1, "voxtile: --cluster: an executor of 1.0 GiB holds no "
        + "task of --memory-per-task 512.0 MiB: each needs twice that, plus 300.0 MiB per executor",
        d -> main("describe", "conf/unet.yaml", "--shape", "80,96,80", "--cluster", "4,8,1g"));
    hostile("unknown command", 2, "voxtile: unknown command 'rnu'", d -> main("rnu", "conf/unet.yaml"));
  }

  // ------------------------------------------------------------------ run command lines

  static final String TWO_INPUTS = "inputs: [t1, t2]\n" + GOOD_NODES;

  /** Sliding-window mode: the {@code inference:} key (file and line), its flags (the flag), and run's checks. */
  private void windowCases() {
    String head = "inputs: [t1]\n" + GOOD_NODES + "inference: {mode: sliding_window, ";
    hostile("inference.roi_size not positive", 1, "voxtile: {dir}/p.yaml:6: inference.roi_size must be positive on "
        + "every axis, got 8x0x8", d -> describe(text(d, "p.yaml", head + "roi_size: [8, 0, 8]}\n")));
    hostile("inference.roi_size absurd", 1, "voxtile: {dir}/p.yaml:6: inference.roi_size 100000x100000x100000 is more "
        + "than 2147483639 voxels: a window is one task's whole image",
        d -> describe(text(d, "p.yaml", head + "roi_size: [100000, 100000, 100000]}\n")));
    hostile("inference.overlap of 1", 1, "voxtile: {dir}/p.yaml:6: inference.overlap must be at least 0 and below 1 "
        + "(MONAI's overlap), got 1.0", d -> describe(text(d, "p.yaml", head + "roi_size: 4, overlap: 1}\n")));
    hostile("inference.blend unknown", 1, "voxtile: {dir}/p.yaml:6: inference.blend must be constant or gaussian, got "
        + "'gauss' (MONAI's pre-0.9 Gaussian is not offered: docs/decisions.md §32)",
        d -> describe(text(d, "p.yaml", head + "roi_size: 4, blend: gauss}\n")));
    hostile("inference.padding other than constant", 1, "voxtile: {dir}/p.yaml:6: inference.padding must be constant, "
        + "got 'reflect' (MONAI's other padding modes are not supported: docs/decisions.md §32)",
        d -> describe(text(d, "p.yaml", head + "roi_size: 4, padding: reflect}\n")));
    hostile("inference.mode unknown", 1, "voxtile: {dir}/p.yaml:6: inference.mode must be whole or sliding_window, got "
        + "'patches'", d -> describe(text(d, "p.yaml", "inputs: [t1]\n" + GOOD_NODES + "inference: {mode: patches}\n")));
    String pipeline = "inputs: [t1]\n" + GOOD_NODES;
    hostile("--overlap of 1.5", 2, "voxtile describe: --overlap: expected a number at least 0 and below 1, got '1.5'",
        d -> describe(text(d, "p.yaml", pipeline), "--sliding-window", "--roi-size", "4,4,4", "--overlap", "1.5"));
    hostile("--blend unknown", 2, "voxtile describe: --blend: expected constant or gaussian, got 'box'",
        d -> describe(text(d, "p.yaml", pipeline), "--sliding-window", "--roi-size", "4,4,4", "--blend", "box"));
    hostile("--roi-size not positive", 2, "voxtile describe: --roi-size: expected X,Y,Z or XxYxZ of positive whole "
        + "numbers, got '0,4,4'", d -> describe(text(d, "p.yaml", pipeline), "--sliding-window", "--roi-size", "0,4,4"));
    hostile("--roi-size without --sliding-window", 1, "voxtile: --roi-size, --overlap, --blend and --sigma-scale set a "
        + "sliding window: give --sliding-window too (or inference: {mode: sliding_window} in the pipeline)",
        d -> describe(text(d, "p.yaml", pipeline), "--roi-size", "4,4,4"));
    hostile("run with a window larger than --memory-per-task", 1, "voxtile: scan 'scan': --roi-size: a 8x8x8 window "
        + "needs 8.0 KiB of live feature maps per task, more than --memory-per-task 1.0 KiB: give a smaller window "
        + "or a larger --memory-per-task",
        d -> run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "",
            "--sliding-window", "--roi-size", "8,8,8", "--memory-per-task", "1k"));
    hostile("run with an argmax output in sliding-window mode", 1, "voxtile: scan 'scan': {dir}/p.yaml: output "
        + "'labels' is an argmax: sliding windows blend probabilities or logits, so write its input 'a1' and take "
        + "the argmax of the blended map",
        d -> {
          text(d, "p.yaml", TWO_INPUTS.replace("outputs: [a1]\n", "  - {name: labels, op: argmax}\n"
              + "outputs: [{node: labels, datatype: uint8}]\n"));
          return run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "",
              "--sliding-window", "--roi-size", "4,4,4");
        });
    hostile("run with a grid-changing node in sliding-window mode", 1, "voxtile: scan 'scan': {dir}/p.yaml: node 'ras' "
        + "(reorient) changes the grid, which sliding windows do not: preprocess in a whole-volume job first, then run "
        + "the windows on its output",
        d -> {
          text(d, "p.yaml", "inputs: [t1, t2]\nnodes:\n  - {name: ras, op: reorient}\noutputs: [ras]\n");
          return run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "",
              "--sliding-window", "--roi-size", "4,4,4");
        });
    hostile("run with --tile in sliding-window mode", 1, "voxtile: scan 'scan': --tile sets whole-volume tiles; in "
        + "sliding-window mode the tasks are the windows (--roi-size)",
        d -> run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "",
            "--sliding-window", "--roi-size", "4,4,4", "--tile", "2,2,2"));
  }

  /**
   * {@code voxtile run} mistakes: all are found from headers before Spark starts, so each case
   * takes milliseconds and leaves the directory as it was (not even an empty output directory).
   */
  private void runCases() {
    hostile("run with a missing input file", 1, "voxtile: {dir}/absent.nii: file not found: {dir}/absent.nii",
        d -> run(d, "--input", "t1=" + good(d), "--input", "t2=" + d.resolve("absent.nii"), "--output", d.resolve("out") + ""));
    hostile("run with an input the pipeline does not name", 1, "voxtile: scan 'scan': the pipeline {dir}/p.yaml has inputs "
        + "[t1, t2] but the scan gives [t1, t3]",
        d -> run(d, "--input", "t1=" + good(d), "--input", "t3=" + good(d), "--output", d.resolve("out") + ""));
    hostile("run without one of the pipeline's inputs", 1, "voxtile: scan 'scan': the pipeline {dir}/p.yaml has inputs "
        + "[t1, t2] but the scan gives [t1]",
        d -> run(d, "--input", "t1=" + good(d), "--output", d.resolve("out") + ""));
    hostile("run with channels whose dims disagree", 1, "voxtile: {dir}/t2.nii: input 't2' has dims 5x4x30 but input 't1' "
        + "({dir}/t1.nii) has 5x4x3; all inputs must share one voxel grid",
        d -> {
          copy(FIXTURES.resolve("multi_t1.nii"), d.resolve("t1.nii"));
          write(d, "t2.nii", Arrays.copyOf(edit(Files.readAllBytes(FIXTURES.resolve("multi_t2.nii")),
              ByteOrder.LITTLE_ENDIAN, b -> b.putShort(N1_DIM + 6, (short) 30)), 352 + 5 * 4 * 30 * 2));
          return run(d, "--input", "t1=" + d.resolve("t1.nii"), "--input", "t2=" + d.resolve("t2.nii"),
              "--output", d.resolve("out") + "");
        });
    hostile("run with channels whose affines disagree", 1, "voxtile: {dir}/t2.nii: input 't2' has affine [[-0.9396926164627075, …",
        d -> {
          copy(FIXTURES.resolve("multi_t1.nii"), d.resolve("t1.nii"));
          copy(FIXTURES.resolve("multi_other_grid.nii"), d.resolve("t2.nii"));
          return run(d, "--input", "t1=" + d.resolve("t1.nii"), "--input", "t2=" + d.resolve("t2.nii"),
              "--output", d.resolve("out") + "");
        });
    hostile("run with the output directory holding the inputs", 1, "voxtile: output directory {dir}/data holds the input "
        + "{dir}/data/in.nii (scan 'scan'); outputs written there could replace inputs: choose a directory outside "
        + "the inputs' folders",
        d -> {
          Path in = good(Files.createDirectories(d.resolve("data")));
          return run(d, "--input", "t1=" + in, "--input", "t2=" + in, "--output", d.resolve("data") + "", "--overwrite");
        });
    hostile("run with the output directory above an input", 1, "voxtile: output directory {dir} holds the input "
        + "{dir}/s1/in.nii (scan 'scan'); outputs written there could replace inputs: choose a directory outside "
        + "the inputs' folders",
        d -> {
          Path in = good(Files.createDirectories(d.resolve("s1")));
          return run(d, "--input", "t1=" + in, "--input", "t2=" + in, "--output", d + "", "--overwrite");
        });
    hostile("run with the output directory reached through a symbolic link to the inputs", 1, "voxtile: output directory "
        + "{dir}/link holds the input {dir}/data/in.nii (scan 'scan'); outputs written there could replace inputs: "
        + "choose a directory outside the inputs' folders",
        d -> {
          Path in = good(Files.createDirectories(d.resolve("data")));
          Files.createSymbolicLink(d.resolve("link"), d.resolve("data"));
          return run(d, "--input", "t1=" + in, "--input", "t2=" + in, "--output", d.resolve("link") + "", "--overwrite");
        });
    hostile("run with an output that is a file", 1, "voxtile: output {dir}/out exists and is not a directory",
        d -> {
          write(d, "out", new byte[] {1});
          return run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "");
        });
    hostile("run into a non-empty output without --overwrite", 1, "voxtile: output directory {dir}/out is not empty; "
        + "pass --overwrite to write into it (--resume to continue a batch)",
        d -> {
          write(Files.createDirectories(d.resolve("out")), "old.nii.gz", new byte[] {1});
          return run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "");
        });
    hostile("run with a manifest scan id holding a path separator", 1, "voxtile: {dir}/scans.csv: line 2: scan_id: scan id 'sub/../../x' cannot name a directory: use 1 to 128 "
        + "letters, digits, _ . - starting with a letter or digit (no '/', no '..')",
        d -> {
          good(d);
          return run(d, "--manifest", text(d, "scans.csv", "scan_id,t1,t2\nsub/../../x,in.nii,in.nii\n") + "",
              "--output", d.resolve("out") + "");
        });
    hostile("run with a manifest scan id '..'", 1, "voxtile: {dir}/scans.csv: line 2: scan_id: scan id '..' cannot name a directory: use 1 to 128 letters, "
        + "digits, _ . - starting with a letter or digit (no '/', no '..')",
        d -> {
          good(d);
          return run(d, "--manifest", text(d, "scans.csv", "scan_id,t1,t2\n..,in.nii,in.nii\n") + "",
              "--output", d.resolve("out") + "");
        });
    hostile("run with a manifest naming a missing file", 1, "voxtile: {dir}/gone.nii: file not found: {dir}/gone.nii",
        d -> {
          good(d);
          return run(d, "--manifest", text(d, "scans.csv", "scan_id,t1,t2\ns1,in.nii,gone.nii\n") + "",
              "--output", d.resolve("out") + "");
        });
    hostile("run with a manifest without an input's column", 1, "voxtile: scan 's1': the pipeline {dir}/p.yaml has inputs [t1, t2] but the "
        + "scan gives [t1]",
        d -> {
          good(d);
          return run(d, "--manifest", text(d, "scans.csv", "scan_id,t1\ns1,in.nii\n") + "",
              "--output", d.resolve("out") + "");
        });
    hostile("run with a semicolon-separated manifest", 1, "voxtile: {dir}/scans.csv: the header 'scan_id;t1;t2' looks "
        + "semicolon-separated, but a .csv manifest is comma-separated (RFC 4180); save it with commas, or as .tsv "
        + "with tabs",
        d -> {
          good(d);
          return run(d, "--manifest", text(d, "scans.csv", "scan_id;t1;t2\ns1;in.nii;in.nii\n") + "",
              "--output", d.resolve("out") + "");
        });
    hostile("run with a manifest path holding an unquoted comma", 1, "voxtile: {dir}/scans.csv: line 3 has 4 fields, the "
        + "header 3 (a path holding a comma must be quoted: \"/data/a,b/t1.nii\")",
        d -> {
          good(d);
          return run(d, "--manifest", text(d, "scans.csv", "scan_id,t1,t2\ns1,in.nii,in.nii\ns2,a,b.nii,in.nii\n")
              + "", "--output", d.resolve("out") + "");
        });
    hostile("run with a manifest repeating a scan id", 1, "voxtile: {dir}/scans.csv: scan id 'S1' on line 4 repeats line 2 "
        + "(ids are compared ignoring case); each scan needs its own directory",
        d -> {
          good(d);
          return run(d, "--manifest", text(d, "scans.csv", "scan_id,t1,t2\ns1,in.nii,in.nii\n# a comment\nS1,in.nii,"
              + "in.nii\n") + "", "--output", d.resolve("out") + "");
        });
    hostile("run with a BIDS participant label that is not in the dataset", 1, "voxtile: {dir}/bids: no participant [03] in "
        + "the dataset; it has [01, 02]",
        d -> {
          for (String sub : List.of("01", "02")) {
            Path anat = Files.createDirectories(d.resolve("bids/sub-" + sub + "/anat"));
            write(anat, "sub-" + sub + "_T1w.nii", good());
            write(anat, "sub-" + sub + "_T2w.nii", good());
          }
          return run(d, "--bids", d.resolve("bids") + "", "--participant_label", "sub-01", "03", "--output",
              d.resolve("out") + "");
        });
    hostile("run --participant-label without --bids", 2, "voxtile run: --participant-label and --session-label select from "
        + "a BIDS dataset: give --bids DIR",
        d -> run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--participant-label", "01",
            "--output", d.resolve("out") + ""));
    hostile("run with a BIDS dataset where nothing matches", 1, "voxtile: {dir}/bids: no BIDS scan has every input [t1, t2] (suffixes "
        + "[T1w, T2w] under sub-*/[ses-*/]anat/)",
        d -> {
          Path anat = Files.createDirectories(d.resolve("bids/sub-01/anat"));
          write(anat, "sub-01_FLAIR.nii", good());
          return run(d, "--bids", d.resolve("bids") + "", "--output", d.resolve("out") + "");
        });
    hostile("run with a pipeline whose weights are missing", 1, "voxtile: {dir}/p.yaml:3: node 'c1': no weights: tensor 'c1.weight' needs "
        + "a weights file (weights: in the pipeline or --weights), or give the node init: {seed: N} or a built-in kernel",
        d -> {
          text(d, "p.yaml", "inputs: [t1, t2]\nnodes:\n  - {name: c1, op: conv3d, out_channels: 2, kernel_size: 3, "
              + "padding: 1}\noutputs: [c1]\n");
          return main("run", d.resolve("p.yaml") + "", "--input", "t1=" + good(d), "--input", "t2=" + good(d),
              "--output", d.resolve("out") + "");
        });
    hostile("run with a --weights file that does not exist", 1, "voxtile: {dir}/w.safetensors: no such file",
        d -> run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "",
            "--weights", d.resolve("w.safetensors") + ""));
    hostile("run with a --tile beyond any scan", 2, "voxtile run: --tile: expected auto, or X,Y,Z or XxYxZ of positive "
        + "whole numbers, got '99999999999999999999,1,1'",
        d -> run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "",
            "--tile", "99999999999999999999,1,1"));
    hostile("run with a --tile cutting too many tiles", 1, "voxtile: tile 1x1x1 cuts output 'a1' (1024x1024x512) into 536870912 tiles, "
        + "more than the 10000000 one plan may have; choose a larger tile",
        d -> {
          Path big = write(d, "big.nii.gz", gzip(edit1(b -> {
            b.putShort(N1_DIM + 2, (short) 1024);
            b.putShort(N1_DIM + 4, (short) 1024);
            b.putShort(N1_DIM + 6, (short) 512);
          })));
          return run(d, "--input", "t1=" + big, "--input", "t2=" + big, "--output", d.resolve("out") + "",
              "--tile", "1,1,1");
        });
    hostile("run with a zero --tile", 2, "voxtile run: --tile: expected auto, or X,Y,Z or XxYxZ of positive "
        + "whole numbers, got '0,4,4'",
        d -> run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "",
            "--tile", "0,4,4"));
    hostile("run with a bad --memory-per-task", 2, "voxtile run: --memory-per-task: expected a size such as 512m, 2g, "
        + "2gib or bytes, got 'lots'",
        d -> run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "",
            "--memory-per-task", "lots"));
    hostile("run with an unknown option", 2, "voxtile run: unknown option --overwirte (did you mean --overwrite?)",
        d -> run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "",
            "--overwirte"));
    hostile("run --resume of a single scan", 2, "voxtile run: --resume continues a batch (--manifest or --bids); rerun "
        + "a single scan with --overwrite",
        d -> run(d, "--input", "t1=" + good(d), "--input", "t2=" + good(d), "--output", d.resolve("out") + "", "--resume"));
    hostile("run --resume over a done marker without a fingerprint", 1, "voxtile: scan 's1': {dir}/out/s1/_SUCCESS holds "
        + "no fingerprint (written by an older voxtile), so --resume cannot tell whether it matches; rerun with "
        + "--overwrite instead",
        d -> {
          good(d);
          write(Files.createDirectories(d.resolve("out/s1")), "_SUCCESS", new byte[0]);
          return run(d, "--manifest", text(d, "scans.csv", "scan_id,t1,t2\ns1,in.nii,in.nii\n") + "",
              "--output", d.resolve("out") + "", "--resume");
        });
  }

  /** {@code voxtile run p.yaml ARGS} with a two-input pipeline {@code p.yaml} in the case's directory. */
  private Result run(Path dir, String... args) throws IOException {
    Path pipeline = dir.resolve("p.yaml");
    if (!Files.exists(pipeline)) {
      text(dir, "p.yaml", TWO_INPUTS);
    }
    List<String> all = new ArrayList<>(List.of("run", pipeline.toString()));
    all.addAll(List.of(args));
    all.addAll(List.of("--master", "local[1]"));
    return main(all.toArray(String[]::new));
  }

  /**
   * A .nii.gz whose header is fine but whose data stream is cut: the driver's checks pass (they
   * read headers only), the tasks fail. One line names the scan and the file; the output directory
   * the run created is gone again, so nothing looks finished.
   */
  @Test
  void runWithACorruptCompressedInputFailsWhileDecodingAndLeavesNoOutput() throws IOException {
    byte[] whole = Files.readAllBytes(Path.of("data-samples/phantom_t1.nii.gz"));
    Path cut = write(root, "cut.nii.gz", Arrays.copyOf(whole, whole.length * 3 / 5));
    Path good = Path.of("data-samples/phantom_t2.nii.gz");
    Path out = root.resolve("out");
    Result r = MainTest.run("run", "conf/edge-features.yaml", "--input", "t1=" + cut, "--input", "t2=" + good,
        "--output", out.toString(), "--master", "local[2]", "--tile", "80,96,40");
    assertEquals(1, r.status(), r.err());
    List<String> lines = r.err().lines().filter(l -> l.startsWith("voxtile")).toList();
    // two tiles: the driver decodes the .nii.gz once for both (InputIngest), and finds the damage
    assertEquals(List.of("voxtile: scan 'scan' failed decoding its inputs: " + cut
        + ": truncated gzip stream in the data"), lines);
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    assertFalse(Files.exists(out), "the output directory the run made is removed again");
  }

  /**
   * A Zarr chunk file of the wrong size is found by the task that reads it (the driver reads only
   * metadata): the run fails naming the array and the chunk's key, and leaves no output.
   */
  @Test
  void runWithAZarrChunkOfTheWrongSizeFailsNamingTheArrayAndKeyAndLeavesNoOutput() throws IOException {
    Path zarr = ZarrHostileCases.edited(root, "plain_u1_raw.zarr", ".zarray", "\"order\"", "\"order\"");
    write(zarr, "0.1.0", new byte[5]);
    text(root, "p.yaml", "inputs: [t1]\n" + GOOD_NODES);
    Path out = root.resolve("out");
    Result r = MainTest.run("run", root.resolve("p.yaml").toString(), "--input", "t1=" + zarr,
        "--output", out.toString(), "--master", "local[1]");
    assertEquals(1, r.status(), r.err());
    List<String> lines = r.err().lines().filter(l -> l.startsWith("voxtile")).toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).contains(zarr + ": chunk '0.1.0': 5 bytes, expected 32"), lines.get(0));
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(out), "the output directory the run made is removed again");
  }

  // ------------------------------------------------------------------ hostile, but readable

  @Test
  void gzipBombIsReadOnlyToItsDeclaredSize() throws IOException {
    // 472 bytes declared, then 256 MiB of zeros in 250 KB of gzip: convert stops at 472 bytes.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(good());
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 256; i++) {
        gz.write(zeros);
      }
    }
    Path bomb = write(root, "bomb.nii.gz", out.toByteArray());
    for (String name : List.of("plain.nii", "again.nii.gz")) {
      Path target = root.resolve(name);
      Result r = assertTimeoutPreemptively(Duration.ofSeconds(SECONDS),
          () -> MainTest.run("convert", bomb.toString(), target.toString()));
      assertEquals(0, r.status(), r.err());
      try (NiftiReader a = NiftiReader.open(FIXTURES.resolve("n1_le_int16.nii")); NiftiReader b = NiftiReader.open(target)) {
        assertArrayEquals(a.readAll().data(), b.readAll().data(), name);
      }
    }
    assertArrayEquals(good(), Files.readAllBytes(root.resolve("plain.nii")), "the streamed copy is the declared bytes");
  }

  /**
   * NaN and infinities are values, not damage: voxtile computes as PyTorch does, so they propagate
   * (convert keeps their bits, info reads the header) rather than being rejected or zeroed.
   */
  @Test
  void nanAndInfinityVoxelsPropagate() throws IOException {
    Path in = FIXTURES.resolve("special_float32.nii");
    assertEquals(0, MainTest.run("info", in.toString()).status());
    for (String name : List.of("copy.nii", "copy.nii.gz")) {
      Path out = root.resolve(name);
      Result r = MainTest.run("convert", in.toString(), out.toString(), "--crop", "0,0,0,5,4,3");
      assertEquals(0, r.status(), r.err());
      try (NiftiReader a = NiftiReader.open(in); NiftiReader b = NiftiReader.open(out)) {
        float[] expected = a.readAll().data();
        float[] actual = b.readAll().data();
        assertTrue(IntStream.range(0, expected.length).anyMatch(i -> Float.isNaN(expected[i]))
            && IntStream.range(0, expected.length).anyMatch(i -> Float.isInfinite(expected[i])), "the fixture has both");
        for (int i = 0; i < expected.length; i++) {
          assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), name + " voxel " + i);
        }
      }
    }
  }

  @Test
  void overwriteReplacesAnExistingOutputOnlyWhenTheNewOneIsComplete() throws IOException {
    Path in = write(root, "in.nii", good());
    Path out = write(root, "out.nii", new byte[] {1, 2, 3});
    assertEquals(1, MainTest.run("convert", in.toString(), out.toString()).status());
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out), "untouched without --overwrite");
    Path broken = write(root, "broken.nii", Arrays.copyOf(good(), 400));
    assertEquals(1, MainTest.run("convert", broken.toString(), out.toString(), "--overwrite").status());
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(out), "a failed conversion replaces nothing");
    assertEquals(0, MainTest.run("convert", in.toString(), out.toString(), "--overwrite").status());
    try (NiftiReader a = NiftiReader.open(in); NiftiReader b = NiftiReader.open(out)) {
      assertArrayEquals(a.readAll().data(), b.readAll().data());
    }
    assertEquals(List.of("", "broken.nii", "in.nii", "out.nii"), listing(root), "no temporary file left");
  }

  @Test
  void infoReportsEachUnreadableFileAndStillShowsTheOthers() throws IOException {
    Path directory = Files.createDirectory(root.resolve("scan.nii"));
    Path broken = write(root, "broken.nii", Arrays.copyOf(good(), 100));
    Path fine = write(root, "fine.nii", good());
    Result r = MainTest.run("info", directory.toString(), broken.toString(), fine.toString());
    assertEquals(1, r.status());
    assertEquals(List.of("voxtile: cannot read " + directory + ": Is a directory",
        "voxtile: " + broken + ": truncated header: 100 bytes, expected 348"), r.err().lines().toList());
    assertTrue(r.out().startsWith(fine + "\n") && r.out().contains("int16"), r.out());
  }

  @Test
  void infoShowsControlCharactersOfTheDescriptionEscaped() throws IOException {
    Path in = write(root, "ansi.nii", edit1(b -> b.put(148, "\u001b[2Jgone\u0007".getBytes(StandardCharsets.ISO_8859_1))));
    Result r = MainTest.run("info", in.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("description    \\x1b[2Jgone\\x07"), r.out());
    assertFalse(r.out().contains("\u001b") || r.out().contains("\u0007"), r.out());
  }

  // ------------------------------------------------------------------ helpers

  /** The case being run, and its directory's listing taken after setup, just before the command. */
  private volatile Path current;
  private volatile List<String> before;

  private List<String> snapshotBefore(Path dir) {
    assertEquals(current, dir);
    return before;
  }

  private static List<String> listing(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(p -> dir.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the command line after recording what the case's directory holds. */
  private Result main(String... args) {
    before = listing(current);
    return MainTest.run(args);
  }

  private Result info(Path file) {
    return main("info", file.toString());
  }

  private Result convert(Path in, Path out) {
    return main("convert", in.toString(), out.toString());
  }

  private Result describe(Path pipeline, String... more) {
    String[] args = new String[3 + more.length + 2];
    args[0] = "describe";
    args[1] = pipeline.toString();
    args[2] = "--shape";
    args[3] = "8,8,8";
    args[4] = "--json";
    System.arraycopy(more, 0, args, 5, more.length);
    return main(args);
  }

  /** What a command binding named inputs does: open them as one scan, report as Main would. */
  private Result channels(Path t1, Path t2) {
    before = listing(current);
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("t1", t1);
    inputs.put("t2", t2);
    try (MultiChannelSource scan = MultiChannelSource.open(inputs)) {
      return new Result(0, "", "");
    } catch (VoxtileException e) {
      return new Result(1, "", "voxtile: " + e.getMessage().replace('\n', ' ') + "\n");
    }
  }

  static byte[] good() {
    try {
      return Files.readAllBytes(FIXTURES.resolve("n1_le_int16.nii"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path good(Path dir) throws IOException {
    return write(dir, "in.nii", good());
  }

  static byte[] edit(byte[] bytes, ByteOrder order, Consumer<ByteBuffer> edit) {
    byte[] copy = bytes.clone();
    edit.accept(ByteBuffer.wrap(copy).order(order));
    return copy;
  }

  static byte[] edit1(Consumer<ByteBuffer> edit) {
    return edit(good(), ByteOrder.LITTLE_ENDIAN, edit);
  }

  static byte[] edit2(Consumer<ByteBuffer> edit) {
    try {
      return edit(Files.readAllBytes(FIXTURES.resolve("n2_le_int16.nii")), ByteOrder.LITTLE_ENDIAN, edit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A safetensors file with this header JSON and a data buffer of {@code dataBytes} zeros. */
  static byte[] safetensors(String json, int dataBytes) {
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header);
    return b.array();
  }

  static Path write(Path dir, String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  static Path text(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  static Path copy(Path from, Path to) throws IOException {
    return Files.copy(from, to);
  }
}
