#!/usr/bin/python3
"""Notebook 3, He: ReLU halves the second moment; the tutorial's numpy lines; Xavier versus He under ReLU."""

import numpy as np

from common import exact, gradient_study, near, print_gradients, print_study, study

np.random.seed(3)
z = np.random.randn(1000000)
near("E[z^2], E[relu(z)^2]", [np.mean(z ** 2), np.mean(np.maximum(0, z) ** 2)])

np.random.seed(4)
W = np.random.randn(500, 300) * np.sqrt(2 / 500)
exact("he normal first 5", W.ravel()[:5])
near("he normal var, 2/n", [np.var(W), 2 / 500])

np.random.seed(5)
limit = np.sqrt(6 / 500)
W = np.random.uniform(-limit, limit, (500, 300))
exact("he uniform first 5", W.ravel()[:5])
near("he uniform var, min, max", [np.var(W), W.min(), W.max()])

widths = [500] * 10
print_study("relu xavier", study("relu", lambda i, o: np.random.randn(i, o) * np.sqrt(1 / i), 1000, 500, widths, seed=0))
print_study("relu he", study("relu", lambda i, o: np.random.randn(i, o) * np.sqrt(2 / i), 1000, 500, widths, seed=0))
print_gradients("relu xavier", gradient_study("relu", lambda i, o: np.random.randn(i, o) * np.sqrt(1 / i), 1000, 500, widths, seed=0))
print_gradients("relu he", gradient_study("relu", lambda i, o: np.random.randn(i, o) * np.sqrt(2 / i), 1000, 500, widths, seed=0))
