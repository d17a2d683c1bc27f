#!/usr/bin/python3
"""Notebook 2, Xavier: the tutorial's numpy lines and the tanh sample graph."""

import numpy as np

from common import exact, gradient_study, near, print_gradients, print_study, study

np.random.seed(1)
n_in, n_out = 500, 300
n = (n_in + n_out) * 0.5
W = np.random.randn(n_in, n_out) * np.sqrt(1 / n)
exact("xavier normal fan_avg first 5", W.ravel()[:5])
near("xavier normal fan_avg var, 1/n", [np.var(W), 1 / n])

np.random.seed(1)
W = np.random.randn(n_in, n_out) * np.sqrt(1 / n_in)
exact("xavier normal fan_in first 5", W.ravel()[:5])
near("xavier normal fan_in var, 1/n_in", [np.var(W), 1 / n_in])

np.random.seed(2)
limit = np.sqrt(3 / n)
W = np.random.uniform(-limit, limit, (n_in, n_out))
exact("xavier uniform first 5", W.ravel()[:5])
near("xavier uniform var, min, max", [np.var(W), W.min(), W.max()])
exact("GlorotUniform is the same draw", W.ravel()[:5])

print_study("tanh xavier", study("tanh", lambda i, o: np.random.randn(i, o) * np.sqrt(1 / i), 1000, 500, [500] * 10, seed=0))
print_gradients("tanh xavier", gradient_study("tanh", lambda i, o: np.random.randn(i, o) * np.sqrt(1 / i), 1000, 500, [500] * 10, seed=0))
