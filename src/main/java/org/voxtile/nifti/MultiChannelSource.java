package org.voxtile.nifti;

import static org.voxtile.Checks.checkArgument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voxtile.geometry.Box;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * Several volumes (NIfTI files, Zarr arrays: {@link VolumeReader}s) bound to named inputs ({@code t1=A.nii.gz, t2=B.nii.gz}) read as one
 * multi-channel volume: channels stacked in the order of the map (a file with several channels
 * contributes all of them, in file order). All files must share the spatial dims and, within
 * {@link #AFFINE_TOLERANCE}, the affine; the first file's orientation is the volume's.
 *
 * <pre>{@code
 * Map<String, Path> inputs = new LinkedHashMap<>();
 * inputs.put("t1", Path.of("sub-01_T1w.nii.gz"));
 * inputs.put("t2", Path.of("sub-01_T2w.nii.gz"));
 * try (MultiChannelSource scan = MultiChannelSource.open(inputs, ReadLimits.DEFAULT)) {
 *   Volume tile = scan.read(Box.of(0, 0, 0, 64, 64, 64));   // channel 0 = t1, channel 1 = t2
 * }
 * }</pre>
 */
public final class MultiChannelSource implements AutoCloseable {
  /** Largest difference between affine elements still counted as the same grid. */
  public static final double AFFINE_TOLERANCE = 1e-4;

  private final List<String> names;
  private final List<VolumeReader> readers;

  private MultiChannelSource(List<String> names, List<VolumeReader> readers) {
    this.names = List.copyOf(names);
    this.readers = List.copyOf(readers);
  }

  /** {@link #open(Map, ReadLimits)} with {@link ReadLimits#DEFAULT}. */
  public static MultiChannelSource open(Map<String, Path> inputs) {
    return open(inputs, ReadLimits.DEFAULT);
  }

  /**
   * Opens every file (headers only) and checks that they agree.
   *
   * @throws InvalidNiftiException naming both files when dims or affines differ
   */
  public static MultiChannelSource open(Map<String, Path> inputs, ReadLimits limits) {
    Map<String, ReadableFile> files = new LinkedHashMap<>();
    inputs.forEach((name, path) -> files.put(name, new LocalFile(path)));
    return openFiles(files, limits);
  }

  /** As {@link #open(Map, ReadLimits)}, for files on any file system. */
  public static MultiChannelSource openFiles(Map<String, ? extends ReadableFile> inputs, ReadLimits limits) {
    return openReaders(inputs, file -> NiftiReader.open(file, limits));
  }

  /**
   * Opens every input with {@code opener} (headers only) and checks that they agree; on failure
   * the readers already open are closed.
   *
   * @throws InvalidNiftiException naming both inputs when dims
   *     or affines differ
   */
  public static <T> MultiChannelSource openReaders(Map<String, T> inputs,
      java.util.function.Function<? super T, ? extends VolumeReader> opener) {
    checkArgument(!inputs.isEmpty(), "at least one input file is needed");
    List<String> names = new ArrayList<>();
    List<VolumeReader> readers = new ArrayList<>();
    try {
      for (Map.Entry<String, T> input : new LinkedHashMap<>(inputs).entrySet()) {
        VolumeReader reader = opener.apply(input.getValue());
        readers.add(reader);
        names.add(input.getKey());
        checkAgreement(names.get(0), readers.get(0), input.getKey(), reader);
      }
    } catch (RuntimeException e) {
      readers.forEach(VolumeReader::close);
      throw e;
    }
    return new MultiChannelSource(names, readers);
  }

  private static void checkAgreement(String firstName, VolumeReader first, String name, VolumeReader other) {
    if (!first.box().extent().equals(other.box().extent())) {
      throw new InvalidNiftiException(other.name(), "input '" + name + "' has dims "
          + other.box().extent() + " but input '" + firstName + "' (" + first.name() + ") has "
          + first.box().extent() + "; all inputs must share one voxel grid");
    }
    if (!first.orientation().affine().approximatelyEquals(other.orientation().affine(), AFFINE_TOLERANCE)) {
      throw new InvalidNiftiException(other.name(), "input '" + name + "' has affine\n"
          + other.orientation().affine() + "\nbut input '" + firstName + "' (" + first.name()
          + ") has\n" + first.orientation().affine() + "\n(tolerance " + AFFINE_TOLERANCE
          + "); all inputs must share one voxel grid");
    }
  }

  /** Input names, in channel order. */
  public List<String> names() {
    return names;
  }

  public List<VolumeReader> readers() {
    return readers;
  }

  public Box box() {
    return readers.get(0).box();
  }

  public Orientation orientation() {
    return readers.get(0).orientation();
  }

  /** Total channels over all inputs. */
  public int channels() {
    return readers.stream().mapToInt(VolumeReader::channels).sum();
  }

  /** All channels of {@code region} (which must lie in {@link #box()}), inputs stacked in order. */
  public Volume read(Box region) {
    Volume out = Volume.zeros(region, channels()).withOrientation(orientation());
    int at = 0;
    for (VolumeReader reader : readers) {
      Volume part = reader.read(region);
      System.arraycopy(part.data(), 0, out.data(), at * out.voxelsPerChannel(), part.data().length);
      at += part.channels();
    }
    return out;
  }

  /** Channel count of each input, keyed by name, in order. */
  public Map<String, Integer> channelsByInput() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), readers.get(i).channels());
    }
    return out;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (VolumeReader reader : readers) { // close every file even if one fails
      try {
        reader.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
