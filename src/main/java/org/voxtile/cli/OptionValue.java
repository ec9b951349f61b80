package org.voxtile.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiDataType;
import org.voxtile.tiling.CapacityModel;

/**
 * How an option's value is read, and what it must look like: every command reads a size, a
 * triple or a count the same way and words a bad value the same way,
 * {@code --memory-per-task: expected a size such as 512m, 2g, 2gib or bytes, got 'lots'}.
 *
 * @param expected what a valid value looks like, for the message
 * @param parser reads the text; throws IllegalArgumentException (NumberFormatException
 *     included) or ArithmeticException for a value that does not fit {@code expected}
 */
record OptionValue<T>(String expected, Function<String, T> parser) {
  /** Any text, as given. */
  static final OptionValue<String> TEXT = new OptionValue<>("a value", text -> text);

  /**
   * Bytes: a whole number of at least one with an optional binary suffix k, m, g, t (or kb, kib,
   * mb, mib, ... in any case), as Spark writes memory settings: {@code 512m}, {@code 2gib},
   * {@code 512MiB}, {@code 1048576}.
   */
  static final OptionValue<org.voxtile.spark.output.OutputFormat> OUTPUT_FORMAT = new OptionValue<>(
      "nifti, zarr or both", org.voxtile.spark.output.OutputFormat::of);
  static final OptionValue<Long> SIZE = new OptionValue<>("a size such as 512m, 2g, 2gib or bytes", OptionValue::bytes);

  /** An extent: {@code X,Y,Z} or {@code XxYxZ} of positive whole numbers, or one number for all three axes. */
  static final OptionValue<Extent> TRIPLE = new OptionValue<>("X,Y,Z or XxYxZ of positive whole numbers",
      OptionValue::triple);

  /** {@code auto} (empty) or a {@link #TRIPLE}. */
  static final OptionValue<Optional<Extent>> TILE = new OptionValue<>("auto, or X,Y,Z or XxYxZ of positive whole "
      + "numbers", text -> text.equals("auto") ? Optional.empty() : Optional.of(triple(text)));

  /** A whole number of at least one, within an int. */
  static final OptionValue<Integer> COUNT = new OptionValue<>("a positive whole number", text -> {
    int n = Integer.parseInt(text.trim());
    if (n < 1) {
      throw new IllegalArgumentException();
    }
    return n;
  });

  /** A whole number, within a long. */
  static final OptionValue<Long> WHOLE = new OptionValue<>("a whole number", text -> Long.parseLong(text.trim()));

  /** A finite number above zero. */
  static final OptionValue<Double> POSITIVE = new OptionValue<>("a positive number", text -> {
    double v = Double.parseDouble(text.trim());
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException();
    }
    return v;
  });

  /** {@code EXECUTORS,CORES,MEMORY}: executors alike, cores and heap ({@link #SIZE}) each. */
  static final OptionValue<CapacityModel.Cluster> CLUSTER = new OptionValue<>("EXECUTORS,CORES_PER_EXECUTOR,MEMORY "
      + "such as 100,8,32g", text -> {
        String[] parts = text.split(",", -1);
        if (parts.length != 3) {
          throw new IllegalArgumentException();
        }
        return new CapacityModel.Cluster(COUNT.parser().apply(parts[0]), COUNT.parser().apply(parts[1]),
            bytes(parts[2].trim()));
      });

  /** A half-open voxel box {@code x0,y0,z0,x1,y1,z1} with {@code x0 <= x1}, {@code y0 <= y1}, {@code z0 <= z1}. */
  static final OptionValue<Box> BOX = new OptionValue<>("x0,y0,z0,x1,y1,z1 of whole numbers with x0 <= x1, "
      + "y0 <= y1, z0 <= z1", OptionValue::box);

  /** A NIfTI datatype by its label, in any case. */
  static final OptionValue<NiftiDataType> DATATYPE = new OptionValue<>("one of " + Arrays.stream(NiftiDataType.values())
      .map(NiftiDataType::label).collect(Collectors.joining(", ")), NiftiDataType::fromLabel);

  /** {@code NAME=VALUE}, both parts non-empty (the name ends at the first '='). */
  static final OptionValue<Map.Entry<String, String>> NAMED = new OptionValue<>("NAME=FILE", text -> {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException();
    }
    return Map.entry(text.substring(0, eq), text.substring(eq + 1));
  });

  /**
   * Reads {@code text}, the value of {@code option}.
   *
   * @throws UsageException {@code "<option>: expected <expected>, got '<text>'"}
   */
  T parse(String option, String text) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UsageException(option + ": expected " + expected + ", got '" + text + "'");
    }
  }

  private static long bytes(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replaceAll("i?b$", "");
    int shift = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      case 't' -> 40;
      default -> 0;
    };
    long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
    if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException();
    }
    return n << shift;
  }

  private static Extent triple(String text) {
    long[] v = longs(text, "\\s*[,x]\\s*");
    if (v.length != 1 && v.length != 3 || Arrays.stream(v).anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException();
    }
    return v.length == 1 ? Extent.cube(v[0]) : Extent.of(v[0], v[1], v[2]);
  }

  private static Box box(String text) {
    long[] v = longs(text, "\\s*,\\s*");
    if (v.length != 6 || v[0] > v[3] || v[1] > v[4] || v[2] > v[5]) {
      throw new IllegalArgumentException();
    }
    return Box.of(v[0], v[1], v[2], v[3], v[4], v[5]);
  }

  /** The whole numbers of {@code text} between separators; @throws NumberFormatException */
  private static long[] longs(String text, String separator) {
    return Arrays.stream(text.trim().split(separator, -1)).mapToLong(Long::parseLong).toArray();
  }
}
