"""Læringsrateplanene og læringsratetesten: verdier fra formlene, egenskaper og norske feil."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import assert_norwegian_error
from mlfw import (CrossEntropyLoss, Linear, MSELoss, Net, Softmax, Tanh, data, lr_range_test, step_decay, train,
                  warmup_cosine)


def test_step_decay_by_hand():
    plan = step_decay(0.2, every=3, factor=0.1)  # 0.2·0.1^((epoke − 1)//3)
    got = [plan(e) for e in range(1, 8)]
    np.testing.assert_allclose(got, [0.2, 0.2, 0.2, 0.02, 0.02, 0.02, 0.002], rtol=1e-12)
    assert step_decay(0.1)(10) == 0.1 and step_decay(0.1)(11) == 0.05  # standard: every=10, factor=0.5


def test_warmup_cosine_by_hand():
    plan = warmup_cosine(0.1, warmup=2, epochs=6)
    # oppvarming: 0.1·1/2, 0.1·2/2; så 0.1·½(1 + cos(π·(e − 2)/5)) for e = 3..6
    expected = [0.05, 0.1] + [0.1 * 0.5 * (1 + math.cos(math.pi * k / 5)) for k in (1, 2, 3, 4)]
    np.testing.assert_allclose([plan(e) for e in range(1, 7)], expected, rtol=1e-12)
    np.testing.assert_allclose(expected[2:], [0.0904508, 0.0654508, 0.0345492, 0.0095492], rtol=1e-5)


def test_warmup_cosine_without_warmup_starts_at_almost_lr_and_ends_small_but_positive():
    plan = warmup_cosine(0.5, warmup=0, epochs=10)
    assert 0.48 < plan(1) < 0.5 and 0 < plan(10) < 0.02


@given(st.floats(1e-4, 1.0), st.integers(1, 5), st.floats(0.05, 1.0), st.integers(1, 30))
def test_property_step_decay_is_positive_and_never_increases(lr, every, factor, epochs):
    plan = step_decay(lr, every=every, factor=factor)
    values = [plan(e) for e in range(1, epochs + 1)]
    assert values[0] == lr and all(v > 0 for v in values)
    assert all(b <= a for a, b in zip(values, values[1:]))


@given(st.floats(1e-4, 1.0), st.integers(0, 5), st.integers(1, 30))
def test_property_warmup_cosine_rises_then_falls_and_stays_in_0_lr(lr, warmup, extra):
    epochs = warmup + extra
    plan = warmup_cosine(lr, warmup=warmup, epochs=epochs)
    values = [plan(e) for e in range(1, epochs + 1)]
    assert all(0 < v <= lr * (1 + 1e-12) for v in values)
    assert all(b > a for a, b in zip(values[:warmup], values[1:warmup]))
    assert all(b < a for a, b in zip(values[warmup:], values[warmup + 1:]))


def test_train_uses_the_schedule_and_records_lr():
    x, y = data.regression_1d(20, seed=0)
    plan = warmup_cosine(0.1, warmup=1, epochs=4)
    h = train(Net(Linear(1, 1, rng=0)), MSELoss(), x, y, epochs=4, lr=0.1, schedule=plan, seed=0,
              progress=False)
    assert h.lr == [plan(e) for e in range(1, 5)]
    h2 = train(Net(Linear(1, 1, rng=0)), MSELoss(), x, y, epochs=4, schedule=plan, seed=0,
               progress=False)  # planen alene, uten lr
    assert h2.lr == h.lr and h2.loss == h.loss


def test_schedule_changes_the_steps_taken():
    x, y = data.regression_1d(20, seed=0)
    net_a, net_b = Net(Linear(1, 1, rng=0)), Net(Linear(1, 1, rng=0))
    train(net_a, MSELoss(), x, y, epochs=3, lr=0.1, shuffle=False, progress=False)
    train(net_b, MSELoss(), x, y, epochs=3, lr=0.1, schedule=step_decay(0.1, every=1, factor=0.5),
          shuffle=False, progress=False)
    assert not np.allclose(net_a.params["0.W"], net_b.params["0.W"])


def test_progress_bar_shows_the_learning_rate_in_norwegian(capsys):
    x, y = data.regression_1d(20, seed=0)
    train(Net(Linear(1, 1, rng=0)), MSELoss(), x, y, epochs=2, lr=0.05, progress=True)
    assert "læringsrate=0.05" in capsys.readouterr().err


def test_lr_range_test_grows_geometrically_and_stops_when_the_loss_explodes():
    x, y = data.moons(200, seed=0)
    net = Net(Linear(2, 16, rng=0), Tanh(), Linear(16, 2, rng=1), Softmax())
    lrs, losses = lr_range_test(net, CrossEntropyLoss(), x, y, lr_min=1e-4, lr_max=1e3, steps=50, batch_size=20)
    assert len(lrs) == len(losses) >= 10
    ratios = np.array(lrs[1:]) / np.array(lrs[:-1])
    np.testing.assert_allclose(ratios, (1e3 / 1e-4) ** (1 / 49), rtol=1e-9)  # samme faktor hvert steg
    assert lrs[0] == pytest.approx(1e-4)
    assert min(losses) < losses[0]  # tapet faller et sted underveis
    assert len(lrs) < 50 and losses[-1] > 4 * min(losses)  # og testen stopper når det eksploderer
    assert all(np.isfinite(losses))


def test_lr_range_test_runs_all_steps_when_nothing_explodes_and_is_reproducible():
    x, y = data.regression_1d(40, seed=0)
    run = lambda: lr_range_test(Net(Linear(1, 1, rng=0)), MSELoss(), x, y, lr_min=1e-5, lr_max=1e-2,
                                steps=30, batch_size=8, seed=3)
    lrs, losses = run()
    assert len(lrs) == 30 and lrs[-1] == pytest.approx(1e-2)
    assert run() == (lrs, losses)


PROBES = {
    "step_decay(0)": lambda: step_decay(0),
    "step_decay('0.1')": lambda: step_decay("0.1"),
    "step_decay(every=0)": lambda: step_decay(0.1, every=0),
    "step_decay(every=2.5)": lambda: step_decay(0.1, every=2.5),
    "step_decay(factor=0)": lambda: step_decay(0.1, factor=0),
    "step_decay(factor=2)": lambda: step_decay(0.1, factor=2),
    "step_decay(...)(0)": lambda: step_decay(0.1)(0),
    "step_decay(...)(1.5)": lambda: step_decay(0.1)(1.5),
    "warmup_cosine(-1)": lambda: warmup_cosine(-1.0),
    "warmup_cosine(warmup=-1)": lambda: warmup_cosine(0.1, warmup=-1),
    "warmup_cosine(warmup=5, epochs=5)": lambda: warmup_cosine(0.1, warmup=5, epochs=5),
    "warmup_cosine(epochs='20')": lambda: warmup_cosine(0.1, epochs="20"),
    "warmup_cosine(...)(21)": lambda: warmup_cosine(0.1, epochs=20)(21),
    "warmup_cosine(...)(0)": lambda: warmup_cosine(0.1)(0),
    "train(epochs=30, plan for 20)": lambda: train(Net(Linear(1, 1)), MSELoss(), *data.regression_1d(8, seed=0),
                                                   epochs=30, lr=0.1, schedule=warmup_cosine(0.1, epochs=20),
                                                   progress=False),
    "lr_range_test(lr_max < lr_min)": lambda: lr_range_test(Net(Linear(1, 1)), MSELoss(), *data.regression_1d(8),
                                                            lr_min=1.0, lr_max=0.1),
    "lr_range_test(steps=1)": lambda: lr_range_test(Net(Linear(1, 1)), MSELoss(), *data.regression_1d(8), steps=1),
    "lr_range_test(lr_min=0)": lambda: lr_range_test(Net(Linear(1, 1)), MSELoss(), *data.regression_1d(8), lr_min=0),
    "lr_range_test(byttet om)": lambda: lr_range_test(MSELoss(), Net(Linear(1, 1)), *data.regression_1d(8)),
    "lr_range_test(x=None)": lambda: lr_range_test(Net(Linear(1, 1)), MSELoss(), None, np.zeros(3)),
    "lr_range_test(etikett 5)": lambda: lr_range_test(Net(Linear(2, 2), Softmax()), CrossEntropyLoss(),
                                                      np.zeros((4, 2)), np.array([0, 1, 5, 0])),
}


@pytest.mark.parametrize("name", PROBES)
def test_wrong_input_gives_a_norwegian_error(name):
    assert_norwegian_error(PROBES[name])


def test_a_schedule_shorter_than_training_says_so():
    with pytest.raises(ValueError, match=r"planen ble laget med epochs=20.*gi samme antall epoker"):
        warmup_cosine(0.1, epochs=20)(21)
