"""Golden fixtures for the preprocessing ops, from nibabel and SciPy on real files no one here wrote:
small crops (affine moved, as nibabel's slicer moves it) of nibabel's own test data and of the
Debian mricron-data templates, chosen for their grids:

  las2mm    nibabel tests/data/anatomical.nii        LAS, 2 mm
  oblique   nibabel tests/data/example_nifti2.nii.gz oblique (shear in y/z), 2 x 2 x 2.2 mm, 2 volumes
  halfmm    mricron templates/ch2better.nii.gz       RAS, 0.5 mm (Colin27)
  las1mm    mricron templates/natbrainlab.nii.gz     LAS, 1 mm

    /usr/bin/python3 src/test/python/make_preprocess_fixtures.py

For each case writes src/test/resources/golden/preprocess/<case>/: input.nii.gz (float32, x, y, z
[, channel]), reorient.yaml and resample.yaml (one node per output, all reading the input) and one
expected_<node>.nii.gz per output: reorient as nibabel's as_reoriented(ornt_transform(
io_orientation(affine), axcodes2ornt(code))), resample as nibabel.processing.resample_to_output(img,
spacing, order, mode='constant', cval=0), i.e. scipy.ndimage.affine_transform in float64 on the
float32 input, stored as float32; a 4D input is resampled volume by volume.
For las2mm also mask.nii.gz (input > its median), shape.yaml and expected_box/padded/edge/masked:
crop_to as nibabel's slicer crops (affine moved), pad_to as TorchIO's CropOrPad(target_shape) pads
and crops (ceil(d / 2) voxels before, floor(d / 2) after; np.pad constant 0 or edge), transcribed
in NumPy, and mask as np.where(mask != 0, x, 0).
PreprocessGoldenTest runs each pipeline tiled on Spark and compares: reorient and order 0 bit for
bit, order 1 within 1e-5 relative, shapes equal, affines within 1e-6.
"""
import os

import nibabel as nib
import numpy as np
from nibabel.orientations import axcodes2ornt, io_orientation, ornt_transform
from nibabel.processing import resample_to_output

OUT = os.path.join("src", "test", "resources", "golden", "preprocess")
NIBABEL_DATA = os.path.join(os.path.dirname(nib.__file__), "tests", "data")
TEMPLATES = "/usr/share/mricron/templates"

# case: (file, crop per axis, [(node, op, arguments)])
CASES = {
    "las2mm": (os.path.join(NIBABEL_DATA, "anatomical.nii"), (slice(10, 22), slice(14, 24), slice(8, 17)), [
        ("ras", "reorient", {"to": "RAS"}),
        ("lps", "reorient", {"to": "LPS"}),
        ("asl", "reorient", {"to": "ASL"}),
        ("nearest1mm", "resample", {"spacing": [1.0, 1.0, 1.0], "order": 0}),
        ("linear1mm", "resample", {"spacing": [1.0, 1.0, 1.0], "order": 1}),
        ("linear3mm", "resample", {"spacing": [3.0, 2.5, 1.5], "order": 1}),
    ]),
    "oblique": (os.path.join(NIBABEL_DATA, "example_nifti2.nii.gz"),
                (slice(8, 18), slice(5, 13), slice(3, 10)), [
        ("ras", "reorient", {"to": "RAS"}),
        ("pil", "reorient", {"to": "PIL"}),
        ("nearest", "resample", {"spacing": [2.5, 2.5, 2.5], "order": 0}),
        ("linear", "resample", {"spacing": [2.5, 2.5, 2.5], "order": 1}),
        ("linear1mm", "resample", {"spacing": [1.0, 1.0, 1.0], "order": 1}),
    ]),
    "halfmm": (os.path.join(TEMPLATES, "ch2better.nii.gz"), (slice(140, 154), slice(180, 192), slice(150, 160)), [
        ("las", "reorient", {"to": "LAS"}),
        ("nearest1mm", "resample", {"spacing": [1.0, 1.0, 1.0], "order": 0}),
        ("linear07", "resample", {"spacing": [0.7, 0.7, 0.7], "order": 1}),
        ("nearest07", "resample", {"spacing": [0.7, 0.7, 0.7], "order": 0}),
    ]),
    "las1mm": (os.path.join(TEMPLATES, "natbrainlab.nii.gz"), (slice(70, 81), slice(90, 99), slice(60, 68)), [
        ("ras", "reorient", {"to": "RAS"}),
        ("nearest", "resample", {"spacing": [1.5, 1.25, 0.8], "order": 0}),
        ("linear", "resample", {"spacing": [1.5, 1.25, 0.8], "order": 1}),
        ("linearhalf", "resample", {"spacing": [0.5, 0.5, 0.5], "order": 1}),
    ]),
}


def crop(path, box):
    img = nib.load(path)
    region = img.slicer[box]  # nibabel moves the affine to the crop's first voxel
    data = np.asarray(region.dataobj, dtype=np.float64).astype(np.float32)
    return data, region.affine


def reorient(data, affine, code):
    img = nib.Nifti1Image(data, affine)
    step = ornt_transform(io_orientation(affine), axcodes2ornt(code))
    out = img.as_reoriented(step)
    return np.asarray(out.dataobj), out.affine


def resample(data, affine, spacing, order):
    volumes = [data] if data.ndim == 3 else [data[..., c] for c in range(data.shape[3])]
    outs = []
    for v in volumes:
        out = resample_to_output(nib.Nifti1Image(v, affine), spacing, order=order, mode="constant", cval=0.0)
        assert out.get_data_dtype() == np.float32
        outs.append(np.asarray(out.dataobj))
        out_affine = out.affine
    return (outs[0] if len(outs) == 1 else np.stack(outs, axis=3)), out_affine


def torchio_bounds(n):
    """TorchIO CropOrPad._get_six_bounds_parameters for one axis: ceil(n / 2) before, floor(n / 2) after."""
    return int(np.ceil(n / 2)), int(np.floor(n / 2))


def pad_to(data, affine, shape, mode):
    """TorchIO's CropOrPad(shape) rule in NumPy: pad (np.pad constant 0 or edge) or crop each axis centred."""
    pads, cuts = [], []
    for d in range(3):
        diff = shape[d] - data.shape[d]
        pads.append(torchio_bounds(max(diff, 0)))
        cuts.append(torchio_bounds(max(-diff, 0)))
    out = np.pad(data, pads + [(0, 0)] * (data.ndim - 3), mode="constant" if mode == "constant" else "edge")
    out = out[tuple(slice(c[0], out.shape[d] - c[1]) for d, c in enumerate(cuts))]
    shift = np.eye(4)
    shift[:3, 3] = [cuts[d][0] - pads[d][0] for d in range(3)]
    return out, affine.dot(shift)


def shape_ops(folder, data, affine):
    """crop_to (nibabel's slicer), pad_to (TorchIO's rule) and mask (np.where) on one real crop."""
    mask = (data > np.median(data)).astype(np.float32)
    save(os.path.join(folder, "mask.nii.gz"), mask, affine)
    box = (2, 1, 3, 9, 8, 7)
    cropped = nib.Nifti1Image(data, affine).slicer[box[0]:box[3], box[1]:box[4], box[2]:box[5]]
    save(os.path.join(folder, "expected_box.nii.gz"), np.asarray(cropped.dataobj), cropped.affine)
    for name, shape, mode in (("padded", (15, 13, 10), "constant"), ("edge", (16, 7, 12), "replicate")):
        out, out_affine = pad_to(data, affine, shape, mode)
        save(os.path.join(folder, f"expected_{name}.nii.gz"), out, out_affine)
    save(os.path.join(folder, "expected_masked.nii.gz"), np.where(mask != 0, data, 0).astype(np.float32), affine)
    with open(os.path.join(folder, "shape.yaml"), "w") as f:
        f.write("# golden crop_to, pad_to and mask of a crop of a real file; make_preprocess_fixtures.py\n"
                "name: shape-las2mm\ninputs: [t1, brain]\nnodes:\n"
                f"  - {{name: box, op: crop_to, inputs: [t1], box: {list(box)}}}\n"
                "  - {name: padded, op: pad_to, inputs: [t1], shape: [15, 13, 10]}\n"
                "  - {name: edge, op: pad_to, inputs: [t1], shape: [16, 7, 12], mode: replicate}\n"
                "  - {name: masked, op: mask, inputs: [t1, brain]}\n"
                "outputs: [box, padded, edge, masked]\n")


def save(path, data, affine):
    img = nib.Nifti1Image(np.ascontiguousarray(data, dtype=np.float32), affine)
    img.set_sform(affine, code=1)
    img.set_qform(affine, code=1)
    nib.save(img, path)


def yaml(case, kind, nodes):
    lines = [f"# golden {kind} of a crop of a real file ({case}); make_preprocess_fixtures.py",
             f"name: {kind}-{case}", "inputs: [t1]", "nodes:"]
    for name, op, args in nodes:
        text = ", ".join(f"{k}: {v}" for k, v in args.items())
        lines.append(f"  - {{name: {name}, op: {op}, inputs: [t1], {text}}}")
    lines.append("outputs: [" + ", ".join(n for n, _, _ in nodes) + "]")
    return "\n".join(lines) + "\n"


def main():
    for case, (path, box, nodes) in CASES.items():
        folder = os.path.join(OUT, case)
        os.makedirs(folder, exist_ok=True)
        data, affine = crop(path, box)
        save(os.path.join(folder, "input.nii.gz"), data, affine)
        for kind in ("reorient", "resample"):
            with open(os.path.join(folder, kind + ".yaml"), "w") as f:
                f.write(yaml(case, kind, [n for n in nodes if n[1] == kind]))
        if case == "las2mm":
            shape_ops(folder, data, affine)
        for name, op, args in nodes:
            if op == "reorient":
                out, out_affine = reorient(data, affine, args["to"])
            else:
                out, out_affine = resample(data, affine, args["spacing"], args["order"])
            save(os.path.join(folder, f"expected_{name}.nii.gz"), out, out_affine)
            print(case, name, nib.aff2axcodes(affine), "->", out.shape, nib.aff2axcodes(out_affine))


if __name__ == "__main__":
    main()
