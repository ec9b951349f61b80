"""The baselines of `jobs/bench.sh resample`: one resampling of a NIfTI file to a voxel size, by
nibabel.processing.resample_to_output(order=1) (scipy.ndimage.affine_transform underneath) or by
scipy.ndimage.zoom(order=1) with the zoom factors of the same spacing, on the float32 data.

    /usr/bin/python3 src/test/python/bench_resample_scipy.py nibabel|zoom FILE SPACING

Prints one line `<method> read_s=.. compute_s=.. output_voxels=.. peak_rss=..`: reading (nibabel,
as float32) and computing are timed apart; the output is not written (both libraries need the
whole output in memory, which peak_rss, the process's largest resident set in bytes, shows).
"""
import resource
import sys
import time

import nibabel as nib
import numpy as np
import scipy.ndimage as ndi
from nibabel.processing import resample_to_output


def main():
    method, path, spacing = sys.argv[1], sys.argv[2], float(sys.argv[3])
    t0 = time.perf_counter()
    img = nib.load(path)
    data = np.asarray(img.dataobj, dtype=np.float32)
    if data.ndim == 4:
        data = data[..., 0]
    img = nib.Nifti1Image(data, img.affine)
    t1 = time.perf_counter()
    if method == "nibabel":
        out = np.asarray(resample_to_output(img, [spacing] * 3, order=1, mode="constant", cval=0.0).dataobj)
    else:
        zooms = np.array(img.header.get_zooms()[:3]) / spacing
        out = ndi.zoom(data, zooms, order=1, mode="constant", cval=0.0)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"{method} read_s={t1 - t0:.3f} compute_s={t2 - t1:.3f} output_voxels={out.size} peak_rss={peak}")


if __name__ == "__main__":
    main()
