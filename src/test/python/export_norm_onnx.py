#!/usr/bin/python3
"""Exports the nnU-Net-style network of conf/norm/nnunet-style.yaml, as bench_norm_torch.py runs
it in PyTorch, to ONNX with dynamic spatial axes: what a user of a trained model hands voxtile.

    /usr/bin/python3 src/test/python/export_norm_onnx.py WEIGHTS.safetensors OUT.onnx

The weights are the ones voxtile's --save-weights wrote for the YAML pipeline, so the imported
model, the YAML pipeline and PyTorch compute the same network (jobs/bench.sh norm with ONNX=1).
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_norm_torch as reference  # noqa: E402


class NnUnetStyle(torch.nn.Module):
    def __init__(self, weights):
        super().__init__()
        self.w = weights

    def forward(self, x):
        return reference.network(x, self.w)


def main():
    weights, out = sys.argv[1:3]
    module = NnUnetStyle(reference.load_safetensors(weights)).eval()
    x = torch.randn(1, 2, 21, 25, 21)  # any 4k+1 extents: the network needs odd ones at every level
    torch.onnx.export(module, x, out, opset_version=17, input_names=['input'], output_names=['output'],
                      dynamic_axes={'input': {2: 'x', 3: 'y', 4: 'z'}, 'output': {2: 'ox', 3: 'oy', 4: 'oz'}},
                      do_constant_folding=True)
    print('wrote', out)


if __name__ == '__main__':
    main()
