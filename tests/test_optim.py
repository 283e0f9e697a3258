"""Optimererne mot steg regnet for hånd fra formlene, pluss egenskaper og norske feil.

Tallene i de håndregnede testene står skrevet ut (regnet fra formlene i api-en med
små tabeller), så en feil i implementasjonen kan ikke «regne seg selv riktig».
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import assert_norwegian_error
from mlfw import (SGD, Adam, CrossEntropyLoss, Linear, Momentum, MSELoss, Net, Softmax, Tanh, TrainingDiverged,
                  data, step_decay, train)


def tiny_net(W=(1.0, -1.0), b=(0.5,), dtype=np.float64):
    """Net(Linear(2, 1)) med kjente vekter: nøklene blir «0.W» (1, 2) og «0.b» (1,)."""
    net = Net(Linear(2, 1, rng=0)).astype(dtype)
    net.layers[0].params["W"][:] = np.array([W], dtype=dtype)
    net.layers[0].params["b"][:] = np.array(b, dtype=dtype)
    return net


def set_grads(net, gW, gb):
    """Som backward gjør: nye gradienttabeller i laget (i parameterens dtype)."""
    dtype = net.params["0.W"].dtype
    net.layers[0].grads = {"W": np.array([gW], dtype=dtype), "b": np.array(gb, dtype=dtype)}


def test_sgd_first_two_steps_by_hand():
    net = tiny_net(W=(1.0, -2.0), b=(0.5,))
    opt = SGD(net, lr=0.1)
    set_grads(net, (0.5, 1.0), (-1.0,))
    opt.step()  # W = [1 − 0.1·0.5, −2 − 0.1·1] = [0.95, −2.1], b = 0.5 + 0.1 = 0.6
    np.testing.assert_allclose(net.params["0.W"], [[0.95, -2.1]], rtol=1e-12)
    np.testing.assert_allclose(net.params["0.b"], [0.6], rtol=1e-12)
    set_grads(net, (-1.0, 0.0), (2.0,))
    opt.step()  # W = [0.95 + 0.1, −2.1] = [1.05, −2.1], b = 0.6 − 0.2 = 0.4
    np.testing.assert_allclose(net.params["0.W"], [[1.05, -2.1]], rtol=1e-12)
    np.testing.assert_allclose(net.params["0.b"], [0.4], rtol=1e-12)


def test_momentum_first_three_steps_by_hand():
    net = tiny_net(W=(0.0, 0.0), b=(0.0,))
    opt = Momentum(net, lr=0.1, beta=0.9)
    expected = [
        # g,            v = 0.9·v + g,   W = W − 0.1·v
        ((1.0, -2.0), (1.0, -2.0), (-0.1, 0.2)),
        ((0.5, 0.5), (1.4, -1.3), (-0.24, 0.33)),
        ((0.0, 1.0), (1.26, -0.17), (-0.366, 0.347)),
    ]
    for g, v, W in expected:
        set_grads(net, g, (0.0,))
        opt.step()
        np.testing.assert_allclose(opt.state["0.W"]["v"], [v], rtol=1e-12)
        np.testing.assert_allclose(net.params["0.W"], [W], rtol=1e-12)
    np.testing.assert_array_equal(net.params["0.b"], [0.0])  # gradient 0 hele veien: b står stille


def test_adam_first_three_steps_by_hand():
    net = tiny_net(W=(1.0, -1.0), b=(0.0,))
    opt = Adam(net, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)
    expected = [
        # g, m = 0.9·m + 0.1·g, v = 0.999·v + 0.001·g², W = W − 0.1·m̂/(√v̂ + ε) med m̂ = m/(1 − 0.9^t), v̂ = v/(1 − 0.999^t)
        ((2.0, -0.5), (0.2, -0.05), (0.004, 0.00025), (0.9000000005, -0.900000002)),
        ((1.0, 1.0), (0.28, 0.055), (0.004996, 0.00124975), (0.8067820372085104, -0.9366103542405654)),
        ((-3.0, 0.25), (-0.048, 0.0745), (0.013991004, 0.00131100025), (0.8149797169556493, -0.9781754736010391)),
    ]
    for g, m, v, W in expected:
        set_grads(net, g, (0.0,))
        opt.step()
        np.testing.assert_allclose(opt.state["0.W"]["m"], [m], rtol=1e-12)
        np.testing.assert_allclose(opt.state["0.W"]["v"], [v], rtol=1e-12)
        np.testing.assert_allclose(net.params["0.W"], [W], rtol=1e-12)
    assert opt.t == 3


@pytest.mark.parametrize("g", [1e-6, 3e-3, 1.0, -250.0, 1e4])
def test_adam_bias_correction_makes_the_first_step_lr_times_the_sign(g):
    # t = 1: m̂ = (1 − β1)·g / (1 − β1) = g og v̂ = g², så steget er η·g/(|g| + ε) ≈ η·sign(g),
    # uansett størrelsen på g. Uten skjevhetskorrigering ville steget vært η·0.1/√0.001 ≈ 3.16·η.
    net = tiny_net(W=(0.0, 0.0), b=(0.0,))
    opt = Adam(net, lr=0.01)
    set_grads(net, (g, -g), (0.0,))
    opt.step()
    np.testing.assert_allclose(net.params["0.W"], [[-0.01 * np.sign(g), 0.01 * np.sign(g)]], rtol=1e-2)
    np.testing.assert_array_equal(net.params["0.b"], [0.0])  # g = 0: m̂ = 0, intet steg


def test_momentum_with_beta_zero_is_sgd():
    rng = np.random.default_rng(0)
    a, b = tiny_net(), tiny_net()
    sgd, mom = SGD(a, lr=0.05), Momentum(b, lr=0.05, beta=0.0)
    for _ in range(5):
        gW, gb = rng.normal(size=2), rng.normal(size=1)
        set_grads(a, gW, gb)
        set_grads(b, gW, gb)
        sgd.step()
        mom.step()
    for key in a.params:
        np.testing.assert_allclose(b.params[key], a.params[key], rtol=1e-14)


@pytest.mark.parametrize("make", [lambda n: SGD(n, lr=0.1, weight_decay=0.5),
                                  lambda n: Momentum(n, lr=0.1, beta=0.9, weight_decay=0.5),
                                  lambda n: Adam(n, lr=0.1, weight_decay=0.5)])
def test_weight_decay_only_shrinks_weights_never_bias(make):
    net = tiny_net(W=(1.0, -2.0), b=(3.0,))
    opt = make(net)
    set_grads(net, (0.0, 0.0), (0.0,))  # bare vektforfallet virker: g = 0 + λ·p
    opt.step()
    W = net.params["0.W"][0]
    assert 0 < W[0] < 1.0 and -2.0 < W[1] < 0  # mot 0
    np.testing.assert_array_equal(net.params["0.b"], [3.0])  # b har fått g = 0: uendret


def test_sgd_weight_decay_by_hand_and_on_a_bare_layer():
    net = tiny_net(W=(1.0, -2.0), b=(0.5,))
    opt = SGD(net, lr=0.1, weight_decay=0.1)
    set_grads(net, (0.5, 1.0), (-1.0,))
    opt.step()  # g_W = [0.5 + 0.1·1, 1 + 0.1·(−2)] = [0.6, 0.8] → W = [0.94, −2.08]; b uten forfall: 0.6
    np.testing.assert_allclose(net.params["0.W"], [[0.94, -2.08]], rtol=1e-12)
    np.testing.assert_allclose(net.params["0.b"], [0.6], rtol=1e-12)
    layer = Linear(2, 1, rng=0)  # nøklene er da «W» og «b» uten lagnummer
    W0 = layer.params["W"].copy()
    layer.grads = {"W": np.zeros_like(W0), "b": np.zeros(1)}
    SGD(layer, lr=0.1, weight_decay=0.1).step()
    np.testing.assert_allclose(layer.params["W"], W0 * (1 - 0.01), rtol=1e-12)
    np.testing.assert_array_equal(layer.params["b"], [0.0])


def test_state_is_kept_per_key():
    net = tiny_net(W=(0.0, 0.0), b=(0.0,))
    opt = Momentum(net, lr=0.1, beta=0.9)
    set_grads(net, (1.0, 0.0), (0.0,))
    opt.step()
    set_grads(net, (0.0, 0.0), (1.0,))
    opt.step()
    # W: v = 1, så 0.9 → W = −0.1 − 0.09; b: v = 0, så 1 → b = −0.1. Delt tilstand ville blandet dem.
    np.testing.assert_allclose(net.params["0.W"], [[-0.19, 0.0]], rtol=1e-12)
    np.testing.assert_allclose(net.params["0.b"], [-0.1], rtol=1e-12)
    assert set(opt.state) == {"0.W", "0.b"}


@pytest.mark.parametrize("make", [lambda n: SGD(n, lr=0.1, weight_decay=1e-3), lambda n: Momentum(n, lr=0.1),
                                  lambda n: Adam(n, lr=0.01, weight_decay=1e-3)])
def test_float32_is_kept_and_matches_float64(make):
    rng = np.random.default_rng(1)
    nets = {dt: tiny_net(dtype=dt) for dt in (np.float32, np.float64)}
    opts = {dt: make(net) for dt, net in nets.items()}
    for _ in range(4):
        gW, gb = rng.normal(size=2), rng.normal(size=1)
        for dt, net in nets.items():
            set_grads(net, gW, gb)
            opts[dt].step()
    for key in nets[np.float64].params:
        assert nets[np.float32].params[key].dtype == np.float32
        assert all(a.dtype == np.float32 for a in opts[np.float32].state[key].values())
        np.testing.assert_allclose(nets[np.float32].params[key], nets[np.float64].params[key], rtol=1e-5, atol=1e-6)


def test_optimizer_reads_the_new_grads_after_every_backward():
    x, y = data.regression_1d(16, seed=0)
    net, loss = Net(Linear(1, 4, rng=0), Tanh(), Linear(4, 1, rng=1)), MSELoss()
    ref = Net(Linear(1, 4, rng=0), Tanh(), Linear(4, 1, rng=1))
    opt = SGD(net, lr=0.1)
    for _ in range(3):
        for n in (net, ref):
            loss(n(x), y)
            n.backward(loss.backward())
        opt.step()
        ref.update(0.1)
    for key in net.params:
        np.testing.assert_allclose(net.params[key], ref.params[key], rtol=1e-12)


def test_step_before_backward_names_the_missing_gradient():
    net = Net(Linear(2, 3, rng=0), Tanh(), Linear(3, 1, rng=1))
    with pytest.raises(RuntimeError, match=r"Adam.step fant ingen gradient for «0.W» — kjør forward og backward"):
        Adam(net).step()


def test_nan_gradient_is_a_clear_error_and_nothing_is_changed():
    net = tiny_net()
    before = {k: p.copy() for k, p in net.params.items()}
    opt = Momentum(net, lr=0.1)
    set_grads(net, (1.0, 2.0), (np.nan,))  # W er fin, b har NaN: W skal heller ikke endres
    with pytest.raises(FloatingPointError, match=r"NaN eller uendelige .*i gradienten for «0.b».*lavere læringsrate"):
        opt.step()
    for key, p in net.params.items():
        np.testing.assert_array_equal(p, before[key])
    set_grads(net, (np.inf, 0.0), (0.0,))
    with pytest.raises(FloatingPointError, match="«0.W»"):
        opt.step()


@pytest.mark.parametrize("make, lr", [(lambda n: SGD(n, lr=0.1), 0.1), (lambda n: Momentum(n, lr=0.05), 0.05),
                                      (lambda n: Adam(n, lr=0.05), 0.05)])
def test_train_with_an_optimizer_fits_a_line(make, lr):
    x = np.linspace(-1, 1, 40).reshape(-1, 1)
    y = 3 * x + 1
    net = Net(Linear(1, 1, rng=0))
    history = train(net, MSELoss(), x, y, epochs=150, optimizer=make(net), batch_size=8, seed=0, progress=False)
    assert history.loss[-1] < 1e-3 < history.loss[0]
    np.testing.assert_allclose(net.params["0.W"], [[3.0]], atol=0.05)
    assert history.lr == [lr] * 150


def test_train_with_sgd_object_gives_exactly_the_lr_path():
    x, y = data.moons(64, seed=0)

    def run(**kwargs):
        net = Net(Linear(2, 4, rng=0), Tanh(), Linear(4, 2, rng=1), Softmax())
        if "optimizer" in kwargs:
            kwargs["optimizer"] = SGD(net, lr=0.1)
        return train(net, CrossEntropyLoss(), x, y, epochs=3, seed=0, progress=False, **kwargs).loss

    np.testing.assert_allclose(run(optimizer=True), run(lr=0.1), rtol=1e-12)


def test_train_with_adam_beats_sgd_on_moons_in_few_epochs():
    x, y = data.moons(200, seed=0)
    losses = {}
    for name in ("sgd", "adam"):
        net = Net(Linear(2, 16, rng=0), Tanh(), Linear(16, 2, rng=1), Softmax())
        opt = SGD(net, lr=0.01) if name == "sgd" else Adam(net, lr=0.01)
        losses[name] = train(net, CrossEntropyLoss(), x, y, epochs=10, optimizer=opt, seed=0, progress=False).loss[-1]
    assert losses["adam"] < losses["sgd"]


def test_divergence_is_detected_with_an_optimizer():
    x, y = data.regression_1d(50, seed=0)
    net = Net(Linear(1, 1, rng=0))
    with pytest.raises(TrainingDiverged, match=r"Prøv lavere læringsrate \(nå lr=50.0\)") as info:
        with np.errstate(all="ignore"):
            train(net, MSELoss(), x * 100, y, epochs=50, optimizer=SGD(net, lr=50), progress=False)
    assert all(np.isfinite(info.value.history.loss))


def test_schedule_sets_the_optimizers_lr_each_epoch():
    x, y = data.regression_1d(20, seed=0)
    net = Net(Linear(1, 1, rng=0))
    opt = Momentum(net, lr=1.0)
    seen = []
    h = train(net, MSELoss(), x, y, epochs=4, optimizer=opt, schedule=step_decay(0.1, every=2, factor=0.5),
              progress=False, callback=lambda epoch, history: seen.append(opt.lr))
    assert h.lr == seen == [0.1, 0.1, 0.05, 0.05]


# --- Egenskaper (Hypothesis) --------------------------------------------------------------

GRADS = hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 4)), elements=st.floats(-1e3, 1e3))


@given(GRADS, st.floats(1e-4, 1.0), st.sampled_from([np.float32, np.float64]))
def test_property_sgd_step_is_p_minus_lr_g(g, lr, dtype):
    layer = Linear(g.shape[1], g.shape[0], rng=0).astype(dtype)
    W0 = layer.params["W"].copy()
    layer.grads = {"W": g.astype(dtype), "b": np.zeros(g.shape[0], dtype)}
    SGD(layer, lr=lr).step()
    assert layer.params["W"].dtype == dtype
    np.testing.assert_allclose(layer.params["W"], W0 - lr * g.astype(dtype), rtol=1e-5, atol=1e-3 * lr)


@given(GRADS, st.floats(1e-4, 1.0))
def test_property_adams_first_step_is_never_longer_than_lr(g, lr):
    layer = Linear(g.shape[1], g.shape[0], rng=0)
    W0 = layer.params["W"].copy()
    layer.grads = {"W": g, "b": np.zeros(g.shape[0])}
    Adam(layer, lr=lr).step()
    step = W0 - layer.params["W"]
    assert np.all(np.abs(step) <= lr * (1 + 1e-12))
    assert np.all(step * g >= 0)  # aldri mot gradientens retning (0 der g = 0 eller g ≪ ε)


@given(st.lists(hnp.arrays(np.float64, (2, 3), elements=st.floats(-1e3, 1e3)), min_size=1, max_size=5),
       st.floats(0.0, 0.99))
def test_property_momentum_velocity_is_a_fading_sum_of_gradients(grads, beta):
    layer = Linear(3, 2, rng=0)
    W0 = layer.params["W"].copy()
    opt = Momentum(layer, lr=0.01, beta=beta)
    for g in grads:
        layer.grads = {"W": g, "b": np.zeros(2)}
        opt.step()
    k = len(grads)  # v_t = Σ β^(t−s) g_s og W = W0 − η·Σ_t v_t
    v = [sum(beta ** (t - s) * grads[s] for s in range(t + 1)) for t in range(k)]
    np.testing.assert_allclose(opt.state["W"]["v"], v[-1], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(layer.params["W"], W0 - 0.01 * sum(v), rtol=1e-9, atol=1e-9)


# --- Gale inndata gir norske feil ---------------------------------------------------------

def good_net():
    return Net(Linear(2, 1, rng=0))


PROBES = {
    "SGD(None)": lambda: SGD(None),
    "SGD(Net)": lambda: SGD(Net),
    "SGD(net.params)": lambda: SGD(good_net().params),
    "SGD(Net(Tanh()))": lambda: SGD(Net(Tanh())),
    "SGD(lr=0)": lambda: SGD(good_net(), lr=0),
    "SGD(lr=-0.1)": lambda: SGD(good_net(), lr=-0.1),
    "SGD(lr='0.1')": lambda: SGD(good_net(), lr="0.1"),
    "SGD(lr=None)": lambda: SGD(good_net(), lr=None),
    "SGD(lr=nan)": lambda: SGD(good_net(), lr=np.nan),
    "SGD(weight_decay=-1)": lambda: SGD(good_net(), weight_decay=-1e-4),
    "SGD(weight_decay='a')": lambda: SGD(good_net(), weight_decay="a"),
    "Momentum(beta=1)": lambda: Momentum(good_net(), beta=1.0),
    "Momentum(beta=-0.1)": lambda: Momentum(good_net(), beta=-0.1),
    "Momentum(beta=1.5)": lambda: Momentum(good_net(), beta=1.5),
    "Momentum(beta='0.9')": lambda: Momentum(good_net(), beta="0.9"),
    "Adam(beta1=1)": lambda: Adam(good_net(), beta1=1),
    "Adam(beta2=1.0)": lambda: Adam(good_net(), beta2=1.0),
    "Adam(beta2=-1)": lambda: Adam(good_net(), beta2=-1),
    "Adam(eps=0)": lambda: Adam(good_net(), eps=0),
    "Adam(eps=-1e-8)": lambda: Adam(good_net(), eps=-1e-8),
    "Adam(eps=None)": lambda: Adam(good_net(), eps=None),
    "step med lr=0 satt": lambda: setattr_then_step(SGD(good_net()), "lr", 0.0),
    "step med lr='x' satt": lambda: setattr_then_step(SGD(good_net()), "lr", "x"),
    "step med grads som lister": lambda: step_with_list_grads(),
    "step med gradient av feil form": lambda: step_with_wrong_shape(),
    "train(lr og optimizer)": lambda: fit(lr=0.1, optimizer="lag"),
    "train(ingen lr)": lambda: fit(),
    "train(optimizer=Adam)": lambda: fit(optimizer=Adam),
    "train(optimizer='adam')": lambda: fit(optimizer="adam"),
    "train(optimizer for annet nett)": lambda: fit(optimizer=SGD(good_net())),
    "train(schedule=0.1)": lambda: fit(lr=0.1, schedule=0.1),
    "train(schedule gir 0)": lambda: fit(lr=0.1, schedule=lambda epoch: 0.0),
    "train(schedule gir None)": lambda: fit(optimizer="lag", schedule=lambda epoch: None),
}


def step_with_list_grads():
    layer = Linear(2, 1, rng=0)
    opt = SGD(layer)
    layer.grads = {"W": [[1.0, 2.0]], "b": [0.0]}
    opt.step()


def step_with_wrong_shape():
    layer = Linear(2, 1, rng=0)
    opt = SGD(layer)
    layer.grads = {"W": np.ones((2, 1)), "b": np.zeros(1)}
    opt.step()


def setattr_then_step(opt, name, value):
    setattr(opt, name, value)
    opt.step()


def fit(**kwargs):
    x, y = data.regression_1d(8, seed=0)
    net = Net(Linear(1, 1, rng=0))
    if kwargs.get("optimizer") == "lag":
        kwargs["optimizer"] = SGD(net)
    return train(net, MSELoss(), x, y, epochs=1, progress=False, **kwargs)


@pytest.mark.parametrize("name", PROBES)
def test_wrong_input_gives_a_norwegian_error(name):
    assert_norwegian_error(PROBES[name])


def test_error_messages_name_what_was_expected():
    with pytest.raises(ValueError, match=r"Momentum forventet beta >= 0 og beta < 1, men fikk 1.0 — vanlig er beta=0.9"):
        Momentum(good_net(), beta=1.0)
    with pytest.raises(ValueError, match=r"Adam forventet eps > 0, men fikk 0"):
        Adam(good_net(), eps=0)
    with pytest.raises(ValueError, match=r"SGD forventet et nettverk med parametere å trene"):
        SGD(Net(Tanh()))
    with pytest.raises(TypeError, match=r"train forventet enten lr= eller optimizer=, men fikk begge"):
        fit(lr=0.1, optimizer="lag")
    with pytest.raises(ValueError, match=r"optimizer.net er et annet nettverk"):
        fit(optimizer=SGD(good_net()))
