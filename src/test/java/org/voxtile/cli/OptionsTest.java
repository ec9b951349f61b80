package org.voxtile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiDataType;
import org.voxtile.nifti.NiftiReader;

/** The option layer every command shares: parsing, values, messages and usage. */
class OptionsTest {
  static final Options OPTIONS = new Options("demo", "FILE... [--tile X,Y,Z|auto] [--json]")
      .operands("FILE", "files")
      .option("--tile", "X,Y,Z|auto", "the tile")
      .option("--memory-per-task", "SIZE", "a budget")
      .repeatable("--input", "NAME=FILE", "an input")
      .flag("--json", "JSON");

  @TempDir Path dir;

  private static String error(String... args) {
    return assertThrows(UsageException.class, () -> OPTIONS.parse(List.of(args))).getMessage();
  }

  @Test
  void valuesFollowTheOptionOrAnEqualsSign() {
    Options.Parsed a = OPTIONS.parse(List.of("f1", "--tile", "8x8x4", "--memory-per-task=2gib", "f2", "--json",
        "--input", "t1=A", "--input=t2=B=C", "--", "--f3"));
    assertEquals(List.of("f1", "f2", "--f3"), a.operands(), "-- ends the options");
    assertEquals(Optional.of(Extent.of(8, 8, 4)), a.get("--tile", OptionValue.TILE, Optional.empty()));
    assertEquals(2L << 30, a.get("--memory-per-task", OptionValue.SIZE, 0L));
    assertTrue(a.has("--json"));
    assertEquals(List.of(Map.entry("t1", "A"), Map.entry("t2", "B=C")), a.all("--input", OptionValue.NAMED));
    Options.Parsed none = OPTIONS.parse(List.of("f"));
    assertEquals(Optional.empty(), none.get("--tile", OptionValue.TILE, Optional.empty()));
    assertEquals(List.of(), none.all("--input", OptionValue.NAMED));
  }

  @Test
  void errorsNameTheOptionAndTheValue() {
    assertEquals("unknown option --tiel (did you mean --tile?)", error("f", "--tiel", "8"));
    assertEquals("unknown option --jsno (did you mean --json?)", error("f", "--jsno=1"));
    assertEquals("unknown option --colour", error("f", "--colour"));
    assertEquals("--tile needs a value", error("f", "--tile"));
    assertEquals("--tile given twice", error("f", "--tile", "8", "--tile=9"));
    assertEquals("--json takes no value: '--json=yes'", error("f", "--json=yes"));
    assertEquals("no FILE given", error("--json"));
    assertEquals("--tile: expected auto, or X,Y,Z or XxYxZ of positive whole numbers, got '0,4,4'", assertThrows(UsageException.class, () -> OPTIONS.parse(List.of("f", "--tile", "0,4,4"))
        .get("--tile", OptionValue.TILE)).getMessage());
    UsageException e = assertThrows(UsageException.class, () -> OPTIONS.parse(List.of("f", "--input", "t1"))
        .all("--input", OptionValue.NAMED));
    assertEquals("--input: expected NAME=FILE, got 't1'", e.getMessage());
    assertEquals("unexpected argument 'c'", assertThrows(UsageException.class,
        () -> new Options("x", "A B").operand("A", "a").operand("B", "b").parse(List.of("a", "b", "c"))).getMessage());
  }

  @Test
  void valueTypes() {
    assertEquals(Extent.of(28, 36, 20), OptionValue.TRIPLE.parse("--shape", "28x36x20"));
    assertEquals(Extent.of(28, 36, 20), OptionValue.TRIPLE.parse("--shape", "28, 36, 20"));
    assertEquals(Extent.cube(48), OptionValue.TRIPLE.parse("--shape", "48"));
    for (String bad : List.of("80,96", "0,1,1", "-1,2,2", "a,b,c", "1,2,3,4", "99999999999999999999,1,1", "")) {
      assertThrows(UsageException.class, () -> OptionValue.TRIPLE.parse("--shape", bad), bad);
    }
    assertEquals(1000L, OptionValue.SIZE.parse("--m", "1000"));
    assertEquals(1L << 40, OptionValue.SIZE.parse("--m", "1t"));
    assertThrows(UsageException.class, () -> OptionValue.SIZE.parse("--m", "99999999999g"));
    assertEquals(Box.of(1, 2, 0, 4, 4, 2), OptionValue.BOX.parse("--crop", "1,2,0,4,4,2"));
    assertThrows(UsageException.class, () -> OptionValue.BOX.parse("--crop", "4,2,0,1,4,2"));
    assertEquals(NiftiDataType.FLOAT32, OptionValue.DATATYPE.parse("--datatype", "FLOAT32"));
    assertEquals(3, OptionValue.COUNT.parse("--cores", "3"));
    assertThrows(UsageException.class, () -> OptionValue.COUNT.parse("--cores", "0"));
    assertThrows(UsageException.class, () -> OptionValue.POSITIVE.parse("--spacing", "NaN"));
  }

  @Test
  void everyCommandUsesTheSameUsageLayout() {
    for (String command : List.of("info", "convert", "phantom", "describe", "run")) {
      MainTest.Result r = MainTest.run(command, "--help");
      assertEquals(0, r.status(), command);
      List<String> lines = r.out().lines().toList();
      assertTrue(lines.get(0).startsWith("usage: voxtile " + command + " "), r.out());
      assertTrue(lines.get(lines.size() - 1).contains("--opt=VALUE"), r.out());
      int column = -1;
      for (String line : lines.subList(1, lines.size() - 1)) {
        assertTrue(line.length() <= 100, line);
        if (!line.startsWith("   ")) { // an entry, not a continuation line
          int gap = line.indexOf("  ", 2);
          int help = gap + line.substring(gap).indexOf(line.substring(gap).strip());
          assertTrue(column < 0 || column == help, "one help column per command: " + r.out());
          column = help;
        }
      }
      MainTest.Result bad = MainTest.run(command, "x", "--bogus");
      assertEquals(2, bad.status());
      assertTrue(bad.err().startsWith("voxtile " + command + ": unknown option --bogus\nusage: voxtile " + command),
          bad.err());
    }
  }

  @Test
  void everyCommandTakesOptEqualsValue() throws Exception {
    Path in = Path.of("src/test/resources/golden/nifti/read/channels_4d_int16.nii");
    assertEquals(0, MainTest.run("phantom", dir.toString(), "--shape=8x8x8", "--spacing=2", "--seed=7").status());
    assertTrue(Files.exists(dir.resolve("phantom_t1.nii.gz")));
    Path out = dir.resolve("crop.nii");
    MainTest.Result c = MainTest.run("convert", in.toString(), out.toString(), "--crop=1,2,0,4,4,2",
        "--datatype=float32");
    assertEquals(0, c.status(), c.err());
    try (NiftiReader r = NiftiReader.open(out)) {
      assertEquals(NiftiDataType.FLOAT32, r.header().datatype());
      assertEquals(Extent.of(3, 2, 2), r.box().extent());
    }
    assertEquals(0, MainTest.run("describe", "conf/unet.yaml", "--shape=8,8,8", "--tile=8x8x8", "--cores=1")
        .status());
    MainTest.Result info = MainTest.run("info", "--json", in.toString());
    assertEquals(0, info.status(), info.err());
    assertEquals(2, MainTest.run("info", "--json=yes", in.toString()).status(), "a flag takes no value");
    MainTest.Result run = MainTest.run("run", dir.resolve("none.yaml").toString(), "--input=t1=" + in,
        "--output=" + dir.resolve("o"), "--scan-id=s", "--master=local[1]");
    assertEquals(1, run.status(), run.err());
    assertTrue(run.err().contains("none.yaml"), "the command line was read: " + run.err());
  }
}
