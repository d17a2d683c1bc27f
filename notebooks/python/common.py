"""Helpers shared by the Python originals: the same check lines the C# notebooks print.

"= label: numbers" lines must equal the notebook's exactly (the NumPy stream promises it);
"~ label: numbers" lines must agree within the tolerance stated in notebooks/compare.py.
"""

import numpy as np


def exact(label, values):
    print("= " + label + ": " + " ".join(repr(float(v)) for v in values))


def near(label, values):
    print("~ " + label + ": " + " ".join(repr(float(v)) for v in values))


def batch_norm(h, eps=1e-3):
    """tf.contrib.layers.batch_norm(center=True, scale=True, is_training=True) at initialization."""
    mean = h.mean(axis=0)
    var = h.var(axis=0)
    return (h - mean) / np.sqrt(var + eps)


ACTIVATIONS = {"tanh": np.tanh, "relu": lambda x: np.maximum(0, x)}


def study(activation, init, rows, features, widths, seed, bn=False):
    """The CS231n lecture-6 script: D = randn(rows, features), then per layer W = init(fan_in, fan_out)."""
    np.random.seed(seed)
    x = np.random.randn(rows, features)
    layers = []
    for width in widths:
        h = x.dot(init(x.shape[1], width))
        if bn:
            h = batch_norm(h)
        x = ACTIVATIONS[activation](h)
        layers.append((float(np.mean(x)), float(np.std(x))))
    return layers


def print_study(label, layers):
    for i, (mean, std) in enumerate(layers, start=1):
        near(f"{label} layer {i} mean std", [mean, std])
