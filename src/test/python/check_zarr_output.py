#!/usr/bin/python3
"""Checks a voxtile OME-Zarr output against the NIfTI output of the same run, with zarr-python 2.13.

    /usr/bin/python3 src/test/python/check_zarr_output.py OUT_DIR NODE [FACTS.json]

Reads OUT_DIR/NODE.ome.zarr with zarr and OUT_DIR/NODE.nii.gz with nibabel and fails (exit 1)
unless: the values are bit-identical (Zarr (c, z, y, x) against NIfTI (x, y, z[, c])), the dtype
is the NIfTI file's, the level-0 chunks are (channels, tile z, tile y, tile x) of the run's
report.json, and the .zattrs keep the OME-NGFF 0.4 rules voxtile documents (version 0.4; axes c,
z, y, x with types channel/space and unit millimeter; one dataset "0"; transformations a scale
then a translation, each of 4 numbers; scale = nibabel's zooms, translation = the affine's last
column; voxtile.affine = nibabel's affine). Prints the facts a Java test compares with
(shape, chunks, dtype, compressor, sha256 of the values as little-endian C-order bytes, the
multiscales entry) and writes them to FACTS.json when given: CI has no Python, so
src/test/resources/golden/zarr/golden_run_facts.json is this script's output on the run that
ZarrGoldenRunTest repeats.
"""
import hashlib
import json
import os
import sys

import nibabel as nib
import numpy as np
import zarr

out, node = sys.argv[1], sys.argv[2]
group = zarr.open_group(os.path.join(out, node + '.ome.zarr'), mode='r')
array = group['0']
img = nib.load(os.path.join(out, node + '.nii.gz'))
nii = np.asanyarray(img.dataobj)
if nii.ndim == 3:
    nii = nii[..., None]
values = array[:]
problems = []
czyx = np.ascontiguousarray(np.transpose(nii, (3, 2, 1, 0)))
if values.dtype != nii.dtype:
    problems.append('dtype %s, NIfTI %s' % (values.dtype, nii.dtype))
if values.shape != czyx.shape or values.tobytes() != czyx.astype(values.dtype).tobytes():
    problems.append('values differ from the NIfTI output')
report = json.load(open(os.path.join(out, 'report.json')))
tile = report['plan']['tile_shape']
attrs = group.attrs.asdict()
ms = attrs['multiscales'][0]
if ms.get('version') != '0.4':
    problems.append('version %r' % ms.get('version'))
axes = ms['axes']
if [a['name'] for a in axes] != ['c', 'z', 'y', 'x'] or [a['type'] for a in axes] != ['channel'] + ['space'] * 3:
    problems.append('axes %r' % axes)
if any(a.get('unit') != 'millimeter' for a in axes[1:]):
    problems.append('units %r' % axes)
if [d['path'] for d in ms['datasets']] != ['0']:
    problems.append('datasets %r' % ms['datasets'])
t = ms['datasets'][0]['coordinateTransformations']
if [x['type'] for x in t] != ['scale', 'translation'] or any(len(x[x['type']]) != 4 for x in t):
    problems.append('coordinateTransformations %r' % t)
zooms = [float(z) for z in img.header.get_zooms()[:3]]
if not np.allclose(t[0]['scale'], [1.0] + zooms[::-1]):
    problems.append('scale %r, zooms %r' % (t[0]['scale'], zooms))
if not np.allclose(t[1]['translation'], [0.0] + list(img.affine[:3, 3][::-1])):
    problems.append('translation %r, affine origin %r' % (t[1]['translation'], img.affine[:3, 3]))
if not np.allclose(np.array(attrs['voxtile']['affine']), img.affine, atol=1e-6):
    problems.append('voxtile.affine %r, NIfTI affine %r' % (attrs['voxtile']['affine'], img.affine))
facts = dict(node=node, shape=list(array.shape), chunks=list(array.chunks), dtype=array.dtype.str,
             compressor=array.compressor.get_config() if array.compressor else None,
             fill_value=float(array.fill_value), order=array.order,
             values_sha256=hashlib.sha256(values.astype(values.dtype.newbyteorder('<')).tobytes()).hexdigest(),
             multiscales=ms, report_tile=tile)
print(json.dumps(facts, indent=2))
if len(sys.argv) > 3:
    with open(sys.argv[3], 'w') as f:
        json.dump(facts, f, indent=2)
        f.write('\n')
if problems:
    print('FAILED: ' + '; '.join(problems), file=sys.stderr)
    sys.exit(1)
print('OK: %s bit-identical to the NIfTI output, %d chunks of %s' % (node, array.nchunks, array.chunks), file=sys.stderr)
