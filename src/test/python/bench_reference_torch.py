#!/usr/bin/python3
"""PyTorch baseline for jobs/bench.sh scan: conf/bench-reference.yaml's network, end to end.

    /usr/bin/python3 src/test/python/bench_reference_torch.py WEIGHTS.safetensors T1 T2 OUT.nii.gz [VOXTILE_OUT]
    /usr/bin/python3 src/test/python/bench_reference_torch.py WEIGHTS.safetensors --manifest SCANS.csv OUT_DIR

Reads the two channels with nibabel, runs the network (weights from the file voxtile's
--save-weights wrote, parsed by hand: no safetensors package needed), writes float32 with
nibabel. Prints read/compute/write seconds; with VOXTILE_OUT also the largest difference from
voxtile's output. With --manifest (voxtile's batch format: scan_id,t1,t2, paths relative to the
manifest's folder) every scan in turn in this one process, OUT_DIR/<scan_id>/out.nii.gz each, as
a user's batch loop would (jobs/bench.sh batch). The caller times the whole process (interpreter
and imports included).
"""
import json
import os
import struct
import sys
import time

t_start = time.perf_counter()
import nibabel as nib
import numpy as np
import torch
import torch.nn.functional as F


def load_safetensors(path):
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        blob = f.read()
    out = {}
    for name, t in header.items():
        if name == '__metadata__':
            continue
        assert t['dtype'] == 'F32', t
        a, b = t['data_offsets']
        out[name] = torch.from_numpy(np.frombuffer(blob[a:b], dtype='<f4').reshape(t['shape']).copy())
    return out


# OpenMP here defaults to one thread; use every core, as voxtile's local mode does
torch.set_num_threads(int(os.environ.get('TORCH_THREADS', os.cpu_count())))


def run(t1_file, t2_file, out_file):
    """Reads, computes and writes one scan; returns its read, compute and write seconds and the output."""
    t0 = time.perf_counter()
    t1 = nib.load(t1_file)
    x = np.stack([np.asarray(t1.dataobj, dtype=np.float32), np.asarray(nib.load(t2_file).dataobj, dtype=np.float32)])
    x = torch.from_numpy(x)[None]
    t_read = time.perf_counter()
    with torch.no_grad():
        y = F.relu(F.conv3d(x, w['c1.weight'], w['c1.bias'], padding=1))
        y = F.relu(F.conv3d(y, w['c2.weight'], w['c2.bias'], padding=1))
        y = F.max_pool3d(y, 2, 2)
        y = F.relu(F.conv3d(y, w['c3.weight'], w['c3.bias'], padding=1))
        y = F.conv_transpose3d(y, w['up.weight'], w['up.bias'], stride=2)
        y = F.conv3d(y, w['out.weight'], w['out.bias'])
    t_compute = time.perf_counter()
    out = y[0, 0].numpy()
    nib.save(nib.Nifti1Image(out, t1.affine), out_file)
    return t_read - t0, t_compute - t_read, time.perf_counter() - t_compute, out


w = load_safetensors(sys.argv[1])
if sys.argv[2] == '--manifest':
    import csv
    manifest, out_dir = sys.argv[3:5]
    here = os.path.dirname(os.path.abspath(manifest))
    totals = [0.0, 0.0, 0.0]
    with open(manifest, newline='') as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        os.makedirs(os.path.join(out_dir, row['scan_id']), exist_ok=True)
        times = run(os.path.join(here, row['t1']), os.path.join(here, row['t2']),
                    os.path.join(out_dir, row['scan_id'], 'out.nii.gz'))[:3]
        totals = [a + b for a, b in zip(totals, times)]
    print('torch scans=%d read_s=%.3f compute_s=%.3f write_s=%.3f in_script_s=%.3f threads=%d' % (
        len(rows), *totals, time.perf_counter() - t_start, torch.get_num_threads()))
    sys.exit(0)
t1_file, t2_file, out_file = sys.argv[2:5]
read_s, compute_s, write_s, out = run(t1_file, t2_file, out_file)
print('torch read_s=%.3f compute_s=%.3f write_s=%.3f in_script_s=%.3f threads=%d' % (
    read_s, compute_s, write_s, time.perf_counter() - t_start, torch.get_num_threads()))
if len(sys.argv) > 5:
    v = np.asarray(nib.load(sys.argv[5]).dataobj, dtype=np.float32)
    if v.shape != out.shape:
        print('torch vs voxtile: shapes differ', v.shape, out.shape)
    else:
        print('torch vs voxtile: max |diff| = %.3g (max |value| %.3g)' % (np.abs(v - out).max(), np.abs(out).max()))
