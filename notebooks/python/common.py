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


def batch_norm_backward(h, dy, eps=1e-3):
    """dLoss/dh of batch_norm(h) given dLoss/dy, with the batch statistics differentiated too (training mode)."""
    inv = 1 / np.sqrt(h.var(axis=0) + eps)
    y = (h - h.mean(axis=0)) * inv
    return inv * (dy - dy.mean(axis=0) - y * (dy * y).mean(axis=0))


def gradient_study(activation, init, rows, features, widths, seed, bn=False):
    """The same network as study(), then G = randn(rows, width_L) and Loss = sum(H_L * G) / rows, written backwards
    by hand: the std of dLoss/dH_l (the signal arriving at layer l's output) and of dLoss/dW_l, per layer."""
    np.random.seed(seed)
    x = np.random.randn(rows, features)
    inputs, kernels, pre, outs = [], [], [], []
    for width in widths:
        w = init(x.shape[1], width)
        h = x.dot(w)
        z = batch_norm(h) if bn else h
        inputs.append(x); kernels.append(w); pre.append(h)
        x = ACTIVATIONS[activation](z)
        outs.append(x)
    g = np.random.randn(rows, widths[-1]) / rows
    grad_std, weight_grad_std = [0.0] * len(widths), [0.0] * len(widths)
    for l in reversed(range(len(widths))):
        grad_std[l] = float(np.std(g))
        dz = g * (1 - outs[l] ** 2) if activation == "tanh" else g * (outs[l] > 0)
        dh = batch_norm_backward(pre[l], dz) if bn else dz
        weight_grad_std[l] = float(np.std(inputs[l].T.dot(dh)))
        g = dh.dot(kernels[l].T)
    return grad_std, weight_grad_std


def print_gradients(label, grads):
    near(f"{label} grad_std per layer", grads[0])
    near(f"{label} weight_grad_std per layer", grads[1])
