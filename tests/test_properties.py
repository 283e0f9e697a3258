"""Egenskapstester med Hypothesis: tilfeldige former, dtyper, batchstørrelser og verdier.

For hvert lag, hver aktivering og hvert tap: riktig form ut, dtype beholdt, ingen NaN for
endelige inndata, og gradienter som stemmer med sentrale differanser (i float64). Til slutt
en strategi med feilformede inndata som alltid skal gi en norsk ValueError/TypeError.
Antall eksempler styres av profilen i conftest.py.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import mlfw
from gradients import check_loss_grad, check_module_grads

DTYPES = st.sampled_from([np.float32, np.float64])
ACTIVATIONS = [mlfw.Tanh, mlfw.ReLU, mlfw.Sigmoid, mlfw.Softmax]


def matrices(dtype, rows=st.integers(1, 8), cols=st.integers(1, 6), bound=30.0):
    shape = st.tuples(rows, cols)
    return hnp.arrays(dtype, shape, elements=st.floats(-bound, bound, width=32))


@st.composite
def module_and_input(draw):
    dtype = draw(DTYPES)
    x = draw(matrices(dtype))
    kind = draw(st.sampled_from(["Linear", *[a.__name__ for a in ACTIVATIONS], "Net"]))
    n_in = x.shape[1]
    if kind == "Linear":
        module = mlfw.Linear(n_in, draw(st.integers(1, 5)), rng=draw(st.integers(0, 99)))
    elif kind == "Net":
        hidden = draw(st.integers(1, 5))
        module = mlfw.Net(mlfw.Linear(n_in, hidden, rng=0), draw(st.sampled_from(ACTIVATIONS))(),
                          mlfw.Linear(hidden, 2, rng=1), mlfw.Softmax())
    else:
        module = getattr(mlfw, kind)()
    return module.astype(dtype), x


@given(module_and_input())
def test_forward_and_backward_keep_shape_and_dtype_and_stay_finite(case):
    module, x = case
    out = module(x)
    assert out.dtype == x.dtype and out.shape[0] == x.shape[0] and out.ndim == 2
    assert np.all(np.isfinite(out))
    dx = module.backward(np.ones_like(out))
    assert dx.shape == x.shape and dx.dtype == x.dtype and np.all(np.isfinite(dx))
    for key, p in module.params.items():
        assert module.grads[key].shape == p.shape and module.grads[key].dtype == p.dtype


@given(module_and_input(), st.integers(0, 2**16))
def test_gradients_match_central_differences_in_float64(case, seed):
    module, x = case
    x = x.astype(np.float64) / 10  # hold Sigmoid/Softmax unna metning, så differansene er presise
    x[np.abs(x) < 1e-3] = 0.1  # og ReLU unna knekkpunktet
    check_module_grads(module.astype(np.float64), x, np.random.default_rng(seed), rtol=1e-4, atol=1e-6)


@st.composite
def loss_case(draw):
    dtype = draw(DTYPES)
    n = draw(st.integers(1, 8))
    kind = draw(st.sampled_from(["MSE", "MAE", "CE", "BCE"]))
    if kind in ("MSE", "MAE"):
        k = draw(st.integers(1, 4))
        y_hat = draw(hnp.arrays(dtype, (n, k), elements=st.floats(-50, 50, width=32)))
        y = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-50, 50)))
        return (mlfw.MSELoss() if kind == "MSE" else mlfw.MAELoss()), y_hat, y
    if kind == "CE":
        k = draw(st.integers(2, 5))
        z = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-20, 20)))
        p = np.exp(z - z.max(axis=1, keepdims=True))
        return mlfw.CrossEntropyLoss(), (p / p.sum(axis=1, keepdims=True)).astype(dtype), \
            draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    p = draw(hnp.arrays(dtype, (n, 1), elements=st.floats(0, 1, width=32)))
    return mlfw.BCELoss(), p, draw(hnp.arrays(np.int64, n, elements=st.integers(0, 1)))


@given(loss_case())
def test_losses_are_finite_and_backward_keeps_shape_and_dtype(case):
    loss, y_hat, y = case
    value = loss(y_hat, y)
    assert np.isfinite(value) and value >= 0
    grad = loss.backward()
    assert grad.shape == y_hat.shape and grad.dtype == y_hat.dtype and np.all(np.isfinite(grad))


@given(loss_case())
def test_loss_gradients_match_central_differences(case):
    loss, y_hat, y = case
    y_hat = y_hat.astype(np.float64)
    if isinstance(loss, mlfw.BCELoss):
        y_hat = 0.05 + 0.9 * y_hat  # unna klippingen ved 0 og 1
    if isinstance(loss, mlfw.MAELoss):
        y_hat[np.abs(y_hat - np.reshape(y, y_hat.shape)) < 1e-3] += 0.5  # unna knekkpunktet
    if isinstance(loss, mlfw.CrossEntropyLoss):
        y_hat = np.clip(y_hat, 0.01, 1.0)  # unna 0, der differansene blir upresise
        y_hat /= y_hat.sum(axis=1, keepdims=True)
    check_loss_grad(loss, y_hat, y, rtol=1e-4, atol=1e-6)


@given(st.integers(1, 40), st.integers(1, 50), st.sampled_from([np.float32, np.float64]))
def test_train_runs_for_every_batch_size_and_keeps_the_history_consistent(n, batch_size, dtype):
    x, y = mlfw.data.moons(n, seed=0)
    net = mlfw.Net(mlfw.Linear(2, 3, rng=0), mlfw.Tanh(), mlfw.Linear(3, 2, rng=1), mlfw.Softmax()).astype(dtype)
    h = mlfw.train(net, mlfw.CrossEntropyLoss(), x.astype(dtype), y, epochs=2, lr=0.1,
                   batch_size=batch_size, seed=0, progress=False)
    assert h.epochs == 2 and len(h.accuracy) == 2
    assert all(np.isfinite(h.loss)) and all(0 <= a <= 1 for a in h.accuracy)


@given(st.integers(1, 30), st.integers(0, 2), st.data())
def test_accuracy_is_the_fraction_of_matching_labels(n, extra, data):
    k = 2 + extra
    y_hat = data.draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-5, 5), unique=False))
    y = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    assert mlfw.accuracy(y_hat, y) == pytest.approx(np.mean(y_hat.argmax(axis=1) == y))


BAD_ARRAYS = st.one_of(
    st.none(), st.text(max_size=3), st.just(3.0), st.just([[1, 2], [3]]),
    hnp.arrays(np.float16, (2, 2)), hnp.arrays(np.complex128, (2, 2)),
    hnp.arrays(np.float64, st.sampled_from([(0, 2), (2,), (2, 2, 2)])),
)
CALLS = {
    "Linear": lambda bad: mlfw.Linear(2, 2)(bad),
    "Tanh": lambda bad: mlfw.Tanh()(bad),
    "Softmax": lambda bad: mlfw.Softmax()(bad),
    "MSELoss(y_hat)": lambda bad: mlfw.MSELoss()(bad, np.zeros(2)),
    "CrossEntropyLoss(y_hat)": lambda bad: mlfw.CrossEntropyLoss()(bad, np.zeros(2, int)),
    "accuracy(y_hat)": lambda bad: mlfw.accuracy(bad, np.zeros(2, int)),
    "train(x)": lambda bad: mlfw.train(mlfw.Net(mlfw.Linear(2, 1)), mlfw.MSELoss(), bad, np.zeros(2),
                                       epochs=1, lr=0.1, progress=False),
    "gradcheck(x)": lambda bad: mlfw.gradcheck(mlfw.Linear(2, 2), bad),
}


@given(st.sampled_from(sorted(CALLS)), BAD_ARRAYS)
def test_malformed_inputs_give_a_norwegian_error(name, bad):
    with pytest.raises((ValueError, TypeError)) as info:
        CALLS[name](bad)
    assert type(info.value) in (ValueError, TypeError)
    assert any(word in str(info.value) for word in ("forventet", "fikk", ", men ")), str(info.value)


@given(st.one_of(st.none(), st.text(max_size=2), st.booleans(), st.floats(allow_nan=True),
                 st.integers(-5, 0), st.lists(st.floats(0, 1), max_size=2)))
def test_bad_hyperparameters_give_a_norwegian_error(bad):
    x, y = mlfw.data.regression_1d(8, seed=0)
    for key in ("lr", "epochs", "batch_size"):
        kwargs = {"epochs": 1, "lr": 0.1, **{key: bad}}
        if key != "lr" and isinstance(bad, int) and not isinstance(bad, bool) and bad > 0:
            continue
        if key == "lr" and isinstance(bad, float) and np.isfinite(bad) and bad > 0:
            continue
        with pytest.raises((ValueError, TypeError), match="forventet"):
            mlfw.train(mlfw.Net(mlfw.Linear(1, 1)), mlfw.MSELoss(), x, y, progress=False, **kwargs)
