#!/usr/bin/python3
"""CS231n lecture 6 (2017): activation and gradient statistics of a 10-layer net at initialization.

The lecture's script, unchanged but for the seed in front and a choice of activation and weight
scale, printing each layer's mean and std as JSON; then the backward pass written out by hand for
the loss  Loss = (1/N) * sum(H_L * G),  G = np.random.randn(N, width_L) drawn after the last weight
matrix (a unit-variance error signal arriving at the top), with per layer the population stds of
dLoss/dH_l ("grad_std") and of dLoss/dW_l ("weight_grad_std") and the Frobenius norm of dLoss/dW_l.
`tfinit study --rng numpy --seed S --dtype float64` with the same network prints the same numbers:
it draws the input, then every weight matrix, then G from the same numpy stream, in the same order.

    /usr/bin/python3 cs231n_activations.py --seed 0 --activation tanh --init small

--init small: W = randn * 0.01;  large: W = randn * 1.0;
       xavier: W = randn / sqrt(fan_in);  he: W = randn / sqrt(fan_in / 2)
"""

import argparse
import json

import numpy as np

INITS = {
    "small": lambda fan_in, fan_out: np.random.randn(fan_in, fan_out) * 0.01,
    "large": lambda fan_in, fan_out: np.random.randn(fan_in, fan_out) * 1.0,
    "xavier": lambda fan_in, fan_out: np.random.randn(fan_in, fan_out) / np.sqrt(fan_in),
    "he": lambda fan_in, fan_out: np.random.randn(fan_in, fan_out) / np.sqrt(fan_in / 2),
}
ACTIVATIONS = {"tanh": np.tanh, "relu": lambda x: np.maximum(0, x)}
# f'(Z) from the layer's input Z and output H: tanh' = 1 - tanh^2, relu' = [Z > 0].
DERIVATIVES = {"tanh": lambda Z, H: 1 - H ** 2, "relu": lambda Z, H: (Z > 0).astype(Z.dtype)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--activation", choices=sorted(ACTIVATIONS), default="tanh")
    parser.add_argument("--init", choices=sorted(INITS), default="small")
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--features", type=int, default=500)
    parser.add_argument("--widths", default=",".join(["500"] * 10))
    args = parser.parse_args()

    np.random.seed(args.seed)
    D = np.random.randn(args.rows, args.features)
    hidden_layer_sizes = [int(w) for w in args.widths.split(",")]
    Hs = {}
    Ws, Zs = {}, {}
    for i in range(len(hidden_layer_sizes)):
        X = D if i == 0 else Hs[i - 1]
        fan_in = X.shape[1]
        fan_out = hidden_layer_sizes[i]
        W = INITS[args.init](fan_in, fan_out)
        H = np.dot(X, W)
        Ws[i], Zs[i] = W, H
        Hs[i] = ACTIVATIONS[args.activation](H)

    # Backward: dLoss/dH_L = G / N, then per layer dZ = dH * f'(Z), dW = X^T dZ, dX = dZ W^T.
    L = len(hidden_layer_sizes)
    G = np.random.randn(args.rows, hidden_layer_sizes[-1])
    loss = np.sum(Hs[L - 1] * G) / args.rows
    dH = G / args.rows
    grads = {}
    for i in reversed(range(L)):
        X = D if i == 0 else Hs[i - 1]
        dZ = dH * DERIVATIVES[args.activation](Zs[i], Hs[i])
        dW = X.T.dot(dZ)
        grads[i] = (float(np.std(dH)), float(np.std(dW)), float(np.linalg.norm(dW)))
        dH = dZ.dot(Ws[i].T)

    print(json.dumps({
        "input": {"mean": float(np.mean(D)), "std": float(np.std(D))},
        "loss": float(loss),
        "layers": [{"index": i + 1, "units": int(Hs[i].shape[1]),
                    "mean": float(np.mean(Hs[i])), "std": float(np.std(Hs[i])),
                    "grad_std": grads[i][0], "weight_grad_std": grads[i][1], "weight_grad_norm": grads[i][2]}
                   for i in range(L)],
    }))


if __name__ == "__main__":
    main()
