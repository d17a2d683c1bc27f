"""Oracle for InitPolicy.Torch: PyTorch 1.13's own modules next to the values TfInit wrote.

usage: module_parity.py OURS.npz
OURS.npz holds TfInit's values (InitPolicy.Torch) for every parameter and buffer of the module dict below, by
qualified name. Prints JSON {name: {shape, dtype_constant, p, bound, ours_max, torch_max, exact}}.
"""
import json
import math
import sys

import numpy as np
import torch
from scipy import stats
from torch import nn


def modules():
    # The same constructors as ModuleParityTests.Build (TorchSharp); keep the two lists in step.
    return nn.ModuleDict({
        "linear": nn.Linear(200, 100),
        "conv1d": nn.Conv1d(8, 16, 3),
        "conv2d": nn.Conv2d(16, 32, 3),
        "conv3d": nn.Conv3d(4, 8, 3),
        "convt1d": nn.ConvTranspose1d(16, 8, 5),
        "convt2d": nn.ConvTranspose2d(16, 8, 3),
        "convt3d": nn.ConvTranspose3d(8, 4, 3),
        "bn1d": nn.BatchNorm1d(10),
        "bn2d": nn.BatchNorm2d(16),
        "bn3d": nn.BatchNorm3d(4),
        "inorm": nn.InstanceNorm2d(8, affine=True),
        "ln": nn.LayerNorm(32),
        "gn": nn.GroupNorm(4, 16),
        "emb": nn.Embedding(400, 16, padding_idx=3),
        "rnn": nn.RNN(10, 20, num_layers=2),
        "lstm": nn.LSTM(10, 20, bidirectional=True),
        "gru": nn.GRU(10, 20),
        "rnncell": nn.RNNCell(10, 20),
        "lstmcell": nn.LSTMCell(10, 20),
        "grucell": nn.GRUCell(10, 20),
        "mha": nn.MultiheadAttention(32, 4),
        "mhakv": nn.MultiheadAttention(32, 4, add_bias_kv=True, kdim=8, vdim=8),
    })


def uniform_bound(owner, local, tensor, module):
    """PyTorch's bound for parameters it draws uniformly, from PyTorch's own helpers; None otherwise."""
    init = torch.nn.init
    if isinstance(module, (nn.Linear, nn.modules.conv._ConvNd)):
        fan_in, _ = init._calculate_fan_in_and_fan_out(module.weight)
        if local == "weight":
            gain = init.calculate_gain("leaky_relu", math.sqrt(5))
            return math.sqrt(3.0) * gain / math.sqrt(fan_in)
        return 1 / math.sqrt(fan_in)
    if isinstance(module, (nn.RNNBase, nn.RNNCellBase)):
        return 1.0 / math.sqrt(module.hidden_size)
    if isinstance(module, nn.MultiheadAttention):
        if local in ("in_proj_weight", "q_proj_weight", "k_proj_weight", "v_proj_weight"):
            fan_in, fan_out = init._calculate_fan_in_and_fan_out(tensor)
            return math.sqrt(6.0 / (fan_in + fan_out))
        if local == "out_proj.weight":
            return 1 / math.sqrt(module.embed_dim)
    return None


def main():
    ours = np.load(sys.argv[1])
    torch.manual_seed(0)
    model = modules()
    owners = {}
    for mname, module in model.named_modules():
        for local, _ in list(module.named_parameters(recurse=False)) + list(module.named_buffers(recurse=False)):
            owners[f"{mname}.{local}" if mname else local] = (module, local)
    # MultiheadAttention's out_proj is a child Linear in PyTorch; its bound is the MHA's.
    for name in list(owners):
        if ".out_proj." in name:
            parent = name.split(".out_proj.")[0]
            owners[name] = (model[parent], "out_proj." + name.split(".out_proj.")[1])
    result = {}
    state = model.state_dict(keep_vars=True)
    for name, tensor in state.items():
        theirs = tensor.detach().double().flatten().numpy()
        entry = {"shape": list(tensor.shape)}
        if name in ours.files:
            mine = ours[name].astype(np.float64).flatten()
            entry["ours_max"] = float(np.abs(mine).max()) if mine.size else 0.0
            entry["torch_max"] = float(np.abs(theirs).max()) if theirs.size else 0.0
            if theirs.size and np.all(theirs == theirs[0]):
                entry["exact"] = bool(mine.shape == theirs.shape and np.all(mine == theirs))
            else:
                if name.endswith("emb.weight"):
                    # The padding row (3) is zero in both; the rest is N(0, 1).
                    entry["exact"] = bool(np.all(ours[name][3] == 0) and np.all(tensor.detach().numpy()[3] == 0))
                    mine = np.delete(ours[name], 3, axis=0).flatten()
                    theirs = np.delete(tensor.detach().double().numpy(), 3, axis=0).flatten()
                entry["p"] = float(stats.ks_2samp(mine, theirs).pvalue)
            module, local = owners[name]
            bound = uniform_bound(name, local, tensor, module)
            if bound is not None:
                entry["bound"] = float(np.float32(bound))
        result[name] = entry
    json.dump(result, sys.stdout)


main()
