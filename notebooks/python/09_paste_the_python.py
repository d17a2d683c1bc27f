#!/usr/bin/python3
"""Notebook 9, paste the Python: the tutorial's numpy lines run by numpy, whose numbers the C# notebook prints bit for bit."""

import numpy as np

from common import exact


class tf:
    """The tutorial wraps each array in tf.Variable; for the values it is the identity."""
    Variable = staticmethod(lambda x, **kwargs: x)


RECIPES = [
    ("Xavier normal", "n = (n_in + n_out) * 0.5\nstdev = np.sqrt(1/n)\nW = tf.Variable(np.random.randn(n_in, n_out) * stdev)"),
    ("Xavier uniform", "n = (n_in + n_out) * 0.5\nscale = np.sqrt(3/n)\nW = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))"),
    ("He normal", "n = n_in\nstdev = np.sqrt(2/n)\nW = tf.Variable(np.random.randn(n_in, n_out) * stdev)"),
    ("He uniform", "n = n_in\nscale = np.sqrt(6/n)\nW = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))"),
    ("BN + small Gaussian", "W = tf.Variable(np.random.randn(node_in, node_out) * 0.01)"),
]


def run(code, seed, n_in, n_out):
    np.random.seed(seed)
    env = {"np": np, "tf": tf, "n_in": n_in, "n_out": n_out, "node_in": n_in, "node_out": n_out, "shape": (n_in, n_out)}
    exec(code, env)
    return env["W"].ravel()


for name, code in RECIPES:
    w = run(code, 7, 784, 256)
    exact(f"{name} seed 7 [784, 256] first 5", w[:5])
    exact(f"{name} seed 7 [784, 256] last", w[-1:])

try:
    run("W = tf.Variable(np.random.randn(shape) * 0.01)", 7, 784, 256)
except TypeError as e:
    print("TypeError:", e)
exact("randn(*shape) * 0.01 seed 7 first 5", run("W = tf.Variable(np.random.randn(*shape) * 0.01)", 7, 784, 256)[:5])

BLOCK = """
n = n_in
stdev = np.sqrt(1/n)
W = tf.Variable(np.random.randn(n_in, n_out) * stdev)
scale = np.sqrt(3/n)
W = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))
stdev = np.sqrt(2/n)
W = tf.Variable(np.random.randn(n_in, n_out) * stdev)
scale = np.sqrt(6/n)
W = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))
W = tf.Variable(np.random.randn(node_in, node_out) * 0.01)
"""
exact("whole block seed 2024 [64, 32] first 5", run(BLOCK, 2024, 64, 32)[:5])
