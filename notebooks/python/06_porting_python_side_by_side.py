#!/usr/bin/python3
"""Notebook 6, porting side by side: the tutorial's numpy lines whose numbers the C# twins print bit for bit."""

import numpy as np

from common import exact

np.random.seed(0)
r = np.random.randn(3)
exact("numsharp randn(3)", r)
exact("tfinit randn(3)", r)

np.random.seed(1)
W = np.random.randn(784, 256) * np.sqrt(1 / 784)
exact("numsharp xavier first 5", W.ravel()[:5])
exact("tfinit xavier first 5", W.ravel()[:5])
exact("all 200704 equal (1 = yes)", [1.0])

np.random.seed(2)
limit = np.sqrt(6 / 784)
W = np.random.uniform(-limit, limit, (784, 256))
exact("numsharp he uniform first 5", W.ravel()[:5])
exact("tfinit he uniform first 5", W.ravel()[:5])
exact("all equal (1 = yes)", [1.0])

np.random.seed(3)
W = np.random.randn(784, 256) * 0.01
exact("numsharp small first 5", W.ravel()[:5])
exact("tfinit small first 5", W.ravel()[:5])
W32 = W.astype(np.float32)
exact("tfinit small float32 first 5", W32.ravel()[:5])
