"""Oracle for TfInit.TorchSharp.Init: torch.nn.init of PyTorch 1.13 on the same shapes.

usage: init_parity.py OURS.npz
OURS.npz holds, for each case below, the tensor TfInit's Init.<function> filled. Prints JSON:
{"gains": {name: gain}, "cases": {case: {"exact": bool} or {"p": ks_pvalue, "ours_max", "torch_bound"}}}.
"""
import json
import math
import sys

import numpy as np
import torch
from scipy import stats

init = torch.nn.init

# case -> (shape, PyTorch call, exact?, bound or None). Keep in step with InitFunctionTests.Cases.
CASES = {
    "uniform": ((300, 200), lambda t: init.uniform_(t, -0.3, 0.7), False, None),
    "normal": ((300, 200), lambda t: init.normal_(t, 0.5, 2.0), False, None),
    "trunc_normal": ((300, 200), lambda t: init.trunc_normal_(t, 0.1, 1.0, -1.5, 2.0), False, None),
    "xavier_uniform": ((300, 200), lambda t: init.xavier_uniform_(t, 1.5), False, 1.5 * math.sqrt(6.0 / 500)),
    "xavier_normal": ((64, 32, 3, 3), lambda t: init.xavier_normal_(t, 0.8), False, None),
    "kaiming_uniform": ((64, 32, 3, 3), lambda t: init.kaiming_uniform_(t, a=0.2, mode="fan_out", nonlinearity="leaky_relu"), False,
                        init.calculate_gain("leaky_relu", 0.2) * math.sqrt(3.0 / (64 * 9))),
    "kaiming_normal": ((300, 200), lambda t: init.kaiming_normal_(t, mode="fan_in", nonlinearity="relu"), False, None),
    "orthogonal": ((48, 8, 3, 3), lambda t: init.orthogonal_(t, 1.3), False, None),
    "sparse": ((200, 300), lambda t: init.sparse_(t, 0.3, 0.02), False, None),
    "constant": ((7, 5), lambda t: init.constant_(t, 0.37), True, None),
    "ones": ((7, 5), init.ones_, True, None),
    "zeros": ((7, 5), init.zeros_, True, None),
    "eye": ((5, 9), init.eye_, True, None),
    "dirac": ((6, 4, 3, 3), init.dirac_, True, None),
    "dirac_groups": ((8, 3, 5), lambda t: init.dirac_(t, groups=2), True, None),
    "dirac_3d": ((4, 4, 3, 2, 3), init.dirac_, True, None),
}

GAINS = [("linear", None), ("conv1d", None), ("conv2d", None), ("conv3d", None), ("conv_transpose1d", None),
         ("conv_transpose2d", None), ("conv_transpose3d", None), ("sigmoid", None), ("tanh", None), ("relu", None),
         ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", 0.0), ("selu", None)]


def main():
    ours = np.load(sys.argv[1])
    torch.manual_seed(0)
    cases = {}
    for name, (shape, call, exact, bound) in CASES.items():
        theirs = torch.empty(shape, dtype=torch.float64)
        call(theirs)
        theirs = theirs.numpy()
        mine = ours[name]
        entry = {"shape_equal": list(mine.shape) == list(shape)}
        if exact:
            entry["exact"] = bool(entry["shape_equal"] and np.array_equal(mine, theirs))
        else:
            entry["p"] = float(stats.ks_2samp(mine.flatten(), theirs.flatten()).pvalue)
            entry["ours_max"] = float(np.abs(mine).max())
            entry["ours_min"] = float(mine.min())
            entry["ours_maxval"] = float(mine.max())
            if bound is not None:
                entry["torch_bound"] = bound
        cases[name] = entry
    gains = {f"{n}/{p}": init.calculate_gain(n, p) for n, p in GAINS}
    json.dump({"gains": gains, "cases": cases}, sys.stdout)


main()
