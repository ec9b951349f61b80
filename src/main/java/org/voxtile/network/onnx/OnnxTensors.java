package org.voxtile.network.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.voxtile.network.onnx.proto.Onnx.TensorProto;
import org.voxtile.network.weights.Dtype;
import org.voxtile.network.onnx.proto.Onnx.TensorProto.DataType;

/**
 * The values of an ONNX {@link TensorProto}: float tensors (float32, float16, float64, as
 * {@code float_data}, {@code int32_data} half bits, {@code double_data} or little-endian
 * {@code raw_data}) as float32, and integer tensors (int64, int32, the shapes and indices of
 * Reshape, Pad, Slice, Resize) as longs. A tensor's dims are checked against the data it holds
 * before any array is made, so a tensor claiming more elements than the file carries is refused,
 * not allocated; external data (weights in another file) is refused by name.
 */
final class OnnxTensors {
  private OnnxTensors() {}

  /** The number of elements the dims give, checked: non-negative dims, no overflow. */
  static long count(TensorProto tensor, String where) {
    long count = 1;
    for (long dim : tensor.getDimsList()) {
      if (dim < 0) {
        throw new OnnxException(where + ": tensor '" + tensor.getName() + "' has a negative dim in "
            + tensor.getDimsList());
      }
      try {
        count = Math.multiplyExact(count, dim);
      } catch (ArithmeticException e) {
        throw new OnnxException(where + ": tensor '" + tensor.getName() + "' has absurd dims " + tensor.getDimsList());
      }
    }
    return count;
  }

  /** The dims as a long array, checked as {@link #count}. */
  static long[] shape(TensorProto tensor, String where) {
    count(tensor, where);
    return tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** True for the element types {@link #floats} reads. */
  static boolean isFloat(TensorProto tensor) {
    int type = tensor.getDataType();
    return type == DataType.FLOAT_VALUE || type == DataType.FLOAT16_VALUE || type == DataType.DOUBLE_VALUE;
  }

  /**
   * A float tensor's values in its own row-major order.
   *
   * @param where the file and node, for messages
   */
  static float[] floats(TensorProto tensor, String where) {
    refuseExternal(tensor, where);
    long count = count(tensor, where);
    switch (tensor.getDataType()) {
      case DataType.FLOAT_VALUE -> {
        if (!tensor.getRawData().isEmpty()) {
          ByteBuffer raw = raw(tensor, count, 4, where);
          float[] out = new float[(int) count];
          raw.asFloatBuffer().get(out);
          return out;
        }
        checkCount(tensor, count, tensor.getFloatDataCount(), where);
        float[] out = new float[(int) count];
        for (int i = 0; i < out.length; i++) {
          out[i] = tensor.getFloatData(i);
        }
        return out;
      }
      case DataType.FLOAT16_VALUE -> {
        float[] out;
        if (!tensor.getRawData().isEmpty()) {
          ByteBuffer raw = raw(tensor, count, 2, where);
          out = new float[(int) count];
          for (int i = 0; i < out.length; i++) {
            out[i] = Dtype.halfToFloat(raw.getShort());
          }
        } else {
          // float16 values travel as their 16 bits in int32_data
          checkCount(tensor, count, tensor.getInt32DataCount(), where);
          out = new float[(int) count];
          for (int i = 0; i < out.length; i++) {
            out[i] = Dtype.halfToFloat((short) tensor.getInt32Data(i));
          }
        }
        return out;
      }
      case DataType.DOUBLE_VALUE -> {
        double[] values;
        if (!tensor.getRawData().isEmpty()) {
          values = new double[(int) count];
          raw(tensor, count, 8, where).asDoubleBuffer().get(values);
        } else {
          checkCount(tensor, count, tensor.getDoubleDataCount(), where);
          values = tensor.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
        }
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) values[i];
        }
        return out;
      }
      default -> throw new OnnxException(where + ": tensor '" + tensor.getName() + "' is of ONNX type "
          + typeName(tensor.getDataType()) + "; voxtile reads float32, float16 and float64 weights");
    }
  }

  /** An integer tensor's values (int64 or int32; what shapes, pads and indices are). */
  static long[] longs(TensorProto tensor, String where) {
    refuseExternal(tensor, where);
    long count = count(tensor, where);
    if (tensor.getDataType() == DataType.INT64_VALUE) {
      if (!tensor.getRawData().isEmpty()) {
        long[] out = new long[(int) count];
        raw(tensor, count, 8, where).asLongBuffer().get(out);
        return out;
      }
      checkCount(tensor, count, tensor.getInt64DataCount(), where);
      return tensor.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }
    if (tensor.getDataType() == DataType.INT32_VALUE) {
      if (!tensor.getRawData().isEmpty()) {
        int[] out = new int[(int) count];
        raw(tensor, count, 4, where).asIntBuffer().get(out);
        return Arrays.stream(out).asLongStream().toArray();
      }
      checkCount(tensor, count, tensor.getInt32DataCount(), where);
      return tensor.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
    }
    if (isFloat(tensor)) {
      float[] values = floats(tensor, where);
      long[] out = new long[values.length];
      for (int i = 0; i < out.length; i++) {
        if (values[i] != Math.rint(values[i])) {
          throw new OnnxException(where + ": tensor '" + tensor.getName() + "' must hold whole numbers, has "
              + values[i]);
        }
        out[i] = (long) values[i];
      }
      return out;
    }
    throw new OnnxException(where + ": tensor '" + tensor.getName() + "' is of ONNX type "
        + typeName(tensor.getDataType()) + " where integers are expected");
  }

  static String typeName(int type) {
    DataType known = DataType.forNumber(type);
    return known == null ? "code " + type : known.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static void refuseExternal(TensorProto tensor, String where) {
    if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL || tensor.getExternalDataCount() > 0) {
      throw new OnnxException(where + ": tensor '" + tensor.getName() + "' keeps its data in an external file;"
          + " voxtile reads models with their weights inside (onnx.save_model(model, path,"
          + " save_as_external_data=False), or torch.onnx.export of a model under 2 GiB)");
    }
    if (tensor.hasSegment()) {
      throw new OnnxException(where + ": tensor '" + tensor.getName() + "' is a segment of a larger tensor;"
          + " voxtile reads whole tensors only");
    }
  }

  private static ByteBuffer raw(TensorProto tensor, long count, int width, String where) {
    ByteString raw = tensor.getRawData();
    if (raw.size() != count * width) {
      throw new OnnxException(where + ": tensor '" + tensor.getName() + "' of dims " + tensor.getDimsList()
          + " needs " + count * width + " bytes of raw_data, has " + raw.size());
    }
    return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void checkCount(TensorProto tensor, long count, int stored, String where) {
    if (stored != count) {
      throw new OnnxException(where + ": tensor '" + tensor.getName() + "' of dims " + tensor.getDimsList()
          + " holds " + count + " values but the file gives " + stored);
    }
  }
}
