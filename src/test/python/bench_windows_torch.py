#!/usr/bin/python3
"""PyTorch baseline for jobs/bench.sh windows: conf/norm/nnunet-windows.yaml's network under MONAI's
sliding_window_inference (the transcription in make_sliding_window_fixtures.py: the same windows in
the same order, the same importance map), end to end in one process.

    /usr/bin/python3 src/test/python/bench_windows_torch.py WEIGHTS.safetensors T1 T2 OUT.nii.gz \
        ROI OVERLAP BLEND SIGMA [VOXTILE_OUT]

ROI is X,Y,Z. Reads with nibabel, keeps the full-size output and count maps in memory as MONAI
does, writes float32 4D (x, y, z, channel) with nibabel. Prints read/compute/write seconds on its
first line; with VOXTILE_OUT also the largest difference relative to the largest output value.
"""
import os
import sys
import time

t_start = time.perf_counter()
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from bench_norm_torch import block, run  # noqa: E402
from make_sliding_window_fixtures import sliding_window  # noqa: E402


def up(x, w, node):
    """conv_transpose3d k3 s2 p1 output_padding 1: even extents double (24 -> 48 -> 96), as in the YAML."""
    return F.conv_transpose3d(x, w[node + '.weight'], w[node + '.bias'], stride=2, padding=1, output_padding=1)


def network(x, w):
    e1 = block(block(x, w, 'e1a'), w, 'e1b')
    e2 = block(block(e1, w, 'e2a', stride=2), w, 'e2b')
    b = block(block(e2, w, 'b_a', stride=2), w, 'b_b')
    d2 = block(block(torch.cat([up(b, w, 'up2'), e2], 1), w, 'd2a'), w, 'd2b')
    d1 = block(block(torch.cat([up(d2, w, 'up1'), e1], 1), w, 'd1a'), w, 'd1b')
    return F.conv3d(d1, w['out.weight'], w['out.bias'])


def main():
    weights_file, t1_file, t2_file, out_file, roi, overlap, blend, sigma = sys.argv[1:9]
    roi = [int(v) for v in roi.split(',')]
    run(lambda x, w: sliding_window(x, w, roi, float(overlap), blend, float(sigma), net=network),
        weights_file, t1_file, t2_file, out_file, reference=sys.argv[9] if len(sys.argv) > 9 else None,
        started=t_start)


if __name__ == '__main__':
    main()
