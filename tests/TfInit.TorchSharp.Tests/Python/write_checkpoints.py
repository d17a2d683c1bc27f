"""Writes a small CNN's state_dict with PyTorch 1.13, as a user would share it.

usage: write_checkpoints.py DIR
DIR/cnn.pt and DIR/cnn.bin: torch.save(model.state_dict()) (zip format); DIR/legacy.pt: the pre-1.6 format;
DIR/cnn.safetensors: the same tensors in the safetensors layout (8-byte little-endian header length, JSON header
with dtype/shape/data_offsets, then the raw little-endian bytes); DIR/values.npz: every tensor as numpy saw it.
"""
import json
import struct
import sys
from collections import OrderedDict

import numpy as np
import torch
from torch import nn

out = sys.argv[1]
torch.manual_seed(3)
# Keep in step with CheckpointTests.Cnn (TorchSharp).
model = nn.Sequential(OrderedDict([
    ("conv1", nn.Conv2d(1, 8, 3)), ("bn1", nn.BatchNorm2d(8)), ("relu1", nn.ReLU()),
    ("conv2", nn.Conv2d(8, 16, 3)), ("relu2", nn.ReLU()), ("flat", nn.Flatten()), ("fc", nn.Linear(16 * 4 * 4, 10)),
]))
model.train()
model(torch.randn(4, 1, 8, 8))  # moves BatchNorm's running statistics away from their initial values
state = model.state_dict()
torch.save(state, f"{out}/cnn.pt")
torch.save(state, f"{out}/cnn.bin")
torch.save(state, f"{out}/legacy.pt", _use_new_zipfile_serialization=False)

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}
header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
for name, tensor in state.items():
    data = tensor.contiguous().numpy().astype(tensor.numpy().dtype.newbyteorder("<")).tobytes()
    header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
    blobs.append(data)
    offset += len(data)
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
with open(f"{out}/cnn.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for blob in blobs:
        f.write(blob)

np.savez(f"{out}/values.npz", **{k: v.numpy() for k, v in state.items()})
json.dump({"keys": list(state.keys())}, sys.stdout)
