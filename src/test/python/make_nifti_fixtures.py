#!/usr/bin/python3
"""Writes the NIfTI read fixtures under src/test/resources/golden/nifti/read/ and their manifest.

Each fixture is written byte by byte from a nibabel header block (so every field, including
garbage ones, is exactly what the test wants), then loaded back with nibabel, the oracle: the
manifest records what nibabel sees (shape, img.affine, aff2axcodes, get_fdata() cast to float32).

Run from the repository root:  /usr/bin/python3 src/test/python/make_nifti_fixtures.py

Manifest format (manifest.txt): blocks separated by blank lines, one "key value..." per line:
  name NAME                 fixture name
  file PATH [PATH]          file(s) relative to the manifest (.hdr then .img for a pair)
  shape NX NY NZ [NT [NU]]  nibabel's img.shape
  datatype CODE             header datatype code
  version 1|2               NIfTI version
  order little|big          byte order
  vox_offset N              header vox_offset
  scaling SLOPE INTER       raw header scl_slope, scl_inter (repr)
  codes QFORM SFORM         qform_code, sform_code
  affine 16 VALUES          img.affine row-major (Python repr, round-trips to double)
  axcodes XYZ               nib.aff2axcodes(img.affine)
  extensions CODE:LENGTH... ecode and content length per extension (or "none")
  values HEX...             get_fdata() as float32 bits, 8 hex digits, Fortran order
                            (x fastest, then y, z, then the 4th/5th axes)
"""
import gzip
import io
import os

import nibabel as nib
import numpy as np

OUT = os.path.join('src', 'test', 'resources', 'golden', 'nifti', 'read')
SHAPE = (5, 4, 3)
RNG = np.random.default_rng(20261128)

DTYPES = {
    'uint8': np.uint8, 'int8': np.int8, 'int16': np.int16, 'uint16': np.uint16,
    'int32': np.int32, 'uint32': np.uint32, 'int64': np.int64, 'uint64': np.uint64,
    'float32': np.float32, 'float64': np.float64,
}

# A rotated, anisotropic, translated affine (positive determinant) and a flipped one.
def rotation(angle_deg, axis):
    a = np.deg2rad(angle_deg)
    c, s = np.cos(a), np.sin(a)
    i, j = [(1, 2), (0, 2), (0, 1)][axis]
    r = np.eye(3)
    r[i, i], r[i, j], r[j, i], r[j, j] = c, -s, s, c
    return r

def make_affine(zooms, flip=False, angle=20.0, origin=(-10.5, 20.25, -30.0)):
    r = rotation(angle, 2) @ rotation(10.0, 0)
    m = np.eye(4)
    m[:3, :3] = r @ np.diag(zooms)
    if flip:
        m[:3, 0] *= -1
    m[:3, 3] = origin
    return m

AFFINE = make_affine((1.5, 2.0, 2.5))
FLIPPED = make_affine((1.0, 1.25, 3.0), flip=True)

def sample_data(dtype, shape=SHAPE):
    dt = np.dtype(dtype)
    n = int(np.prod(shape))
    if dt.kind == 'f':
        vals = RNG.normal(0, 1000, n)
        vals[:3] = [0.0, -0.0, 1e-30]
        return vals.astype(dt).reshape(shape, order='F')
    info = np.iinfo(dt)
    vals = RNG.integers(info.min, info.max, n, dtype=dt, endpoint=True)
    vals[:2] = [info.min, info.max]  # the extremes, incl. values float32 cannot hold exactly
    return vals.reshape(shape, order='F')

def header(version, order, dtype, shape, pair=False):
    cls = nib.Nifti1Header if version == 1 else nib.Nifti2Header
    h = cls(endianness='<' if order == 'little' else '>')
    h.set_data_dtype(dtype)
    h.set_data_shape(shape)
    if pair:
        h['magic'] = b'ni1' if version == 1 else b'ni2'
    h.set_xyzt_units('mm', 'sec')
    h['descrip'] = b'voxtile fixture'
    return h

def with_affine(h, affine=AFFINE, qcode=1, scode=1):
    h.set_sform(affine, code=scode)
    h.set_qform(affine, code=qcode)
    return h

def data_bytes(data, h):
    return data.astype(h.get_data_dtype(), copy=False).tobytes(order='F')

def write_single(name, h, data, ext_bytes=b'', gap=0, gz=False):
    base = 352 if isinstance(h, nib.Nifti1Header) and not isinstance(h, nib.Nifti2Header) else 544
    h['vox_offset'] = base + len(ext_bytes) + gap
    flag = b'\x01\x00\x00\x00' if ext_bytes else b'\x00\x00\x00\x00'
    blob = h.binaryblock + flag + ext_bytes + b'\x00' * gap + data_bytes(data, h)
    fname = name + ('.nii.gz' if gz else '.nii')
    if gz:
        blob = gzip.compress(blob, mtime=0)
    with open(os.path.join(OUT, fname), 'wb') as f:
        f.write(blob)
    return [fname]

def write_pair(name, h, data, gz=False):
    h['vox_offset'] = 0
    suffix = '.gz' if gz else ''
    hdr, img = h.binaryblock, data_bytes(data, h)
    if gz:
        hdr, img = gzip.compress(hdr, mtime=0), gzip.compress(img, mtime=0)
    names = [name + '.hdr' + suffix, name + '.img' + suffix]
    for n, blob in zip(names, (hdr, img)):
        with open(os.path.join(OUT, n), 'wb') as f:
            f.write(blob)
    return names

def fmt(v):
    return repr(float(v))

def manifest_entry(name, files, h):
    img = nib.load(os.path.join(OUT, files[0]))
    with np.errstate(over='ignore'):  # float64 beyond float32's range becomes inf, as intended
        values = np.asarray(img.get_fdata(), dtype=np.float64).astype(np.float32)
    flat = values.reshape(-1, order='F').view(np.uint32)
    exts = img.header.extensions
    lines = [
        'name ' + name,
        'file ' + ' '.join(files),
        'shape ' + ' '.join(str(s) for s in img.shape),
        'datatype %d' % int(h['datatype']),
        'version %d' % (2 if isinstance(h, nib.Nifti2Header) else 1),
        'order ' + ('little' if h.endianness == '<' else 'big'),
        'vox_offset %d' % int(h['vox_offset']),
        'scaling %s %s' % (fmt(h['scl_slope']), fmt(h['scl_inter'])),
        'codes %d %d' % (int(h['qform_code']), int(h['sform_code'])),
        'affine ' + ' '.join(fmt(v) for v in img.affine.reshape(-1)),
        'axcodes ' + ''.join(nib.aff2axcodes(img.affine)),
        'extensions ' + (' '.join('%d:%d' % (e.get_code(), len(e.get_content())) for e in exts)
                         if len(exts) else 'none'),
        'values ' + ' '.join('%08x' % v for v in flat),
    ]
    return '\n'.join(lines) + '\n'

def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    entries = []

    def add(name, files, h):
        entries.append(manifest_entry(name, files, h))

    # Every datatype, NIfTI-1 little endian.
    for label, dt in DTYPES.items():
        h = with_affine(header(1, 'little', dt, SHAPE))
        add('n1_le_' + label, write_single('n1_le_' + label, h, sample_data(dt)), h)
    # Big endian and NIfTI-2.
    for version, order, label in [(1, 'big', 'int16'), (1, 'big', 'uint16'), (1, 'big', 'float32'),
                                  (1, 'big', 'float64'), (1, 'big', 'int64'), (1, 'big', 'uint32'),
                                  (2, 'little', 'uint8'), (2, 'little', 'int16'),
                                  (2, 'little', 'float32'), (2, 'big', 'int16'),
                                  (2, 'big', 'float64'), (2, 'big', 'uint64')]:
        name = 'n%d_%s_%s' % (version, 'le' if order == 'little' else 'be', label)
        h = with_affine(header(version, order, DTYPES[label], SHAPE), FLIPPED)
        add(name, write_single(name, h, sample_data(DTYPES[label])), h)

    # Scaling.
    for name, version, order, label, slope, inter in [
            ('scaled_int16', 1, 'little', 'int16', 0.5, 10.0),
            ('scaled_uint8', 1, 'little', 'uint8', 0.0123, -3.25),
            ('scaled_int32_be', 1, 'big', 'int32', 1e-5, 100.0),
            ('scaled_float32', 1, 'little', 'float32', 3.0, -1.0),
            ('scaled_float64', 1, 'little', 'float64', 0.1, 0.2),
            ('scaled_int64', 1, 'little', 'int64', 0.75, 0.0),
            ('scaled_n2_be_int16', 2, 'big', 'int16', 2.5, -7.0),
            ('slope_zero', 1, 'little', 'int16', 0.0, 5.0),
            ('slope_nan', 1, 'little', 'uint8', float('nan'), 5.0),
            ('slope_inf', 1, 'little', 'int16', float('inf'), 0.0),
            ('slope_one_inter', 1, 'little', 'int16', 1.0, -1024.0)]:
        h = with_affine(header(version, order, DTYPES[label], SHAPE))
        h['scl_slope'], h['scl_inter'] = slope, inter
        add(name, write_single(name, h, sample_data(DTYPES[label])), h)

    # Affine choices.
    def affine_case(name, qcode, scode, qaffine, saffine, edit=None):
        h = header(1, 'little', np.int16, SHAPE)
        h.set_zooms((1.5, 2.0, 2.5))
        if qaffine is not None:
            h.set_qform(qaffine, code=1)
        h['qform_code'] = qcode
        if saffine is not None:
            h.set_sform(saffine, code=1)
        h['sform_code'] = scode
        if edit:
            edit(h)
        add(name, write_single(name, h, sample_data(np.int16)), h)

    def garbage_quaternion(h):
        h['quatern_b'], h['quatern_c'], h['quatern_d'] = np.nan, 7.0, -3.0
        h['qoffset_x'] = np.inf
        h['pixdim'][0] = 0.3
    affine_case('sform_over_qform', 1, 2, FLIPPED, AFFINE)
    affine_case('qform_only', 1, 0, AFFINE, None)
    affine_case('qform_flipped_qfac', 2, 0, FLIPPED, None)
    affine_case('qform_zero_garbage', 0, 1, None, AFFINE, garbage_quaternion)
    affine_case('both_codes_zero', 0, 0, None, None)
    affine_case('both_zero_odd_pixdim', 0, 0, None, None,
                lambda h: h['pixdim'].__setitem__(slice(1, 4), (0.0, -2.0, 3.5)))
    affine_case('qfac_not_unit', 1, 0, AFFINE, None,
                lambda h: h['pixdim'].__setitem__(0, -0.5))
    affine_case('xform_code_invalid', 1, 9, AFFINE, FLIPPED)
    # A quaternion whose w^2 is a hair below zero: nibabel takes w = 0 (180 degree rotation).
    def tiny_negative_w(h):
        h['quatern_b'], h['quatern_c'], h['quatern_d'] = 0.6, 0.8, 1e-4
    affine_case('quaternion_w_zero', 1, 0, AFFINE, None, tiny_negative_w)

    # gz, pairs, extensions, gaps.
    h = with_affine(header(1, 'little', np.float32, SHAPE))
    add('gz_n1_float32', write_single('gz_n1_float32', h, sample_data(np.float32), gz=True), h)
    h = with_affine(header(2, 'big', np.int16, SHAPE), FLIPPED)
    h['scl_slope'], h['scl_inter'] = 0.25, 1.0
    add('gz_n2_be_int16', write_single('gz_n2_be_int16', h, sample_data(np.int16), gz=True), h)
    h = with_affine(header(1, 'little', np.int16, SHAPE, pair=True))
    add('pair_n1_int16', write_pair('pair_n1_int16', h, sample_data(np.int16)), h)
    h = with_affine(header(1, 'big', np.float32, SHAPE, pair=True), FLIPPED)
    add('pair_gz_n1_be_float32',
        write_pair('pair_gz_n1_be_float32', h, sample_data(np.float32), gz=True), h)
    h = with_affine(header(2, 'little', np.uint16, SHAPE, pair=True))
    add('pair_n2_uint16', write_pair('pair_n2_uint16', h, sample_data(np.uint16)), h)
    for version, order in [(1, 'little'), (2, 'big')]:
        h = with_affine(header(version, order, np.int16, SHAPE))
        exts = nib.nifti1.Nifti1Extensions([
            nib.nifti1.Nifti1Extension(6, b'voxtile comment extension'),
            nib.nifti1.Nifti1Extension(4, b'\x00\x01\x02\x03' * 9)])
        buf = io.BytesIO()
        exts.write_to(buf, h.endianness != nib.volumeutils.native_code)
        name = 'extensions_n%d_%s' % (version, order)
        add(name, write_single(name, h, sample_data(np.int16), ext_bytes=buf.getvalue()), h)
    h = with_affine(header(1, 'little', np.float32, SHAPE))
    add('gap_after_header', write_single('gap_after_header', h, sample_data(np.float32), gap=48), h)

    # Channels: 4D (x, y, z, channel) and 5D vector (x, y, z, 1, component).
    h = with_affine(header(1, 'little', np.int16, SHAPE + (2,)))
    add('channels_4d_int16', write_single('channels_4d_int16', h, sample_data(np.int16, SHAPE + (2,))), h)
    h = with_affine(header(1, 'big', np.float32, SHAPE + (1, 3)))
    h.set_intent('vector')
    add('vector_5d_float32',
        write_single('vector_5d_float32', h, sample_data(np.float32, SHAPE + (1, 3))), h)
    h = with_affine(header(1, 'little', np.uint8, SHAPE + (3,)))
    add('channels_4d_gz', write_single('channels_4d_gz', h, sample_data(np.uint8, SHAPE + (3,)), gz=True), h)

    # Two 3D files that bind to channels t1 and t2 (same grid) and one on another grid.
    for name in ('multi_t1', 'multi_t2'):
        h = with_affine(header(1, 'little', np.int16, SHAPE))
        add(name, write_single(name, h, sample_data(np.int16)), h)
    h = with_affine(header(1, 'little', np.int16, SHAPE), FLIPPED)
    add('multi_other_grid', write_single('multi_other_grid', h, sample_data(np.int16)), h)

    # A 2D image with no transform: nibabel pads the shape and the zooms with 1 (pixdim[3] unused).
    h = header(1, 'little', np.float32, (5, 4))
    h['pixdim'][1:4] = (2.0, 3.0, 7.0)
    add('two_d_both_codes_zero', write_single('two_d_both_codes_zero', h, sample_data(np.float32, (5, 4))), h)

    # Special float values: NaN, infinities, -0, subnormals, float64 beyond float32's range.
    special = [np.nan, np.inf, -np.inf, -0.0, 1e-45, 1e-310, 1e300, -1e300, 3.4028235e38, 0.1]
    for label in ('float32', 'float64'):
        dt = DTYPES[label]
        data = sample_data(dt)
        flat = data.reshape(-1, order='F')
        with np.errstate(over='ignore'):
            flat[:len(special)] = np.array(special, dtype=np.float64).astype(dt)
        data = flat.reshape(SHAPE, order='F')
        h = with_affine(header(1, 'little', dt, SHAPE))
        add('special_' + label, write_single('special_' + label, h, data), h)
    h = with_affine(header(1, 'little', np.float64, SHAPE))
    h['scl_slope'], h['scl_inter'] = 2.0, 1.0
    data = sample_data(np.float64).reshape(-1, order='F')
    data[:len(special)] = special
    add('special_float64_scaled',
        write_single('special_float64_scaled', h, data.reshape(SHAPE, order='F')), h)

    with open(os.path.join(OUT, 'manifest.txt'), 'w') as f:
        f.write('\n'.join(entries))
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print('%d fixtures, %d bytes' % (len(entries), total))

if __name__ == '__main__':
    main()
