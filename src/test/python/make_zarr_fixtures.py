#!/usr/bin/python3
"""Zarr fixtures for org.voxtile.zarr, written by zarr-python 2.13 (Debian python3-zarr) and nibabel.

    /usr/bin/python3 src/test/python/make_zarr_fixtures.py [OUT_DIR]

OUT_DIR defaults to src/test/resources/golden/zarr. Every array holds the same seeded values as a
NIfTI file beside it, written by nibabel, so the Java tests compare voxtile's Zarr reader with its
NIfTI reader box by box (the NIfTI path is itself checked against nibabel elsewhere):

- plain_f4_zlib.zarr: a bare 4D array (c, z, y, x) = (2, 5, 7, 9), <f4, zlib level 1, chunks
  (1, 2, 3, 4) (edge chunks partial, one channel per chunk), dimension_separator "." (zarr's default),
  no .zattrs: geometry is the identity. Data: plain_f4.nii.gz, (x, y, z, c).
- plain_u1_raw.zarr: a bare 3D array (z, y, x) = (5, 7, 9), |u1, no compressor, fill_value 7, chunks
  (2, 4, 4), one chunk file deleted: it reads as 7. Data: plain_u1.nii.gz (the missing chunk as 7).
- ome_i2_be.zarr: an OME-NGFF 0.4 image group, axes c, z, y, x with units millimeter, level "0" a
  >i2 (big-endian) array, zlib level 6, dimension_separator "/", scale [1, 3, 2, 1.5] then
  translation [0, -4, 5, -6]: the affine diag(1.5, 2, 3) with origin (-6, 5, -4). Data:
  ome_i2.nii.gz with that affine.
- writer_f4_zlib1.zarr: <f4, (c, z, y, x) = (2, 5, 7, 9), chunks (2, 2, 3, 4): all channels per
  chunk as voxtile writes its outputs, zlib level 1, "/", fill 0. The Java writer, given
  plain_f4.nii.gz's values, must write these chunk files byte for byte.
"""
import os
import sys

import nibabel as nib
import numpy as np
import numcodecs
import zarr

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'resources', 'golden', 'zarr')
rng = np.random.default_rng(16)
SHAPE_XYZ = (9, 7, 5)


def nifti(name, xyzc, affine, dtype):
    img = nib.Nifti1Image(xyzc.astype(dtype), affine)
    img.header.set_xyzt_units('mm')
    nib.save(img, os.path.join(OUT, name))


def czyx(xyzc):
    """voxtile's / nibabel's (x, y, z, c) as Zarr's (c, z, y, x): x stays the fastest-varying axis."""
    return np.ascontiguousarray(np.transpose(xyzc, (3, 2, 1, 0)))


def store(name):
    return zarr.DirectoryStore(os.path.join(OUT, name), dimension_separator=None)


os.makedirs(OUT, exist_ok=True)

# float32, 2 channels, values of every magnitude (subnormals, negative zero, large)
f4 = (rng.standard_normal(SHAPE_XYZ + (2,)) * 10.0 ** rng.integers(-3, 4, SHAPE_XYZ + (2,))).astype('<f4')
f4[0, 0, 0, 0] = -0.0
f4[1, 0, 0, 1] = np.float32(1e-40)
nifti('plain_f4.nii.gz', f4, np.eye(4), np.float32)
zarr.array(czyx(f4), chunks=(1, 2, 3, 4), dtype='<f4', compressor=numcodecs.Zlib(level=1), order='C',
           store=store('plain_f4_zlib.zarr'), overwrite=True)

# uint8, 3D, no compressor, fill 7, one chunk removed
u1 = rng.integers(0, 256, SHAPE_XYZ).astype(np.uint8)
z = zarr.array(np.ascontiguousarray(u1.T), chunks=(2, 4, 4), dtype='|u1', compressor=None, fill_value=7, order='C',
               store=store('plain_u1_raw.zarr'), overwrite=True)
os.remove(os.path.join(OUT, 'plain_u1_raw.zarr', '1.0.1'))  # chunk z 2..4, y 0..4, x 4..8
u1[4:8, 0:4, 2:4] = 7
nifti('plain_u1.nii.gz', u1, np.eye(4), np.uint8)

# OME-NGFF 0.4 image: int16 big-endian, zlib 6, nested keys
i2 = rng.integers(-30000, 30000, SHAPE_XYZ + (2,)).astype(np.int16)
root = zarr.group(store=zarr.DirectoryStore(os.path.join(OUT, 'ome_i2_be.zarr'), dimension_separator='/'),
                  overwrite=True)
root.create_dataset('0', data=czyx(i2), chunks=(2, 3, 3, 5), dtype='>i2', compressor=numcodecs.Zlib(level=6),
                    order='C', dimension_separator='/')
axes = [{'name': 'c', 'type': 'channel'}] + [{'name': a, 'type': 'space', 'unit': 'millimeter'} for a in 'zyx']
root.attrs['multiscales'] = [{
    'version': '0.4', 'name': 'ome_i2', 'axes': axes,
    'datasets': [{'path': '0', 'coordinateTransformations': [
        {'type': 'scale', 'scale': [1.0, 3.0, 2.0, 1.5]},
        {'type': 'translation', 'translation': [0.0, -4.0, 5.0, -6.0]}]}]}]
affine = np.array([[1.5, 0, 0, -6], [0, 2, 0, 5], [0, 0, 3, -4], [0, 0, 0, 1]])
nifti('ome_i2.nii.gz', i2, affine, np.int16)

# what voxtile's writer must reproduce byte for byte
zarr.array(czyx(f4), chunks=(2, 2, 3, 4), dtype='<f4', compressor=numcodecs.Zlib(level=1), order='C',
           fill_value=0, store=zarr.DirectoryStore(os.path.join(OUT, 'writer_f4_zlib1.zarr'), dimension_separator='/'),
           overwrite=True, dimension_separator='/')
print('wrote', OUT)
