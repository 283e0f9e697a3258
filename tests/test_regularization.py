"""Dropout: identitet i evalueringsmodus, maske og gradient i treningsmodus, forventningsverdi,
trenings- og evalueringsmodus i Net og train, og norske feil."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import assert_norwegian_error
from gradients import check_module_grads, numeric_grad
from mlfw import (CrossEntropyLoss, Dropout, Linear, MSELoss, Net, ReLU, Softmax, Tanh, TrainingDiverged, data,
                  train)


def test_eval_mode_is_the_identity():
    x = np.random.default_rng(0).normal(size=(5, 4))
    drop = Dropout(0.5, rng=0)
    drop.set_training(False)
    np.testing.assert_array_equal(drop(x), x)
    np.testing.assert_array_equal(drop.backward(2 * x), 2 * x)


def test_eval_mode_gradient_check():
    rng = np.random.default_rng(1)
    drop = Dropout(0.3, rng=0)
    drop.set_training(False)
    check_module_grads(drop, rng.normal(size=(4, 3)), rng)
    net = Net(Linear(3, 5, rng=0), Tanh(), Dropout(0.5, rng=1), Linear(5, 2, rng=2))
    net.set_training(False)
    check_module_grads(net, rng.normal(size=(4, 3)), rng)


def test_training_mode_mask_is_the_inverted_dropout_formula():
    x = np.random.default_rng(2).normal(size=(6, 5))
    out = Dropout(0.4, rng=7)(x)
    keep = np.random.default_rng(7).random(x.shape) >= 0.4  # maske = rng.random(form) >= p
    np.testing.assert_allclose(out, np.where(keep, x / 0.6, 0.0), rtol=1e-15)
    assert 0 < keep.sum() < keep.size


def test_training_mode_backward_matches_central_differences_with_the_mask_held_fixed():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 6))
    dout = rng.normal(size=(4, 6))
    drop = Dropout(0.5, rng=11)
    drop(x)
    dx = drop.backward(dout)

    def f():  # samme frø gir samme maske hver gang: masken holdes fast
        return float(np.sum(Dropout(0.5, rng=11)(x) * dout))

    np.testing.assert_allclose(dx, numeric_grad(f, x), rtol=1e-6, atol=1e-8)
    assert np.any(dx == 0) and np.any(dx != 0)


def test_a_new_mask_every_forward_but_the_same_sequence_for_the_same_seed():
    x = np.ones((3, 8))
    a, b = Dropout(0.5, rng=5), Dropout(0.5, rng=5)
    first, second = a(x), a(x)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(b(x), first)
    np.testing.assert_array_equal(b(x), second)


def test_expected_value_is_preserved():
    # Hver utgang er x/(1 − p) med sannsynlighet 1 − p og ellers 0: snitt x, standardavvik
    # x·√(p/(1 − p)). Snittet av n = 200 000 slike tall (x = 1) har standardavvik √(p/(1 − p))/√n
    # (0.0022 for p = 0.5). Toleransen er 4.5 slike standardavvik, så en riktig dropout bommer med
    # sannsynlighet under 1e-5 (og frøet er fast); uten deling med 1 − p blir snittet 1 − p, langt utenfor.
    for p in (0.2, 0.5, 0.9):
        out = Dropout(p, rng=0)(np.ones((1000, 200)))
        tol = 4.5 * np.sqrt(p / (1 - p)) / np.sqrt(out.size)
        assert abs(out.mean() - 1.0) < tol, (p, out.mean(), tol)
        assert abs((out == 0).mean() - p) < 0.01  # andelen som slås av er p


def test_p_zero_is_the_identity_even_in_training_mode():
    x = np.random.default_rng(0).normal(size=(3, 4))
    drop = Dropout(0.0, rng=0)
    assert drop.training
    np.testing.assert_array_equal(drop(x), x)
    np.testing.assert_array_equal(drop.backward(x), x)


def test_dtype_follows_the_data_and_there_are_no_params():
    drop = Dropout(0.5, rng=0)
    x = np.ones((2, 3), np.float32)
    assert drop(x).dtype == np.float32 and drop.backward(x).dtype == np.float32
    assert drop.params == {} and drop.grads == {}
    assert repr(drop) == "Dropout(p=0.5)"


@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=st.floats(-10, 10)),
       st.floats(0.0, 0.95), st.integers(0, 2**16))
def test_property_every_output_is_zero_or_scaled_input_and_backward_uses_the_same_mask(x, p, seed):
    drop = Dropout(p, rng=seed)
    out = drop(x)
    dx = drop.backward(np.ones_like(x))
    kept = dx != 0
    np.testing.assert_allclose(out[kept], x[kept] / (1 - p), rtol=1e-12)
    np.testing.assert_array_equal(out[~kept], 0.0)
    np.testing.assert_allclose(dx[kept], 1 / (1 - p), rtol=1e-12)


def test_net_set_training_reaches_every_layer():
    net = Net(Linear(2, 4, rng=0), ReLU(), Dropout(0.5, rng=0), Linear(4, 1, rng=1))
    assert net.training and all(layer.training for layer in net.layers)
    net.set_training(False)
    assert not net.training and not any(layer.training for layer in net.layers)
    net.set_training(True)
    assert all(layer.training for layer in net.layers)


class ModeRecorder(Dropout):
    """Dropout som husker modusen i hver forward (treningsbatcher og validering)."""

    def __init__(self):
        super().__init__(0.5, rng=0)
        self.modes = []

    def forward(self, x):
        self.modes.append((len(x), self.training))
        return super().forward(x)


def test_train_switches_between_training_and_evaluation_mode():
    x, y = data.moons(40, seed=0)
    recorder = ModeRecorder()
    net = Net(Linear(2, 8, rng=0), Tanh(), recorder, Linear(8, 2, rng=1), Softmax())
    train(net, CrossEntropyLoss(), x, y, epochs=2, lr=0.1, batch_size=16, validation=(x[:7], y[:7]),
          seed=0, progress=False)
    # per epoke: 3 treningsbatcher (16, 16, 8) i treningsmodus, så valideringen (7 rader) i evalueringsmodus
    assert recorder.modes == [(16, True), (16, True), (8, True), (7, False)] * 2
    assert not net.training and not recorder.training  # et trent nettverk predikerer i evalueringsmodus
    np.testing.assert_array_equal(net(x), net(x))  # deterministisk etterpå


def test_train_without_validation_also_ends_in_evaluation_mode_even_after_divergence():
    x, y = data.regression_1d(30, seed=0)
    drop = Dropout(0.5, rng=0)
    net = Net(Linear(1, 8, rng=0), Tanh(), drop, Linear(8, 1, rng=1))
    train(net, MSELoss(), x, y, epochs=2, lr=0.1, seed=0, progress=False)
    assert not net.training and not drop.training
    np.testing.assert_array_equal(net(x), net(x))
    net.set_training(True)
    with pytest.raises(TrainingDiverged):
        with np.errstate(all="ignore"):
            train(net, MSELoss(), x * 1e3, y, epochs=20, lr=100.0, progress=False)
    assert not drop.training


def test_training_with_dropout_still_learns():
    x, y = data.regression_1d(100, seed=0)
    net = Net(Linear(1, 32, rng=0), Tanh(), Dropout(0.1, rng=0), Linear(32, 1, rng=1))
    h = train(net, MSELoss(), x, y, epochs=100, lr=0.1, seed=0, progress=False)
    assert h.loss[-1] < 0.5 * h.loss[0]
    assert MSELoss()(net(x), y) < h.loss[0]


PROBES = {
    "Dropout(1)": lambda: Dropout(1),
    "Dropout(1.0)": lambda: Dropout(1.0),
    "Dropout(-0.1)": lambda: Dropout(-0.1),
    "Dropout(50)": lambda: Dropout(50),
    "Dropout('0.5')": lambda: Dropout("0.5"),
    "Dropout(None)": lambda: Dropout(None),
    "Dropout(nan)": lambda: Dropout(np.nan),
    "Dropout(True)": lambda: Dropout(True),
    "Dropout(rng='a')": lambda: Dropout(0.5, rng="a"),
    "Dropout(rng=-1)": lambda: Dropout(0.5, rng=-1),
    "Dropout.forward(None)": lambda: Dropout(0.5)(None),
    "Dropout.forward(1-D)": lambda: Dropout(0.5)(np.ones(3)),
    "Dropout.forward(float16)": lambda: Dropout(0.5)(np.ones((2, 2), np.float16)),
    "Dropout.backward(form)": lambda: forwarded(Dropout(0.5, rng=0)).backward(np.ones((3, 3))),
    "Dropout.backward(None)": lambda: forwarded(Dropout(0.5, rng=0)).backward(None),
    "Dropout.set_training('nei')": lambda: Dropout(0.5).set_training("nei"),
    "Net.set_training(1)": lambda: Net(Linear(2, 2)).set_training(1),
}


def forwarded(module):
    module(np.ones((2, 2)))
    return module


@pytest.mark.parametrize("name", PROBES)
def test_wrong_input_gives_a_norwegian_error(name):
    assert_norwegian_error(PROBES[name])


def test_bad_p_explains_what_p_is():
    with pytest.raises(ValueError, match=r"Dropout forventet p >= 0 og p < 1, men fikk 1.0 — p er andelen enheter"):
        Dropout(1.0)


def test_backward_before_forward_is_explained():
    with pytest.raises(RuntimeError, match="Dropout.backward ble kalt før forward"):
        Dropout(0.5).backward(np.ones((2, 2)))
