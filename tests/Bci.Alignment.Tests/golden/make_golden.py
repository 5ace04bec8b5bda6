#!/usr/bin/env python3
"""Regenerates the golden files of Bci.Alignment.Tests with numpy and onnx (Debian: python3-numpy, python3-onnx).

Catalog files: the same 5 x 8 latents written by numpy (.npy C and Fortran order, float64, .npz stored and
deflated) and by a plain writer that follows the safetensors specification (no safetensors package on Debian 12),
plus expected.json with the values as text.

Tiny ONNX encoder: latent = W . flatten((image/255 - mean) / std) + b on 8 x 8 RGB images, with its
preprocessing JSON beside it, four test images (PNG, written with zlib) and the latents numpy computes for them.

Run from anywhere: python3 make_golden.py (writes beside this script); versions go to versions.json.
"""
import json
import os
import struct
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261130)


def out(name):
    return os.path.join(HERE, name)


# ---- catalogs ---------------------------------------------------------------------------------------------
latents = rng.standard_normal((5, 8)).astype(np.float32)
names = np.array(["left-hand", "right-hand", "feet", "tongue", "rest"])
sources = np.array(["action:left-hand", "action:right-hand", "action:feet", "action:tongue", "action:rest"])

np.save(out("catalog.npy"), latents)
np.save(out("catalog_fortran_f64.npy"), np.asfortranarray(latents.astype(np.float64)))
np.savez(out("catalog.npz"), latents=latents, names=names, sources=sources,
         space_id=np.array(["test/motor"]), model=np.array(["golden"]), normalisation=np.array(["none"]))
np.savez_compressed(out("catalog_compressed.npz"), embeddings=latents, names=names)


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs, offset = [], 0
    for name, array, dtype in tensors:
        raw = array.tobytes(order="C")
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode("utf-8")
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


meta = {"space_id": "test/motor", "model": "golden", "normalisation": "none",
        "names": json.dumps(names.tolist()), "sources": json.dumps(sources.tolist())}
write_safetensors(out("catalog.safetensors"), [("latents", latents.astype("<f4"), "F32")], meta)
write_safetensors(out("catalog_f16.safetensors"), [("latents", latents.astype("<f2"), "F16")], meta)

with open(out("expected.json"), "w") as f:
    json.dump({"latents": latents.astype(float).tolist(), "latents_f16": latents.astype(np.float16).astype(float).tolist(),
               "names": names.tolist(), "sources": sources.tolist()}, f, indent=1)

# ---- tiny ONNX encoder ------------------------------------------------------------------------------------
size, dim = 8, 16
mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
weights = (rng.standard_normal((3 * size * size, dim)) * 0.05).astype(np.float32)
bias = (rng.standard_normal(dim) * 0.1).astype(np.float32)

graph = helper.make_graph(
    [helper.make_node("Flatten", ["image"], ["flat"], axis=1),
     helper.make_node("MatMul", ["flat", "W"], ["projected"]),
     helper.make_node("Add", ["projected", "b"], ["latent"])],
    "tiny-encoder",
    [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 3, size, size])],
    [helper.make_tensor_value_info("latent", TensorProto.FLOAT, ["N", dim])],
    [numpy_helper.from_array(weights, "W"), numpy_helper.from_array(bias, "b")])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="make_golden.py")
model.ir_version = 7
onnx.checker.check_model(model)
onnx.save(model, out("tiny-encoder.onnx"))

with open(out("tiny-encoder.json"), "w") as f:
    json.dump({"space_id": "test/tiny-encoder", "input": "image", "output": "latent", "width": size, "height": size,
               "layout": "nchw", "channels": "rgb", "scale": 1 / 255, "mean": mean.tolist(), "std": std.tolist(),
               "resize": "stretch", "normalise": "l2"}, f, indent=1)


def write_png(path, rgb):
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].astype(np.uint8).tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


images_dir = out("images")
os.makedirs(images_dir, exist_ok=True)
expected = {}
for i in range(4):
    pixels = rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
    name = f"img{i}"
    if i == 3:
        # 16 x 16 with uniform 2 x 2 blocks: any resampler that halves it exactly gives the 8 x 8 pixels back.
        write_png(os.path.join(images_dir, name + ".png"), pixels.repeat(2, axis=0).repeat(2, axis=1))
    else:
        write_png(os.path.join(images_dir, name + ".png"), pixels)
    x = (pixels.astype(np.float32) / 255 - mean) / std          # H x W x C
    x = x.transpose(2, 0, 1).reshape(1, -1)                      # NCHW flattened
    z = (x @ weights + bias)[0].astype(np.float64)
    expected[name] = (z / np.linalg.norm(z)).tolist()
with open(out("tiny-encoder-expected.json"), "w") as f:
    json.dump(expected, f, indent=1)

with open(out("versions.json"), "w") as f:
    json.dump({"numpy": np.__version__, "onnx": onnx.__version__}, f, indent=1)
print("golden files written to", HERE)
