"""Prøvene for oppgave 4 (MNIST-laben). Kaller elevens kode; vurderingen skjer i judges_04.

Dataene ligger i /data (skrevet av judges_04.write_data): treningsdelen av de offentlige
sifrene med etiketter, og bare bildene av de 1 000 sifrene som holdes tilbake. Etikettene
til dem finnes bare hos dommeren, utenfor sandkassen.
"""

import numpy as np
from probe_tools import Failed, call, copies

DATA = "/data"
KEYS = ("hidden", "lr", "epochs", "batch_size")
# Budsjettet fra oppgaveteksten: (minst, høyst) per nøkkel; None betyr ingen grense.
BUDGET = {"hidden": (1, 128), "lr": (0.0, None), "epochs": (1, 10), "batch_size": (8, 256)}
INTEGER_KEYS = ("hidden", "epochs", "batch_size")

# --- 1. prepare ----------------------------------------------------------------------

_rng = np.random.default_rng(404)
PREPARE_CASES = {
    "basic": _rng.uniform(size=(5, 28, 28)).astype(np.float32),
    "single": _rng.uniform(size=(1, 28, 28)).astype(np.float32),
    "float64": _rng.uniform(size=(7, 28, 28)),
}


def probe_prepare(ns, out):
    for key, images in PREPARE_CASES.items():
        (a,) = copies(images)
        call(out, key, ns["prepare"], a)
        out[f"{key}_input"] = a


# --- 2. build_net, med rettingens egne lag (så elevens klasser ikke teller her) -----------


class RefLinear:
    def __init__(self, in_features, out_features, rng=None, **kwargs):
        gen = np.random.default_rng(rng)
        self.in_features, self.out_features = int(in_features), int(out_features)
        self.W = gen.normal(0.0, 1.0 / np.sqrt(in_features), size=(out_features, in_features))
        self.b = gen.normal(0.0, 0.1, size=out_features)

    def forward(self, x):
        return x @ self.W.T + self.b

    __call__ = forward

    def describe(self):
        return f"Linear({self.in_features},{self.out_features})"


def _activation(name, fn):
    class Ref:
        def __init__(self, *args, **kwargs):
            pass

        def forward(self, x):
            return fn(x)

        __call__ = forward

        def describe(self):
            return name
    Ref.__name__ = name
    return Ref


class RefNet:
    def __init__(self, *layers):
        if len(layers) == 1 and isinstance(layers[0], (list, tuple)):
            layers = tuple(layers[0])
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    __call__ = forward


REFERENCE = {"Linear": RefLinear, "Net": RefNet,
             "ReLU": _activation("ReLU", lambda x: np.maximum(x, 0.0)),
             "Tanh": _activation("Tanh", np.tanh),
             "Sigmoid": _activation("Sigmoid", lambda x: 1.0 / (1.0 + np.exp(-x)))}
BUILD_X = np.random.default_rng(7).uniform(size=(3, 784))


def _config(hidden):
    return {"hidden": hidden, "lr": 0.1, "epochs": 5, "batch_size": 32}


def _describe(net) -> str:
    if not isinstance(net, RefNet):
        return f"ikke et Net (men {type(net).__name__})"
    return " ".join(layer.describe() if hasattr(layer, "describe") else type(layer).__name__
                    for layer in net.layers)


def probe_build_net(ns, out):
    for name, ref in REFERENCE.items():
        if name in ("Linear", "Net", "ReLU", "Tanh") or name in ns:
            ns[name] = ref
    build = ns["build_net"]
    for key, hidden in (("h32", 32), ("h7", 7)):
        call(out, key, lambda h=hidden: _describe(build(_config(h), seed=0)))
    for key, seed in (("seed3", 3), ("seed3_again", 3), ("seed4", 4)):
        call(out, key, lambda s=seed: build(_config(16), seed=s).forward(BUILD_X.copy()))


# --- 3. CONFIGS og BEST ----------------------------------------------------------------


def describe_config(config):
    """(verdier, heltall?, ordbok?) for de fire nøklene; NaN der en verdi mangler eller ikke er et tall."""
    values, integer = np.full(len(KEYS), np.nan), np.zeros(len(KEYS), dtype=bool)
    if not isinstance(config, dict):
        return values, integer, False
    for i, key in enumerate(KEYS):
        value = config.get(key)
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            continue
        values[i] = float(value)
        integer[i] = isinstance(value, (int, np.integer))
    return values, integer, True


def probe_configs(ns, out):
    configs = ns.get("CONFIGS")
    if isinstance(configs, (list, tuple)) and 0 < len(configs) <= 100:
        described = [describe_config(c) for c in configs]
        out["configs"] = np.array([d[0] for d in described])
        out["configs_int"] = np.array([d[1] for d in described])
        out["configs_dict"] = np.array([d[2] for d in described])
    else:
        out["configs_kind"] = "mangler" if configs is None else type(configs).__name__
    _best(ns, out)


def _best(ns, out):
    best = ns.get("BEST")
    if isinstance(best, dict):
        out["best"], out["best_int"], _ = describe_config(best)
    else:
        out["best_kind"] = "mangler" if best is None else type(best).__name__


def within_budget(values, integer) -> bool:
    for i, key in enumerate(KEYS):
        low, high = BUDGET[key]
        v = values[i]
        if not np.isfinite(v) or v <= 0 or v < low or (high is not None and v > high):
            return False
        if key in INTEGER_KEYS and not integer[i]:
            return False
    return True


# --- 4. confusion_matrix -----------------------------------------------------------------

_rng = np.random.default_rng(2026)
_many_true = _rng.integers(0, 10, size=200)
_many_pred = np.where(_rng.uniform(size=200) < 0.7, _many_true, _rng.integers(0, 10, size=200))
CONFUSION_CASES = {
    "basic": (np.array([0, 0, 1, 2, 2, 1, 0]), np.array([0, 0, 2, 2, 1, 1, 1]), 3),
    "default": (np.array([3, 1, 4, 1, 5, 8, 2, 6]), np.array([3, 7, 4, 2, 5, 0, 2, 6]), None),
    "missing": (np.array([0, 3, 3, 1]), np.array([3, 0, 1, 1]), 5),
    "many": (_many_true, _many_pred, 10),
    "single": (np.array([5]), np.array([5]), 10),
}


def probe_confusion(ns, out):
    for key, (y_true, y_pred, K) in CONFUSION_CASES.items():
        a, b = copies(y_true, y_pred)
        if K is None:
            call(out, key, ns["confusion_matrix"], a, b)
        else:
            call(out, key, ns["confusion_matrix"], a, b, K=K)
        out[f"{key}_input"] = np.stack([a, b]) if np.shape(a) == np.shape(b) else np.zeros(0)


# --- 5. Nøyaktigheten: rettingen trener nettverket ditt selv --------------------------

_rng = np.random.default_rng(31)
SANITY = {
    "lin_x1": _rng.normal(size=(4, 5)), "lin_x2": _rng.normal(size=(4, 5)),
    "lin_dout": _rng.normal(size=(4, 3)),
    "act_z": np.array([[-2.0, -0.5, 0.3], [1.5, -0.1, 2.5]]),
    "act_dout": np.array([[0.5, -1.0, 2.0], [1.0, 0.3, -0.7]]),
    "ce_z": np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [-1.0, 0.0, 3.0], [0.2, 0.2, 0.2]]),
    "ce_y": np.array([0, 1, 1, 2]),
    "net_x": _rng.normal(size=(5, 4)), "net_dout": _rng.normal(size=(5, 3)),
}
_blob_y = np.repeat(np.arange(3), 20)
SANITY["blob_x"] = np.eye(3, 4)[_blob_y] * 2.0 + _rng.normal(0.0, 0.3, size=(60, 4))
SANITY["blob_y"] = _blob_y


def _gen(seed):
    return np.random.default_rng(seed)


def _objective(fn, x, dout):
    return float(np.sum(np.asarray(fn(x), dtype=np.float64) * dout))


def _numeric_dx(fn, x, dout, eps=1e-5):
    """Sentral differanse av sum(dout * fn(x)) med hensyn på x."""
    grad = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += eps
        minus[index] -= eps
        grad[index] = (_objective(fn, plus, dout) - _objective(fn, minus, dout)) / (2 * eps)
    return grad


def _sanity_linear(ns, out):
    s = SANITY
    layer = ns["Linear"](5, 3, rng=_gen(0))
    x1, x2, dout = s["lin_x1"].copy(), s["lin_x2"].copy(), s["lin_dout"].copy()
    out["lin_out1"] = np.asarray(layer.forward(x1.copy()), dtype=np.float64)
    out["lin_out2"] = np.asarray(layer.forward(x2.copy()), dtype=np.float64)
    out["lin_mix"] = np.asarray(layer.forward(0.3 * x1 + 0.7 * x2), dtype=np.float64)
    before = _objective(layer.forward, x1.copy(), dout)
    out["lin_dx"] = np.asarray(layer.backward(dout.copy()), dtype=np.float64)
    out["lin_dx_num"] = _numeric_dx(layer.forward, x1, dout)
    layer.forward(x1.copy())
    layer.backward(dout.copy())
    layer.update(0.01)
    out["lin_before"], out["lin_after"] = before, _objective(layer.forward, x1.copy(), dout)


def _sanity_activations(ns, out):
    s = SANITY
    names = [n for n in ("ReLU", "Tanh") if isinstance(ns.get(n), type)]
    out["act_names"] = " ".join(names)
    for name in names:
        act = ns[name]()
        call(out, f"{name}_out", act.forward, s["act_z"].copy())
        call(out, f"{name}_dx", act.backward, s["act_dout"].copy())


def _sanity_loss(ns, out):
    s = SANITY
    loss = ns["SoftmaxCrossEntropy"]()
    call(out, "ce_loss", loss.forward, s["ce_z"].copy(), s["ce_y"].copy())
    call(out, "ce_dz", loss.backward)


def _small_net(ns, seed):
    names = [n for n in ("Tanh", "ReLU") if isinstance(ns.get(n), type)]
    middle = [ns[names[0]]()] if names else []
    return ns["Net"](ns["Linear"](4, 6, rng=_gen(seed)), *middle, ns["Linear"](6, 3, rng=_gen(seed + 1)))


def _sanity_net(ns, out):
    s = SANITY
    net = _small_net(ns, 0)
    x, dout = s["net_x"].copy(), s["net_dout"].copy()
    net.forward(x.copy())
    out["net_dx"] = np.asarray(net.backward(dout.copy()), dtype=np.float64)
    out["net_dx_num"] = _numeric_dx(net.forward, x, dout)
    before = _objective(net.forward, x.copy(), dout)
    net.forward(x.copy())
    net.backward(dout.copy())
    net.update(0.01)
    out["net_before"], out["net_after"] = before, _objective(net.forward, x.copy(), dout)


def _sanity_train(ns, out):
    s = SANITY
    net = _small_net(ns, 5)
    losses = ns["train_loop"](net, ns["SoftmaxCrossEntropy"](), s["blob_x"].copy(), s["blob_y"].copy(),
                              epochs=5, lr=0.3, batch_size=10, seed=0)
    out["train_losses"] = np.asarray(list(losses), dtype=np.float64)


SANITY_PARTS = (("linear", _sanity_linear), ("activations", _sanity_activations),
                ("loss", _sanity_loss), ("net", _sanity_net), ("train_loop", _sanity_train))


def probe_accuracy(ns, out):
    missing = [n for n in ("Linear", "SoftmaxCrossEntropy", "Net", "train_loop") if n not in ns]
    if not any(isinstance(ns.get(n), type) for n in ("ReLU", "Tanh")):
        missing.insert(1, "ReLU eller Tanh")
    out["missing"] = (", ".join(missing[:-1]) + " og " + missing[-1]) if len(missing) > 1 else "".join(missing)
    if missing:
        return
    with np.errstate(all="ignore"):
        for name, part in SANITY_PARTS:
            try:
                part(ns, out)
            except Exception as err:  # elevens klasser kan feile på hva som helst
                out[f"sanity_{name}"] = Failed(err)
        _best(ns, out)
        best = ns.get("BEST")
        if not isinstance(best, dict) or not within_budget(*describe_config(best)[:2]):
            return
        x_train = np.load(f"{DATA}/train_x.npy")
        y_train = np.load(f"{DATA}/train_y.npy")
        x_hidden = np.load(f"{DATA}/reserved_x.npy")
        net = call(out, "build", ns["build_net"], dict(best), seed=0)
        if net is None:
            return
        out["build"] = True
        call(out, "untrained", lambda: np.asarray(net.forward(x_hidden.copy())).argmax(axis=1))
        losses = call(out, "losses", lambda: np.asarray(list(ns["train_loop"](
            net, ns["SoftmaxCrossEntropy"](), x_train, y_train, epochs=int(best["epochs"]),
            lr=float(best["lr"]), batch_size=int(best["batch_size"]), seed=0)), dtype=np.float64))
        if losses is None:
            return
        call(out, "pred", lambda: np.asarray(net.forward(x_hidden.copy())).argmax(axis=1))
        x_val = np.load(f"{DATA}/val_x.npy")
        call(out, "pred_val", lambda: np.asarray(net.forward(x_val)).argmax(axis=1))


PROBES = {"test_prepare": probe_prepare, "test_build_net": probe_build_net,
          "test_configs": probe_configs, "test_confusion": probe_confusion,
          "test_accuracy": probe_accuracy}
