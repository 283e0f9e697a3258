"""Prøvene for oppgave 5 (optimering). Kaller elevens kode; vurderingen skjer i judges_05.

Optimererne prøves på et lite «nettverk» med bare `params` og `grads` (ProbeNet), slik
oppgaveteksten sier: `net.grads` byttes ut med en ny ordbok før hvert steg, slik lagene i
mlfw gjør, og parameterne leses etter hvert steg. Noen kontroller sammenligner elevens
optimerer med seg selv (flere nøkler mot én og én, endret `lr`, vektforfall mot den samme
gradienten lagt til for hånd), så en feil i formelen for én deloppgave ikke koster poeng
i en annen. Deloppgave 5 kaller `compare` med rettingens egne, riktige optimerere.
"""

import numpy as np
from probe_tools import Failed, call

DATA = "/data"  # skrevet av judges_05.write_data


def _r(seed, *shape, scale=1.0):
    return scale * np.random.default_rng(seed).normal(size=shape)


class ProbeNet:
    """Bare `params` og `grads`, som et Net. Gradientene er tomme til første steg."""

    def __init__(self, params):
        self.params = {k: np.array(v, dtype=float) for k, v in params.items()}
        self.grads = {}


def flat(net):
    """Alle parameterne som én rad (nøklene sortert), kopiert."""
    return np.concatenate([np.array(net.params[k], dtype=float).ravel() for k in sorted(net.params)])


def run(ns, out, key, name, kwargs, params, grads, *, lr_at=None, grad_fn=None):
    """Lag elevens `name`(net, **kwargs), ta ett steg per gradient og lagre parameterne etter
    hvert steg i out[key] (form (steg, antall tall)). Gir (net, opt) eller (None, None)."""
    net = ProbeNet(params)
    opt = call(out, key, lambda: ns[name](net, **kwargs))
    if opt is None:
        return None, None
    rows = []
    try:
        for t, g in enumerate(grads):
            if lr_at and t in lr_at:
                opt.lr = lr_at[t]
            g = grad_fn(t, net, g) if grad_fn else g
            net.grads = {k: np.array(v, dtype=float) for k, v in g.items()}
            opt.step()
            rows.append(flat(net))
        out[key] = np.array(rows)
    except Exception as err:  # noqa: BLE001  (elevens kode kan feile på hva som helst)
        out[key] = Failed(err)
        return None, None
    return net, opt


# --- inndataene (dommeren regner fasiten av de samme) ------------------------------------

TOY = {"0.W": np.array([[1.0, -1.0]]), "0.b": np.array([0.5])}  # den synlige testen
TOY_GRADS = [{"0.W": np.array([[2.0, 0.0]]), "0.b": np.array([1.0])},
             {"0.W": np.array([[2.0, 0.0]]), "0.b": np.array([-1.0])}]
FOUR = {"0.W": _r(1, 3, 4), "0.b": _r(2, 3), "2.W": _r(3, 2, 3), "2.b": _r(4, 2)}
FOUR_GRADS = [{k: _r(10 + 7 * t + i, *np.shape(v), scale=[1.0, 0.01, 3.0, 0.2][i])
               for i, (k, v) in enumerate(FOUR.items())} for t in range(5)]
TWINS = {"0.W": _r(20, 2, 2), "1.W": _r(21, 2, 2), "2.b": _r(22, 2)}
TWIN_GRADS = [{k: _r(30 + 5 * t + i, *np.shape(v)) for i, (k, v) in enumerate(TWINS.items())}
              for t in range(3)]

MOMENTUM = {"basic": dict(lr=0.1, beta=0.9), "many": dict(lr=0.05, beta=0.8),
            "twins": dict(lr=0.1, beta=0.7), "lr": dict(lr=0.1, beta=0.9)}
ADAM = {"basic": dict(lr=0.1), "many": dict(lr=0.02, beta1=0.8, beta2=0.95, eps=0.01),
        "twins": dict(lr=0.05, beta1=0.85, beta2=0.99), "lr": dict(lr=0.01)}
LR_AT = {1: 0.3, 2: 0.3}  # opt.lr = 0.3 før steg 2 og 3 (første steg med lr=0.1 / 0.01)
ADAM_LR_AT = {1: 0.03, 2: 0.03}
DECAY = 0.1
DECAY_KW = {"Momentum": dict(lr=0.1, beta=0.9), "Adam": dict(lr=0.01)}
SHRINK_KW = {"Momentum": dict(lr=0.1, beta=0.9, weight_decay=0.5),
             "Adam": dict(lr=0.01, weight_decay=0.5)}
SHRINK = {"0.W": np.array([[1.0, -2.0], [0.5, 3.0]]), "0.b": np.array([1.0, -1.0])}
ZERO_GRADS = [{k: np.zeros_like(v) for k, v in SHRINK.items()} for _ in range(3)]


def _optimizer(ns, out, name, cases, lr_at):
    with np.errstate(all="ignore"):
        if not isinstance(ns.get(name), type):
            out["_mangler"] = f"fant ikke klassen {name}"
            return
        run(ns, out, "basic", name, cases["basic"], TOY, TOY_GRADS)
        run(ns, out, "many", name, cases["many"], FOUR, FOUR_GRADS)
        # én optimerer for tre nøkler mot én optimerer per nøkkel
        run(ns, out, "twins", name, cases["twins"], TWINS, TWIN_GRADS)
        for key in TWINS:
            run(ns, out, f"single_{key}", name, cases["twins"], {key: TWINS[key]},
                [{key: g[key]} for g in TWIN_GRADS])
        # på plass: tabellene fra før første steg er de som er endret
        _inplace(ns, out, name, cases["basic"])
        # lr er et vanlig attributt
        run(ns, out, "lr_fixed", name, cases["lr"], FOUR, FOUR_GRADS[:3])
        run(ns, out, "lr_changed", name, cases["lr"], FOUR, FOUR_GRADS[:3], lr_at=lr_at)


def _inplace(ns, out, name, kwargs):
    """Holder på tabellene fra før første steg: Er det de som er endret (på plass)?"""
    net = ProbeNet(FOUR)
    start = {k: v for k, v in net.params.items()}
    before = flat(net)
    opt = call(out, "inplace", lambda: ns[name](net, **kwargs))
    if opt is None:
        return
    try:
        for g in FOUR_GRADS[:2]:
            net.grads = {k: np.array(v, dtype=float) for k, v in g.items()}
            opt.step()
    except Exception as err:  # noqa: BLE001
        out["inplace"] = Failed(err)
        return
    out["inplace"] = True
    held = np.concatenate([np.array(start[k], dtype=float).ravel() for k in sorted(start)])
    out["inplace_held"] = held
    out["inplace_now"] = flat(net)
    out["inplace_before"] = before


def probe_momentum(ns, out):
    _optimizer(ns, out, "Momentum", MOMENTUM, LR_AT)


def probe_adam(ns, out):
    _optimizer(ns, out, "Adam", ADAM, ADAM_LR_AT)


# --- deloppgave 3: vektforfall --------------------------------------------------------


def _decay_by_hand(t, net, g):
    """Gradienten pluss λ·p for nøklene som slutter på W (til optimereren uten vektforfall)."""
    return {k: g[k] + DECAY * net.params[k] if k.rpartition(".")[2] == "W" else g[k] for k in g}


def probe_weight_decay(ns, out):
    with np.errstate(all="ignore"):
        for name in ("Momentum", "Adam"):
            if not isinstance(ns.get(name), type):
                out[f"{name}_mangler"] = f"fant ikke klassen {name}"
                continue
            kw = DECAY_KW[name]
            run(ns, out, f"{name}_decay", name, {**kw, "weight_decay": DECAY}, FOUR, FOUR_GRADS[:4])
            run(ns, out, f"{name}_hand", name, {**kw, "weight_decay": 0.0}, FOUR, FOUR_GRADS[:4],
                grad_fn=_decay_by_hand)
            run(ns, out, f"{name}_shrink", name, SHRINK_KW[name], SHRINK, ZERO_GRADS)


# --- deloppgave 4: treningen -------------------------------------------------------------

BUDGET = {"epochs": (1, 10), "batch_size": (8, 256)}


def _labels_ok(cfg):
    if not isinstance(cfg, dict):
        return False
    for key, (low, high) in BUDGET.items():
        v = cfg.get(key)
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not low <= v <= high:
            return False
    return True


def fit(net, opt, x, y, *, epochs, batch_size, seed=0):
    """Som train(net, CrossEntropyLoss(), x, y, optimizer=opt, seed=seed): stokk, forward,
    tap, backward og opt.step() for hver minibatch."""
    from mlfw.losses import CrossEntropyLoss

    loss = CrossEntropyLoss()
    rng = np.random.default_rng(seed)
    if hasattr(net, "set_training"):
        net.set_training(True)
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            loss.forward(net.forward(x[idx]), y[idx])
            net.backward(loss.backward())
            opt.step()
    if hasattr(net, "set_training"):
        net.set_training(False)


def _kind(ns, opt):
    for name in ("Adam", "Momentum"):
        cls = ns.get(name)
        if isinstance(cls, type) and isinstance(opt, cls):
            return name
    return f"ikke din Momentum eller Adam (men {type(opt).__name__})"


def probe_training(ns, out):
    missing = [n for n in ("build_net", "make_optimizer", "TRAIN_CONFIG") if n not in ns]
    out["missing"] = " og ".join(missing)
    if missing:
        return
    cfg = ns["TRAIN_CONFIG"]
    out["config_ok"] = _labels_ok(cfg)
    if not out["config_ok"]:
        return
    with np.errstate(all="ignore"):
        x_train = np.load(f"{DATA}/train_x.npy")
        y_train = np.load(f"{DATA}/train_y.npy")
        x_hidden = np.load(f"{DATA}/reserved_x.npy")
        x_val = np.load(f"{DATA}/val_x.npy")
        net = call(out, "build", lambda: ns["build_net"](seed=0))
        if net is None:
            return
        out["build"] = True
        opt = call(out, "opt", lambda: ns["make_optimizer"](net))
        if opt is None:
            return
        out["opt"] = True
        out["kind"] = _kind(ns, opt)
        call(out, "untrained", lambda: np.asarray(net.forward(x_hidden.copy())).argmax(axis=1))
        call(out, "fit", lambda: fit(net, opt, x_train, y_train, epochs=int(cfg["epochs"]),
                                     batch_size=int(cfg["batch_size"]), seed=0))
        if isinstance(out["fit"], Failed):
            return
        out["fit"] = True
        call(out, "pred", lambda: np.asarray(net.forward(x_hidden.copy())).argmax(axis=1))
        call(out, "pred_val", lambda: np.asarray(net.forward(x_val.copy())).argmax(axis=1))


# --- deloppgave 5: compare, med rettingens egne optimerere --------------------------------


class RefMomentum:
    def __init__(self, net, lr=0.1, beta=0.9, weight_decay=0.0):
        self.net, self.lr, self.beta, self.weight_decay, self.v = net, lr, beta, weight_decay, {}

    def step(self):
        for k, p in self.net.params.items():
            g = self.net.grads[k] + (self.weight_decay * p if k.rpartition(".")[2] == "W" else 0.0)
            self.v[k] = self.beta * self.v.get(k, 0.0) + g
            p -= self.lr * self.v[k]


class RefAdam:
    def __init__(self, net, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        self.net, self.lr, self.beta1, self.beta2, self.eps = net, lr, beta1, beta2, eps
        self.weight_decay, self.m, self.v, self.t = weight_decay, {}, {}, 0

    def step(self):
        self.t += 1
        for k, p in self.net.params.items():
            g = self.net.grads[k] + (self.weight_decay * p if k.rpartition(".")[2] == "W" else 0.0)
            self.m[k] = self.beta1 * self.m.get(k, 0.0) + (1 - self.beta1) * g
            self.v[k] = self.beta2 * self.v.get(k, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[k] / (1 - self.beta1 ** self.t)
            v_hat = self.v[k] / (1 - self.beta2 ** self.t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def ref_build_net(seed=0, *args, **kwargs):
    from mlfw import Linear, Net, ReLU, Softmax

    return Net(Linear(784, 32, rng=seed), ReLU(), Linear(32, 10, rng=seed + 1), Softmax())


NAMES = ("sgd", "momentum", "adam")
COMPARE_N, COMPARE_VAL, COMPARE_EPOCHS, COMPARE_BATCH = 1200, 400, 3, 32


def _results(out, key, fn):
    res = call(out, key, fn)
    if res is None:
        return
    if not isinstance(res, dict):
        out[key] = Failed(TypeError(f"compare skal gi en ordbok, men ga {type(res).__name__}"))
        return
    out[f"{key}_keys"] = ",".join(sorted(map(str, res)))
    values = np.full(len(NAMES), np.nan)
    for i, name in enumerate(NAMES):
        v = res.get(name)
        if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
            values[i] = float(v)
    out[key] = values


def probe_compare(ns, out):
    best = ns.get("BEST")
    out["best"] = best if isinstance(best, str) else f"<{type(best).__name__}>"
    if "compare" not in ns:
        out["missing"] = "compare"
        return
    ns["Momentum"], ns["Adam"] = RefMomentum, RefAdam
    if "build_net" in ns:
        ns["build_net"] = ref_build_net
    x = np.load(f"{DATA}/train_x.npy")[:COMPARE_N]
    y = np.load(f"{DATA}/train_y.npy")[:COMPARE_N]
    x_val = np.load(f"{DATA}/val_x.npy")[:COMPARE_VAL]
    y_val = np.load(f"{DATA}/val_y.npy")[:COMPARE_VAL]
    rng = np.random.default_rng(55)
    kw = dict(epochs=COMPARE_EPOCHS, batch_size=COMPARE_BATCH)
    with np.errstate(all="ignore"):
        _results(out, "real", lambda: ns["compare"](x.copy(), y.copy(), x_val.copy(), y_val.copy(), **kw))
        _results(out, "val_shuffled", lambda: ns["compare"](x.copy(), y.copy(), x_val.copy(),
                                                            rng.permutation(y_val), **kw))
        _results(out, "train_shuffled", lambda: ns["compare"](x.copy(), rng.permutation(y),
                                                              x_val.copy(), y_val.copy(), **kw))


PROBES = {"test_momentum": probe_momentum, "test_adam": probe_adam,
          "test_weight_decay": probe_weight_decay, "test_training": probe_training,
          "test_compare": probe_compare}
