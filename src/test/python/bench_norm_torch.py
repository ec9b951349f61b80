#!/usr/bin/python3
"""PyTorch baseline for jobs/bench.sh norm: conf/norm/nnunet-style.yaml's network, end to end.

    /usr/bin/python3 src/test/python/bench_norm_torch.py WEIGHTS.safetensors T1 T2 OUT.nii.gz [VOXTILE_OUT]

Reads the two channels with nibabel, runs the nnU-Net-style network in plain torch.nn.functional
(weights from the file voxtile's --save-weights wrote, parsed by hand: no safetensors package
needed), writes float32 with nibabel, 4D (x, y, z, channel) as voxtile writes a 2-channel output.
Prints read/compute/write seconds on its first line; with VOXTILE_OUT (voxtile's or the in-memory
baseline's output) also the largest difference, relative to the largest output value. The caller
times the whole process (interpreter and imports included).

Axes: voxtile's x, y, z are nibabel's array axes 0, 1, 2 and torch's D, H, W, so conv weights
(out, in, kx, ky, kz) are used as stored; conv_transpose weights are (in, out, kx, ky, kz).
instance_norm is nn.InstanceNorm3d(affine=True): training-mode statistics of this scan (no
running statistics), eps 1e-5, per-channel weight and bias from the file.
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

EPS = 1e-5
SLOPE = 0.01


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


def block(x, w, node, stride=1):
    """conv3d k3 p1 (stride 1 or 2) - instance_norm(affine) - leaky_relu(0.01), one nnU-Net unit.

    The pipeline names them <node>, <node>_norm and an activation; the activation works in place
    (nn.LeakyReLU(inplace=True), as nnU-Net builds it), like voxtile's in-place activations.
    """
    y = F.conv3d(x, w[node + '.weight'], w[node + '.bias'], stride=stride, padding=1)
    y = F.instance_norm(y, weight=w[node + '_norm.weight'], bias=w[node + '_norm.bias'], eps=EPS)
    return F.leaky_relu(y, SLOPE, inplace=True)


def up(x, w, node):
    """conv_transpose3d k3 s2 p1: odd extents double minus one (46 -> 91 -> 181), as in the YAML."""
    return F.conv_transpose3d(x, w[node + '.weight'], w[node + '.bias'], stride=2, padding=1)


def network(x, w):
    e1 = block(block(x, w, 'e1a'), w, 'e1b')
    e2 = block(block(e1, w, 'e2a', stride=2), w, 'e2b')
    b = block(block(e2, w, 'b_a', stride=2), w, 'b_b')
    d2 = block(block(torch.cat([up(b, w, 'up2'), e2], 1), w, 'd2a'), w, 'd2b')  # concat [up2, e2]
    d1 = block(block(torch.cat([up(d2, w, 'up1'), e1], 1), w, 'd1a'), w, 'd1b')  # concat [up1, e1]
    return F.conv3d(d1, w['out.weight'], w['out.bias'])


def run(compute, weights_file, t1_file, t2_file, out_file, reference=None, started=None):
    """Reads the two channels, y = compute(x, weights) without gradients, writes y; prints the times
    (in_script_s from `started`, default this module's import) and, given `reference`, the largest
    difference to it relative to the largest output value."""
    # OpenMP here defaults to one thread; use every core, as voxtile's local mode does
    torch.set_num_threads(int(os.environ.get('TORCH_THREADS', os.cpu_count())))
    w = load_safetensors(weights_file)
    t0 = time.perf_counter()
    t1 = nib.load(t1_file)
    x = np.stack([np.asarray(t1.dataobj, dtype=np.float32), np.asarray(nib.load(t2_file).dataobj, dtype=np.float32)])
    x = torch.from_numpy(x)[None]
    t_read = time.perf_counter()
    with torch.no_grad():
        y = compute(x, w)
    t_compute = time.perf_counter()
    out = np.moveaxis(y[0].numpy(), 0, -1)  # (channel, x, y, z) -> (x, y, z, channel), voxtile's 4D layout
    nib.save(nib.Nifti1Image(out, t1.affine), out_file)
    t_write = time.perf_counter()
    print('torch read_s=%.3f compute_s=%.3f write_s=%.3f in_script_s=%.3f threads=%d' % (
        t_read - t0, t_compute - t_read, t_write - t_compute, t_write - (started or t_start), torch.get_num_threads()))
    if reference:
        v = np.asarray(nib.load(reference).dataobj, dtype=np.float32)
        if v.shape != out.shape:
            print('torch vs %s: shapes differ' % reference, v.shape, out.shape)
        else:
            diff, top = np.abs(v - out).max(), np.abs(out).max()
            print('torch vs %s: max |diff| = %.3g (max |value| %.3g), relative %.3g' % (reference, diff, top, diff / top))


def main():
    run(network, *sys.argv[1:5], reference=sys.argv[5] if len(sys.argv) > 5 else None)


if __name__ == '__main__':
    main()
