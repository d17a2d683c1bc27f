#!/usr/bin/python3
"""Notebook 4, BN + small Gaussian: the blog's network with randn * 0.01, without and with batch norm.

The tutorial's TensorFlow 1.x lines
    W = tf.Variable(np.random.randn(shape) * 0.01)
    fc = tf.contrib.layers.batch_norm(fc, center=True, scale=True, is_training=True)
    fc = tf.nn.relu(fc)
are written in numpy (TensorFlow is not installable here): batch statistics, epsilon 1e-3, gamma 1, beta 0.
"""

import numpy as np

from common import batch_norm, gradient_study, near, print_gradients, print_study, study

widths = [800 - 50 * i for i in range(1, 10)]
small = lambda i, o: np.random.randn(i, o) * 0.01
print_study("relu 0.01", study("relu", small, 2000, 800, widths, seed=0))
bn = study("relu", small, 2000, 800, widths, seed=0, bn=True)
print_study("relu 0.01 + bn", bn)
print_gradients("relu 0.01", gradient_study("relu", small, 2000, 800, widths, seed=0))
print_gradients("relu 0.01 + bn", gradient_study("relu", small, 2000, 800, widths, seed=0, bn=True))
for i, (mean, std) in enumerate(bn, start=1):
    print(f"layer {i}: units {widths[i - 1]}, mean {mean:.6f}, std {std:.6f}")
near("relu(z) moments 1/sqrt(2 pi), sqrt(1/2 - 1/(2 pi))", [1 / np.sqrt(2 * np.pi), np.sqrt(0.5 - 1 / (2 * np.pi))])

# Scale invariance of BN.
np.random.seed(6)
x = np.random.randn(256, 100)
w = np.random.randn(100, 50) * 0.01
h1, h100 = x.dot(w), x.dot(100 * w)
near("BN(xW) first 5, eps 0", batch_norm(h1, 0).ravel()[:5])
near("BN(x 100W) first 5, eps 0", batch_norm(h100, 0).ravel()[:5])
near("BN(xW) first 5, eps 1e-3", batch_norm(h1, 1e-3).ravel()[:5])
near("BN(x 100W) first 5, eps 1e-3", batch_norm(h100, 1e-3).ravel()[:5])
