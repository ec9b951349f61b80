package org.voxtile.spark.stitch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.nifti.NiftiWriter;
import org.voxtile.storage.Location;
import org.voxtile.volume.Volume;

class MidSlicesTest {
  @TempDir
  Path temp;

  private static Volume random(Extent extent, int channels, long seed) {
    Random random = new Random(seed);
    Volume v = Volume.zeros(Box.of(extent), channels);
    for (int i = 0; i < v.data().length; i++) {
      v.data()[i] = random.nextFloat();
    }
    return v;
  }

  @Test
  void piecesInAnyOrderGiveTheSlicesOfTheWholeVolume() {
    Volume whole = random(Extent.of(9, 7, 11), 3, 5);
    List<Box> pieces = new ArrayList<>(whole.box().grid(Extent.of(4, 3, 2)));
    Collections.shuffle(pieces, new Random(6));
    MidSlices slices = new MidSlices(whole.box(), whole.channels());
    for (Box piece : pieces) {
      slices.accept(whole.crop(piece));
    }
    assertArrayEquals(whole.crop(Box.of(0, 0, 5, 9, 7, 6)).data(), slices.axial().data());
    assertArrayEquals(whole.crop(Box.of(0, 3, 0, 9, 4, 11)).data(), slices.coronal().data());
    assertArrayEquals(whole.crop(Box.of(4, 0, 0, 5, 7, 11)).data(), slices.sagittal().data());
  }

  @Test
  void keepsTheFirstEightChannels() {
    Volume whole = random(Extent.of(4, 4, 4), 11, 7);
    MidSlices slices = new MidSlices(whole.box(), whole.channels());
    slices.accept(whole);
    assertEquals(11, slices.channels());
    assertEquals(Preview.MAX_CHANNELS, slices.axial().channels());
    assertArrayEquals(whole.crop(Box.of(0, 0, 2, 4, 4, 3)).channels(0, 8).data(), slices.axial().data());
  }

  @Test
  void readsTheSlicesOfAFile() {
    Volume whole = random(Extent.of(6, 5, 4), 2, 8);
    Path file = temp.resolve("v.nii");
    NiftiWriter.write(file, whole, NiftiWriteOptions.DEFAULTS);
    MidSlices slices = MidSlices.read(Location.of(file));
    assertArrayEquals(whole.crop(Box.of(0, 0, 2, 6, 5, 3)).data(), slices.axial().data());
    assertArrayEquals(whole.crop(Box.of(3, 0, 0, 4, 5, 4)).data(), slices.sagittal().data());
  }
}
