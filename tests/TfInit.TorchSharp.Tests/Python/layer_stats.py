"""Oracle for ModuleProbe: numpy's statistics of each saved layer output.

usage: layer_stats.py OUTPUTS.npz BINS
Prints {name: {"mean", "std", "zero", "hist"}}; hist is np.histogram over [min, max] (or [-1, 1] for names
starting with "tanh"), as the study reports it.
"""
import json
import sys

import numpy as np

arrays = np.load(sys.argv[1])
bins = int(sys.argv[2])
out = {}
for name in arrays.files:
    x = arrays[name].astype(np.float64).flatten()
    rng = (-1.0, 1.0) if name.startswith("tanh") else (x.min(), x.max())
    out[name] = {"mean": float(x.mean()), "std": float(x.std()), "zero": float(np.mean(x == 0)),
                 "hist": np.histogram(x, bins=bins, range=rng)[0].tolist(),
                 "saturated": float(np.mean(np.abs(x) > 0.99)) if name.startswith("tanh") else 0.0}
json.dump(out, sys.stdout)
