"""Alle lag, aktiveringer, nett og tapfunksjoner mot sentrale differanser, i float64."""

import numpy as np
import pytest

import mlfw
from gradients import check_loss_grad, check_module_grads

RNG_SEED = 1234


def _x(rng, shape=(5, 4)):
    x = rng.normal(size=shape)
    x[np.abs(x) < 1e-3] = 0.1  # hold ReLU unna knekkpunktet
    return x


MODULES = {
    "Linear": lambda: mlfw.Linear(4, 3, rng=0),
    "Tanh": mlfw.Tanh,
    "ReLU": mlfw.ReLU,
    "Sigmoid": mlfw.Sigmoid,
    "Softmax": mlfw.Softmax,
    "Net": lambda: mlfw.Net(mlfw.Linear(4, 6, rng=0), mlfw.Tanh(), mlfw.Linear(6, 3, rng=1), mlfw.Softmax()),
    "Net-ReLU-Sigmoid": lambda: mlfw.Net(mlfw.Linear(4, 5, rng=2), mlfw.ReLU(), mlfw.Linear(5, 1, rng=3), mlfw.Sigmoid()),
}


@pytest.mark.parametrize("name", MODULES)
def test_module_backward_matches_central_differences(name):
    rng = np.random.default_rng(RNG_SEED)
    check_module_grads(MODULES[name](), _x(rng), rng)


def _probs(rng, n=6, k=4):
    e = np.exp(rng.normal(size=(n, k)))
    return e / e.sum(axis=1, keepdims=True)


LOSSES = {
    "MSELoss": lambda rng: (mlfw.MSELoss(), rng.normal(size=(6, 2)), rng.normal(size=(6, 2))),
    "MAELoss": lambda rng: (mlfw.MAELoss(), rng.normal(size=(6, 2)), rng.normal(size=(6, 2)) + 5),
    "CrossEntropyLoss": lambda rng: (mlfw.CrossEntropyLoss(), _probs(rng), rng.integers(0, 4, size=6)),
    "BCELoss": lambda rng: (mlfw.BCELoss(), rng.uniform(0.1, 0.9, size=(6, 1)), rng.integers(0, 2, size=6)),
}


@pytest.mark.parametrize("name", LOSSES)
def test_loss_backward_matches_central_differences(name):
    loss, y_hat, y = LOSSES[name](np.random.default_rng(RNG_SEED))
    check_loss_grad(loss, y_hat, y)


@pytest.mark.parametrize("name", MODULES)
def test_gradcheck_reports_small_error_for_correct_backward(name):
    rng = np.random.default_rng(RNG_SEED)
    assert mlfw.gradcheck(MODULES[name](), _x(rng)) < 1e-7


@pytest.mark.parametrize("name", LOSSES)
def test_gradcheck_on_losses(name):
    loss, y_hat, y = LOSSES[name](np.random.default_rng(RNG_SEED))
    assert mlfw.gradcheck(loss, y_hat, y) < 1e-7


class ForgetsBiasSum(mlfw.Linear):
    """En typisk feil: biasgradienten tar bare første rad i stedet for summen over batchen."""

    def backward(self, dout):
        dx = super().backward(dout)
        self.grads["b"] = np.asarray(dout)[0].copy()
        return dx


def test_gradcheck_catches_a_wrong_backward():
    x = np.random.default_rng(0).normal(size=(5, 4))
    assert mlfw.gradcheck(ForgetsBiasSum(4, 3, rng=0), x) > 0.1


def test_gradcheck_leaves_the_module_untouched():
    layer = mlfw.Linear(4, 3, rng=0).astype(np.float32)
    before = layer.params["W"].copy()
    mlfw.gradcheck(layer, np.ones((2, 4)))
    assert layer.params["W"].dtype == np.float32
    np.testing.assert_array_equal(layer.params["W"], before)


class HandWrittenMSE:
    """En tapfunksjon skrevet fra bunnen av, uten å arve fra mlfw.losses.Loss."""

    def forward(self, y_hat, y):
        self.diff = y_hat - y
        return float(np.mean(self.diff**2))

    def backward(self):
        return 2 * self.diff / self.diff.size


def test_gradcheck_accepts_a_hand_written_loss():
    rng = np.random.default_rng(0)
    assert mlfw.gradcheck(HandWrittenMSE(), rng.normal(size=(4, 2)), rng.normal(size=(4, 2))) < 1e-7
