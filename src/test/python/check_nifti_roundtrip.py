#!/usr/bin/python3
"""Reads the Java-written files in src/test/resources/golden/nifti/roundtrip/ with nibabel and
records what nibabel sees in nibabel_view.txt, which NiftiRoundTripTest checks against what the
Java writer meant to write.

Run from the repository root after regenerating the files (see README.md next to this script):
  /usr/bin/python3 src/test/python/check_nifti_roundtrip.py

Format: as manifest.txt of the read fixtures (see make_nifti_fixtures.py), plus
  pixdim P1..P[ndim]     header pixdim after nibabel's load-time checks
  xyzt_units N           raw xyzt_units byte
  descrip TEXT           header descrip
  problems TEXT          nibabel's header diagnosis ('none' when clean)
  array_dtype T          dtype of np.asanyarray(img.dataobj): a label map's own integer type
                         when the file is unscaled, float otherwise
  integers N...          that array's values, Fortran order, when its dtype is an integer type
"""
import os

import nibabel as nib
import numpy as np

DIR = os.path.join('src', 'test', 'resources', 'golden', 'nifti', 'roundtrip')

def fmt(v):
    return repr(float(v))

def entry(name):
    img = nib.load(os.path.join(DIR, name))
    h = img.header
    values = np.asarray(img.get_fdata(), dtype=np.float64).astype(np.float32)
    flat = values.reshape(-1, order='F').view(np.uint32)
    ndim = int(h['dim'][0])
    problems = type(h).diagnose_binaryblock(h.binaryblock).strip().replace('\n', '; ')
    array = np.asanyarray(img.dataobj)
    integers = []
    if array.dtype.kind in 'iu':
        integers = ['integers ' + ' '.join(str(int(v)) for v in array.reshape(-1, order='F'))]
    return '\n'.join([
        'name ' + name,
        'file ' + name,
        'shape ' + ' '.join(str(s) for s in img.shape),
        'datatype %d' % int(h['datatype']),
        'version %d' % (2 if isinstance(h, nib.Nifti2Header) else 1),
        'order ' + ('little' if h.endianness == '<' else 'big'),
        'vox_offset %d' % int(img.dataobj.offset),  # the header's is reset on load
        'scaling %s %s' % (fmt(img.dataobj.slope), fmt(img.dataobj.inter)),  # the header's are reset on load
        'codes %d %d' % (int(h['qform_code']), int(h['sform_code'])),
        'affine ' + ' '.join(fmt(v) for v in img.affine.reshape(-1)),
        'axcodes ' + ''.join(nib.aff2axcodes(img.affine)),
        'pixdim ' + ' '.join(fmt(v) for v in h['pixdim'][1:ndim + 1]),
        'xyzt_units %d' % int(h['xyzt_units']),
        'descrip ' + h['descrip'].item().decode('latin-1'),
        'problems ' + (problems or 'none'),
        'values ' + ' '.join('%08x' % v for v in flat),
        'array_dtype ' + str(array.dtype),
    ] + integers) + '\n'

def main():
    names = sorted(n for n in os.listdir(DIR) if n.endswith('.nii') or n.endswith('.nii.gz'))
    with open(os.path.join(DIR, 'nibabel_view.txt'), 'w') as f:
        f.write('\n'.join(entry(n) for n in names))
    print('%d files checked with nibabel %s' % (len(names), nib.__version__))

if __name__ == '__main__':
    main()
