package org.voxtile.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.nifti.InvalidNiftiException;
import org.voxtile.nifti.NiftiDataType;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.nifti.NiftiWriter;
import org.voxtile.nifti.ReadLimits;

/**
 * {@code voxtile convert IN OUT [--crop x0,y0,z0,x1,y1,z1] [--datatype T] [--nifti2] [--overwrite]}: re-encodes
 * a NIfTI file, e.g. {@code .nii.gz} to {@code .nii} for ranged reads. The output keeps the
 * input's datatype, scaling, byte order, xform codes and description unless told otherwise; a
 * crop is a half-open voxel box whose voxel (0,0,0) is input voxel (x0,y0,z0), the affine moved to
 * match. Slabs are streamed, so memory stays bounded for uncompressed inputs; a plain
 * {@code .nii.gz -> .nii} (no crop, no new datatype) is a streamed byte copy of any size. OUT is
 * written to a hidden temporary file next to it and renamed when complete, so a failure leaves
 * nothing; an existing OUT is replaced only with {@code --overwrite}, and OUT may never be IN.
 */
final class ConvertCommand implements Command {
  /** Floats held per slab while converting (64 Mi floats = 256 MiB). */
  static final long SLAB_VOXELS = 1L << 26;

  @Override
  public String name() {
    return "convert";
  }

  @Override
  public String summary() {
    return "re-encode a NIfTI file (e.g. .nii.gz -> .nii for ranged reads), optionally cropped";
  }

  private static final Options OPTIONS = new Options("convert",
      "IN OUT [--crop x0,y0,z0,x1,y1,z1] [--datatype TYPE] [--nifti2] [--overwrite]")
      .operand("IN", ".nii, .nii.gz or .hdr/.img (gzipped or not)")
      .operand("OUT", ".nii or .nii.gz")
      .option("--crop", "x0,y0,z0,x1,y1,z1", "keep voxels x0 <= x < x1, y0 <= y < y1, z0 <= z < z1 (the affine follows)")
      .option("--datatype", "TYPE", "uint8, int8, int16, uint16, int32, uint32, int64, uint64, float32, float64 "
          + "(default: the input's; integer types get scl_slope/inter from the data range)")
      .flag("--nifti2", "write NIfTI-2 (default NIfTI-1 unless a dimension exceeds 32767)")
      .flag("--overwrite", "replace OUT if it exists (it is never IN); OUT appears only once complete");

  @Override
  public Options options() {
    return OPTIONS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Options.Parsed a = OPTIONS.parse(args);
    NiftiDataType type = a.get("--datatype", OptionValue.DATATYPE).orElse(null);
    Box cropBox = a.get("--crop", OptionValue.BOX).orElse(null);
    boolean nifti2 = a.has("--nifti2");
    Path in = Path.of(a.operand(0));
    Path target = Path.of(a.operand(1));
    String lower = target.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (!lower.endsWith(".nii") && !lower.endsWith(".nii.gz")) {
      throw new UsageException("OUT must end in .nii or .nii.gz: " + target);
    }
    checkTarget(in, target, a.has("--overwrite"));
    try (NiftiReader reader = NiftiReader.open(in)) {
      if (cropBox == null && type == null && !nifti2 && lower.endsWith(".nii")
          && reader.isCompressed() && reader.header().singleFile()) {
        // Nothing to re-encode: a streamed byte copy, any size, header and extensions unchanged.
        NiftiReader.decompress(in, target, ReadLimits.DEFAULT);
        out.println("wrote " + target + " (decompressed)");
        return 0;
      }
      Box region = cropBox == null ? reader.box() : cropBox;
      if (!reader.box().contains(region) || region.isEmpty()) {
        throw new InvalidNiftiException(in, "crop " + region + " is empty or outside the volume "
            + reader.box());
      }
      NiftiWriteOptions options = NiftiWriteOptions.like(reader.header());
      if (type != null && type != reader.header().datatype()) {
        options = options.withDatatype(type).withScaling(Double.NaN, 0);
      }
      if (nifti2) {
        options = options.withVersion(2);
      }
      NiftiWriter.copy(reader, region, target, options, SLAB_VOXELS);
      out.println("wrote " + target + " (" + region.extent() + " x " + reader.channels() + " channel(s), "
          + options.datatype().label() + ")");
    }
    return 0;
  }

  /**
   * Refuses an OUT that is IN (whatever the spelling of the path), that lies in a directory that
   * does not exist, or that exists when {@code --overwrite} is not given: a re-encoding may
   * differ from the original, so replacing a file is the user's explicit choice.
   */
  private static void checkTarget(Path in, Path target, boolean overwrite) {
    if (sameFile(in, target)) {
      throw new UsageException("OUT is IN (" + target + "): write to another file");
    }
    Path directory = target.toAbsolutePath().getParent();
    if (directory != null && !Files.isDirectory(directory)) {
      throw new VoxtileException((target.getParent() != null ? target.getParent() : directory)
          + " does not exist (the directory of OUT)");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
      throw new VoxtileException(target + " exists; pass --overwrite to replace it");
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      if (Files.exists(a) && Files.exists(b)) {
        return Files.isSameFile(a, b);
      }
    } catch (IOException e) {
      // fall through to comparing the names
    }
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}
