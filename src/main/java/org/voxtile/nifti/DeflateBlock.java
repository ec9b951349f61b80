package org.voxtile.nifti;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * One {@link ParallelGzip#BLOCK_BYTES}-byte block of input and, once deflated, its raw deflate
 * bytes. A block is deflated by one thread with a {@link Deflater} it does not own (the caller
 * resets it afterwards); with the previous block's tail as preset dictionary, it ends on a byte
 * boundary (sync flush), or, for the last block, with deflate's final block, so blocks written in
 * order form one valid deflate stream. The input and output arrays are handed back for reuse once
 * written.
 */
final class DeflateBlock {
  final byte[] input;
  final int inputLength;
  final byte[] dictionary;
  final boolean last;
  byte[] output;
  int outputLength;

  DeflateBlock(byte[] input, int inputLength, byte[] dictionary, boolean last, byte[] output) {
    this.input = input;
    this.inputLength = inputLength;
    this.dictionary = dictionary;
    this.last = last;
    this.output = output;
  }

  /** Deflates the input: ends on a byte boundary (sync flush), or with the final block. */
  void deflate(Deflater deflater) {
    if (dictionary != null) {
      deflater.setDictionary(dictionary);
    }
    deflater.setInput(input, 0, inputLength);
    if (last) {
      deflater.finish();
      while (!deflater.finished()) {
        drain(deflater, Deflater.NO_FLUSH);
      }
    } else {
      // A return that fills the space left means more output may be pending: call again.
      while (drain(deflater, Deflater.SYNC_FLUSH)) {
        continue;
      }
    }
  }

  /** One deflate call into the free space (grown when none is left); true when it filled it. */
  private boolean drain(Deflater deflater, int flush) {
    if (outputLength == output.length) {
      output = Arrays.copyOf(output, output.length + (output.length >> 1));
    }
    int space = output.length - outputLength;
    int n = deflater.deflate(output, outputLength, space, flush);
    outputLength += n;
    return n == space;
  }
}
