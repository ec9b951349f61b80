package org.voxtile.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiDataType;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.nifti.NiftiWriter;
import org.voxtile.volume.Phantom;
import org.voxtile.volume.Volume;

/**
 * {@code voxtile phantom DIR [--shape X,Y,Z] [--spacing MM] [--seed N]}: writes the synthetic
 * two-channel head ({@link Phantom}) as {@code DIR/phantom_t1.nii.gz} and
 * {@code DIR/phantom_t2.nii.gz}, int16 like a scanner's files. {@code data-samples/} is made with
 * the defaults.
 */
final class PhantomCommand implements Command {
  static final Extent DEFAULT_SHAPE = Extent.of(80, 96, 80);
  static final double DEFAULT_SPACING = 2.4;
  static final long DEFAULT_SEED = 2026;

  @Override
  public String name() {
    return "phantom";
  }

  @Override
  public String summary() {
    return "write the synthetic two-channel (T1, T2) sample head";
  }

  private static final Options OPTIONS = new Options("phantom", "DIR [--shape X,Y,Z] [--spacing MM] [--seed N]")
      .operand("DIR", "writes DIR/phantom_t1.nii.gz and DIR/phantom_t2.nii.gz (int16, RAS, origin at the centre)")
      .option("--shape", "X,Y,Z", "voxels (default " + DescriptionFormat.triple(DEFAULT_SHAPE) + ")")
      .option("--spacing", "MM", "isotropic voxel size in mm (default " + DEFAULT_SPACING + ")")
      .option("--seed", "N", "noise seed (default " + DEFAULT_SEED + ")");

  @Override
  public Options options() {
    return OPTIONS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Options.Parsed a = OPTIONS.parse(args);
    Extent shape = a.get("--shape", OptionValue.TRIPLE, DEFAULT_SHAPE);
    double spacing = a.get("--spacing", OptionValue.POSITIVE, DEFAULT_SPACING);
    long seed = a.get("--seed", OptionValue.WHOLE, DEFAULT_SEED);
    Path dir = Path.of(a.operand(0));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Volume head = Phantom.head(shape, spacing, seed);
    // whole numbers within int16's range: the writer stores them unscaled
    NiftiWriteOptions options = NiftiWriteOptions.DEFAULTS.withDatatype(NiftiDataType.INT16);
    String[] names = {"phantom_t1", "phantom_t2"};
    for (int c = 0; c < names.length; c++) {
      Path file = dir.resolve(names[c] + ".nii.gz");
      NiftiWriter.write(file, head.channels(c, 1),
          options.withDescrip("voxtile phantom " + (c == 0 ? "T1" : "T2") + " seed " + seed));
      out.println("wrote " + file);
    }
    return 0;
  }
}
