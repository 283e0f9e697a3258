"""Prøvene for oppgave 1 (tapfunksjoner). Kaller elevens funksjoner; vurderingen skjer i judges_01."""

import numpy as np
from probe_tools import call, copies

CASES = {
    "basic": (np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]])),
    "multi": (np.array([[1.0, -2.0], [0.5, 4.0]]), np.array([[0.0, 0.0], [0.5, 1.0]])),
    "single": (np.array([[2.0]]), np.array([[-1.0]])),
}


def _regression(ns, out, name):
    for key, (y_hat, y) in CASES.items():
        a, b = copies(y_hat, y)
        call(out, key, ns[name], a, b)
        out[f"{key}_input"] = a


def probe_mae(ns, out):
    _regression(ns, out, "mae")


def probe_mse(ns, out):
    _regression(ns, out, "mse")


SOFTMAX_CASES = {
    "basic": np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),
    "large": np.array([[1000.0, 0.0], [-1000.0, 1000.0], [800.0, 800.0]]),
    "rows": np.array([[1000.0, 999.0], [1.0, 2.0]]),
    "single": np.array([[0.5, -0.5, 2.0]]),
}


def probe_softmax(ns, out):
    with np.errstate(all="ignore"):
        for key, z in SOFTMAX_CASES.items():
            (a,) = copies(z)
            call(out, key, ns["softmax"], a)
            out[f"{key}_input"] = a


CE_CASES = {
    "basic": (np.array([[0.5, 0.5], [0.9, 0.1]]), np.array([0, 0])),
    "zero": (np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 0])),
    "three": (np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]]), np.array([0, 2, 1])),
}


def probe_cross_entropy(ns, out):
    with np.errstate(all="ignore"):
        for key, (p, y) in CE_CASES.items():
            call(out, key, ns["cross_entropy"], *copies(p, y))


ACC_CASES = {
    "basic": (np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]), np.array([0, 1, 1])),
    "ten": (np.eye(10)[[3, 1, 4, 1, 5, 9, 2, 6]] + 0.01, np.array([3, 1, 4, 1, 5, 9, 2, 5])),
}


def probe_accuracy(ns, out):
    for key, (p, y) in ACC_CASES.items():
        call(out, key, ns["accuracy"], *copies(p, y))


PROBES = {"test_mae": probe_mae, "test_mse": probe_mse, "test_softmax": probe_softmax,
          "test_cross_entropy": probe_cross_entropy, "test_accuracy": probe_accuracy}
