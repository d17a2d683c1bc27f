#!/usr/bin/python3
"""Notebook 1, why initialization matters: the numpy original of every number the C# notebook checks."""

import numpy as np

from common import exact, gradient_study, near, print_gradients, print_study, study

# Symmetry: a 3-5-1 tanh network with every weight 0.5, then with a random first layer.
np.random.seed(0)
X = np.random.randn(4, 3)
exact("X row 0", X[0])


def forward(W1, W2):
    H = np.tanh(X.dot(W1))
    dA = W2.T * (1 - H ** 2)          # L = sum(H @ W2)
    return H, X.T.dot(dA)


def distinct_columns(m):
    return len({tuple(m[:, j]) for j in range(m.shape[1])})


Hc, dW1c = forward(np.full((3, 5), 0.5), np.full((5, 1), 0.5))
near("constant H row 0", Hc[0])
near("constant dW1 row 0", dW1c[0])
exact("constant: distinct hidden units, distinct gradient columns", [distinct_columns(Hc), distinct_columns(dW1c)])

np.random.seed(1)
W1r = np.random.randn(3, 5) * 0.05
exact("random W1 row 0", W1r[0])
Hr, dW1r = forward(W1r, np.full((5, 1), 0.5))
near("random H row 0", Hr[0])
exact("random: distinct hidden units, distinct gradient columns", [distinct_columns(Hr), distinct_columns(dW1r)])

# Vanishing and exploding activations: CS231n lecture 6.
widths = [500] * 10
print_study("tanh 0.01", study("tanh", lambda i, o: np.random.randn(i, o) * 0.01, 1000, 500, widths, seed=0))
print_study("tanh 1.0", study("tanh", lambda i, o: np.random.randn(i, o) * 1.0, 1000, 500, widths, seed=0))

# The backward side of the same two networks: G = randn(1000, 500) after the kernels, Loss = sum(H_10 * G) / 1000.
print_gradients("tanh 0.01", gradient_study("tanh", lambda i, o: np.random.randn(i, o) * 0.01, 1000, 500, widths, seed=0))
print_gradients("tanh 1.0", gradient_study("tanh", lambda i, o: np.random.randn(i, o) * 1.0, 1000, 500, widths, seed=0))


# Vanishing and exploding gradients: 200 x 100 inputs, ten tanh layers of 100, loss = sum of the last outputs.
def gradient_stds(init, seed):
    np.random.seed(seed)
    x = np.random.randn(200, 100)
    inputs, weights, outputs = [], [], []
    for _ in range(10):
        w = init(100, 100)
        h = np.tanh(x.dot(w))
        inputs.append(x); weights.append(w); outputs.append(h)
        x = h
    g = np.ones((200, 100))
    stds = [0.0] * 10
    for l in reversed(range(10)):
        dA = g * (1 - outputs[l] ** 2)
        stds[l] = np.std(inputs[l].T.dot(dA))
        g = dA.dot(weights[l].T)
    return stds


near("dW std per layer, randn * 0.01", gradient_stds(lambda i, o: np.random.randn(i, o) * 0.01, 0))
near("dW std per layer, randn * 1.0", gradient_stds(lambda i, o: np.random.randn(i, o) * 1.0, 0))
near("dW std per layer, xavier", gradient_stds(lambda i, o: np.random.randn(i, o) * np.sqrt(1 / i), 0))
