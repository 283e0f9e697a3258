"""Prøvene for oppgave 3 (tilbakepropagering). Kaller elevens klasser; vurderingen skjer i judges_03.

Net og train_loop prøves med riktige lag og tapfunksjoner herfra (og med «spioner» som
noterer hva som skjer), så en feil i ett lag aldri koster poeng i en annen deloppgave.
Bare deloppgave 9 (halvmånene) bruker alle elevens klasser sammen, som teksten sier.
"""

import numpy as np
from probe_tools import Failed, call

TEST_POINTS = "/data/moons_test.npy"  # skrevet av judges_03.write_data


def snap(value):
    """En kopi som tall-matrise (så senere endringer i elevens objekter ikke teller)."""
    try:
        arr = np.array(value, dtype=float)
        return arr
    except Exception:  # noqa: BLE001
        return value


def record(out, key, fn):
    """out[key] = snap(fn()), eller Failed. Returnerer verdien (None ved feil)."""
    value = call(out, key, fn)
    if not isinstance(out.get(key), Failed):
        out[key] = snap(value)
    return value


def _r(seed, *shape):
    return np.random.default_rng(seed).normal(size=shape)


# --- deloppgave 1: __init__ og forward -----------------------------------------------------
FWD = {"W": np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]]), "b": np.array([0.5, -1.0]),
       "x": np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0]]), "W4": _r(1, 3, 4), "b4": _r(2, 3),
       "x1": _r(3, 1, 4)}


def probe_linear_forward(ns, out):
    Linear = ns["Linear"]
    with np.errstate(all="ignore"):
        layer = call(out, "init", lambda: Linear(3, 2, rng=0))
        if layer is not None:
            out["init"] = True
            out["init_keys"] = ",".join(sorted(map(str, getattr(layer, "params", {}) or {})))
            record(out, "init_W", lambda: layer.params["W"])
            record(out, "init_b", lambda: layer.params["b"])
            record(out, "again_W", lambda: Linear(3, 2, rng=0).params["W"])
            record(out, "other_W", lambda: Linear(3, 2, rng=5).params["W"])
        big = call(out, "big", lambda: np.asarray(Linear(400, 300, rng=1).params["W"], dtype=float))
        if big is not None:
            out["big"] = np.array([big.shape[0], big.shape[1], big.mean(), big.std()])
        call(out, "none", lambda: Linear(2, 2).params["W"] is not None)
        layer = call(out, "fwd_layer", lambda: Linear(3, 2, rng=0))
        if layer is not None:
            out["fwd_layer"] = True
            layer.params["W"], layer.params["b"] = FWD["W"].copy(), FWD["b"].copy()
            record(out, "basic", lambda: layer.forward(FWD["x"].copy()))
        layer = call(out, "one_layer", lambda: Linear(4, 3, rng=2))
        if layer is not None:
            out["one_layer"] = True
            layer.params["W"], layer.params["b"] = FWD["W4"].copy(), FWD["b4"].copy()
            x1 = FWD["x1"].copy()
            record(out, "single", lambda: layer.forward(x1))
            out["single_x"] = x1


# --- deloppgave 2: backward ----------------------------------------------------------------
BWD = {"W": _r(10, 4, 5), "b": _r(11, 4), "x": _r(12, 7, 5), "dout": _r(13, 7, 4),
       "xA": _r(14, 3, 5), "xB": _r(15, 2, 5), "doutB": _r(16, 2, 4),
       "x1": _r(17, 1, 5), "dout1": _r(18, 1, 4)}


def _fresh(ns, out, key):
    layer = call(out, key, lambda: ns["Linear"](5, 4, rng=3))
    if layer is None:
        return None
    out[key] = True
    layer.params["W"], layer.params["b"] = BWD["W"].copy(), BWD["b"].copy()
    return layer


def probe_linear_backward(ns, out):
    with np.errstate(all="ignore"):
        layer = _fresh(ns, out, "main")
        if layer is not None:
            call(out, "main_fwd", lambda: layer.forward(BWD["x"].copy()) is not None)
            record(out, "dx", lambda: layer.backward(BWD["dout"].copy()))
            out["keys"] = ",".join(sorted(map(str, getattr(layer, "grads", {}) or {})))
            record(out, "dW", lambda: layer.grads["W"])
            record(out, "db", lambda: layer.grads["b"])
        layer = _fresh(ns, out, "latest")
        if layer is not None:
            call(out, "latest_fwdA", lambda: layer.forward(BWD["xA"].copy()) is not None)
            call(out, "latest_fwdB", lambda: layer.forward(BWD["xB"].copy()) is not None)
            record(out, "latest_dx", lambda: layer.backward(BWD["doutB"].copy()))
            record(out, "latest_dW", lambda: layer.grads["W"])
        layer = _fresh(ns, out, "one")
        if layer is not None:
            call(out, "one_fwd", lambda: layer.forward(BWD["x1"].copy()) is not None)
            record(out, "one_dx", lambda: layer.backward(BWD["dout1"].copy()))
            record(out, "one_dW", lambda: layer.grads["W"])
            record(out, "one_db", lambda: layer.grads["b"])


# --- deloppgave 3: update ------------------------------------------------------------------
UPD = {"W": _r(20, 3, 2), "b": _r(21, 3), "dW": _r(22, 3, 2), "db": _r(23, 3),
       "dW2": _r(24, 3, 2), "db2": _r(25, 3)}


def probe_linear_update(ns, out):
    with np.errstate(all="ignore"):
        layer = call(out, "layer", lambda: ns["Linear"](2, 3, rng=0))
        if layer is None:
            return
        out["layer"] = True
        layer.params = {"W": UPD["W"].copy(), "b": UPD["b"].copy()}
        layer.grads = {"W": UPD["dW"].copy(), "b": UPD["db"].copy()}
        call(out, "first", lambda: layer.update(0.1))
        out["first"] = True if not isinstance(out["first"], Failed) else out["first"]
        record(out, "W1", lambda: layer.params["W"])
        record(out, "b1", lambda: layer.params["b"])
        layer.grads = {"W": UPD["dW2"].copy(), "b": UPD["db2"].copy()}
        call(out, "second", lambda: layer.update(0.5))
        out["second"] = True if not isinstance(out["second"], Failed) else out["second"]
        record(out, "W2", lambda: layer.params["W"])
        record(out, "b2", lambda: layer.params["b"])


# --- deloppgave 4 og 5: aktiveringsfunksjonene ---------------------------------------------
ACT = {"x": np.array([[0.0, 1.0, -0.5], [20.0, -20.0, 2.0]]), "dout": np.array([[2.0, 1.0, -1.0], [1.0, 1.0, 0.5]]),
       "xr": _r(30, 5, 4), "doutr": _r(31, 5, 4)}


def _activation(ns, out, name, x, dout):
    with np.errstate(all="ignore"):
        act = call(out, "make", lambda: ns[name]())
        if act is None:
            return
        out["make"] = True
        xin = x.copy()
        record(out, "out", lambda: act.forward(xin))
        record(out, "dx", lambda: act.backward(dout.copy()))
        out["x_after"] = xin
        act = call(out, "make2", lambda: ns[name]())
        if act is not None:
            out["make2"] = True
            record(out, "rand_out", lambda: act.forward(ACT["xr"].copy()))
            record(out, "rand_dx", lambda: act.backward(ACT["doutr"].copy()))


def probe_tanh(ns, out):
    _activation(ns, out, "Tanh", ACT["x"], ACT["dout"])


def probe_relu(ns, out):
    _activation(ns, out, "ReLU", np.array([[-2.0, 0.5, 3.0], [1.5, -0.25, -4.0]]), ACT["dout"])


# --- deloppgave 6: softmax og kryssentropi -------------------------------------------------
SCE_CASES = {
    "basic": (np.array([[2.0, 0.0], [0.0, 0.0]]), np.array([0, 1])),
    "large": (np.array([[1000.0, 0.0], [-1000.0, 1000.0], [800.0, 800.0], [1000.0, 990.0]]),
              np.array([0, 1, 1, 1])),
    "three": (_r(40, 4, 3), np.array([2, 0, 1, 1])),
    "single": (np.array([[0.5, -1.0, 2.0]]), np.array([1])),
}


def probe_softmax_ce(ns, out):
    with np.errstate(all="ignore"):
        for key, (z, y) in SCE_CASES.items():
            loss_fn = call(out, key, lambda: ns["SoftmaxCrossEntropy"]())
            if loss_fn is None:
                continue
            out[key] = True
            zin = z.copy()
            record(out, f"{key}_loss", lambda: loss_fn.forward(zin, y.copy()))
            record(out, f"{key}_dz", lambda: loss_fn.backward())
            out[f"{key}_z"] = zin


# --- riktige lag, brukt når Net og train_loop prøves -----------------------------------------
class RefLinear:
    def __init__(self, W, b):
        self.params, self.grads = {"W": np.array(W, dtype=float), "b": np.array(b, dtype=float)}, {}

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        self.x = np.asarray(x, dtype=float)
        return self.x @ self.params["W"].T + self.params["b"]

    def backward(self, dout):
        self.grads = {"W": dout.T @ self.x, "b": dout.sum(axis=0)}
        return dout @ self.params["W"]

    def update(self, lr):
        for k in self.params:
            self.params[k] = self.params[k] - lr * self.grads[k]


class RefTanh:
    def __init__(self):
        self.params, self.grads = {}, {}

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        self.h = np.tanh(x)
        return self.h

    def backward(self, dout):
        return dout * (1 - self.h ** 2)

    def update(self, lr):
        pass


class RefNet:
    def __init__(self, *layers):
        self.layers = list(layers)

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout):
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def update(self, lr):
        for layer in self.layers:
            layer.update(lr)


class RefSoftmaxCE:
    def __call__(self, z, y):
        return self.forward(z, y)

    def forward(self, z, y):
        s = z - z.max(axis=1, keepdims=True)
        log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        self.p, self.y = np.exp(log_p), np.asarray(y)
        return float(-np.mean(log_p[np.arange(len(y)), y]))

    def backward(self):
        dz = self.p.copy()
        dz[np.arange(len(self.y)), self.y] -= 1
        return dz / len(self.y)


# --- deloppgave 7: Net ---------------------------------------------------------------------
NET = {"W1": _r(50, 3, 2), "b1": _r(51, 3), "W2": _r(52, 2, 3), "b2": _r(53, 2),
       "x": _r(54, 4, 2), "dout": _r(55, 4, 2), "W3": _r(56, 2, 3), "b3": _r(57, 2),
       "x3": _r(58, 5, 3), "dout3": _r(59, 5, 2)}


class SpyLayer:
    """Ganger med k i begge retninger og skriver hvert kall i loggen."""

    def __init__(self, i, log):
        self.i, self.k, self.log = i, float(i + 2), log
        self.params, self.grads = {"s": np.array([float(i)])}, {"s": np.array([0.0])}

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        self.log.append(f"f{self.i}")
        return self.k * np.asarray(x)

    def backward(self, dout):
        self.log.append(f"b{self.i}")
        self.grads = {"s": np.array([10.0 + self.i])}
        return self.k * np.asarray(dout)

    def update(self, lr):
        self.log.append(f"u{self.i}:{float(lr):g}")


def probe_net(ns, out):
    Net = ns["Net"]
    with np.errstate(all="ignore"):
        layers = [RefLinear(NET["W1"], NET["b1"]), RefTanh(), RefLinear(NET["W2"], NET["b2"])]
        net = call(out, "net", lambda: Net(*layers))
        if net is not None:
            out["net"] = True
            record(out, "fwd", lambda: net.forward(NET["x"].copy()))
            record(out, "dx", lambda: net.backward(NET["dout"].copy()))
            grads = call(out, "grads", lambda: dict(net.grads))
            if grads is not None:
                out["grads"] = ",".join(sorted(map(str, grads)))
                for k in ("0.W", "0.b", "2.W", "2.b"):
                    record(out, f"grads_{k}", lambda: grads[k])
            call(out, "update", lambda: net.update(0.1))
            out["update"] = True if not isinstance(out["update"], Failed) else out["update"]
            params = call(out, "params", lambda: dict(net.params))
            if params is not None:
                out["params"] = ",".join(sorted(map(str, params)))
                for k in ("0.W", "2.b"):
                    record(out, f"params_{k}", lambda: params[k])
            out["layer0_W"], out["layer2_b"] = layers[0].params["W"], layers[2].params["b"]
        log = []
        spy = call(out, "spy", lambda: Net(*[SpyLayer(i, log) for i in range(3)]))
        if spy is not None:
            out["spy"] = True
            record(out, "spy_fwd", lambda: spy.forward(np.ones((1, 2))))
            record(out, "spy_dx", lambda: spy.backward(np.ones((1, 2))))
            call(out, "spy_update", lambda: spy.update(0.25))
            out["spy_update"] = True if not isinstance(out["spy_update"], Failed) else out["spy_update"]
            out["spy_log"] = " ".join(log)
        single = call(out, "single", lambda: Net(RefLinear(NET["W3"], NET["b3"])))
        if single is not None:
            out["single"] = True
            record(out, "single_fwd", lambda: single.forward(NET["x3"].copy()))
            record(out, "single_dx", lambda: single.backward(NET["dout3"].copy()))


# --- deloppgave 8: train_loop --------------------------------------------------------------
SPY_N, SPY_BATCH, SPY_EPOCHS, SPY_LR = 50, 16, 3, 0.25


class SpyNet:
    """Et «nettverk» som noterer radene det får, og sjekker rekkefølgen på kallene."""

    def __init__(self, log):
        self.log, self.rows, self.sizes, self.dout_ok, self.lrs = log, [], [], [], []
        self.last_out, self.marker = None, None
        self.params, self.grads = {}, {}

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        self.log.append("f")
        self.rows.extend(np.rint(x[:, 0]).astype(int).tolist())
        self.sizes.append(len(x))
        self.last_out = x * 1.0
        return self.last_out

    def backward(self, dout):
        self.log.append("b")
        self.dout_ok.append(self.marker is not None and np.shape(dout) == self.marker.shape
                            and bool(np.all(np.asarray(dout) == self.marker)))
        return np.zeros_like(np.asarray(dout, dtype=float))

    def update(self, lr):
        self.log.append("u")
        self.lrs.append(float(lr))


class SpyLoss:
    """Et tap som noterer etikettene og gir et kjent tall per minibatch."""

    def __init__(self, net, log):
        self.net, self.log, self.labels, self.z_ok, self.count = net, log, [], [], 0

    def __call__(self, z, y):
        return self.forward(z, y)

    def forward(self, z, y):
        self.log.append("l")
        y = np.asarray(y)
        self.labels.extend(y.astype(int).tolist())
        self.z_ok.append(self.net.last_out is not None and np.shape(z) == self.net.last_out.shape
                         and bool(np.all(np.asarray(z) == self.net.last_out)))
        self.batch = y
        return float(1.0 + y.mean() / 100.0)

    def backward(self):
        self.log.append("k")
        self.count += 1
        self.net.marker = np.full((len(self.batch), 2), float(self.count))
        return self.net.marker


def spy_data():
    idx = np.arange(SPY_N)
    return np.column_stack([idx, 0.5 * idx]).astype(float), idx.copy()


def _spy_run(ns, out, key, seed):
    log = []
    net = SpyNet(log)
    loss = SpyLoss(net, log)
    x, y = spy_data()
    losses = call(out, key, lambda: ns["train_loop"](net, loss, x, y, epochs=SPY_EPOCHS, lr=SPY_LR,
                                                     batch_size=SPY_BATCH, seed=seed))
    if not isinstance(out[key], Failed):
        out[key] = True
        try:
            out[f"{key}_losses"] = np.array([float(v) for v in losses])
        except Exception:  # noqa: BLE001
            out[f"{key}_losses"] = Failed(TypeError("svaret skal være en liste med tall"))
    out[f"{key}_log"] = "".join(log)
    out[f"{key}_rows"] = np.array(net.rows, dtype=int)
    out[f"{key}_sizes"] = np.array(net.sizes, dtype=int)
    out[f"{key}_labels"] = np.array(loss.labels, dtype=int)
    out[f"{key}_z_ok"] = np.array(loss.z_ok, dtype=bool)
    out[f"{key}_dout_ok"] = np.array(net.dout_ok, dtype=bool)
    out[f"{key}_lrs"] = np.array(net.lrs, dtype=float)


def real_data():
    from mlfw.data import moons

    return moons(100, noise=0.1, seed=4)


def probe_train_loop(ns, out):
    with np.errstate(all="ignore"):
        _spy_run(ns, out, "spy", 3)
        _spy_run(ns, out, "again", 3)
        x, y = real_data()
        net = RefNet(RefLinear(_r(60, 8, 2), np.zeros(8)), RefTanh(), RefLinear(_r(61, 2, 8) / 3, np.zeros(2)))
        losses = call(out, "real", lambda: ns["train_loop"](net, RefSoftmaxCE(), x, y, epochs=30,
                                                           lr=0.5, batch_size=10, seed=0))
        if not isinstance(out["real"], Failed):
            out["real"] = True
            try:
                out["real_losses"] = np.array([float(v) for v in losses])
            except Exception:  # noqa: BLE001
                out["real_losses"] = Failed(TypeError("svaret skal være en liste med tall"))


# --- deloppgave 9: halvmånene ----------------------------------------------------------------
def probe_moons(ns, out):
    from mlfw.data import moons

    with np.errstate(all="ignore"):
        x_test = np.load(TEST_POINTS)
        x, y = moons(300, noise=0.15, seed=0)
        cfg = ns.get("MOONS_CONFIG")
        if not isinstance(cfg, dict) or not all(k in cfg for k in ("lr", "epochs", "batch_size")):
            out["config"] = Failed(ValueError("MOONS_CONFIG skal være en ordbok med lr, epochs og batch_size"))
            return
        out["config"] = True
        net = call(out, "build", lambda: ns["build_moons_net"](0))
        if net is None:
            return
        out["build"] = True
        call(out, "train", lambda: ns["train_loop"](net, ns["SoftmaxCrossEntropy"](), x, y,
                                                    epochs=cfg["epochs"], lr=cfg["lr"],
                                                    batch_size=cfg["batch_size"], seed=0))
        out["train"] = True if not isinstance(out["train"], Failed) else out["train"]
        z = call(out, "z", lambda: np.asarray(net.forward(x_test), dtype=float))
        if z is not None:
            out["z"] = np.array(z.shape)
            if z.ndim == 2 and len(z) == len(x_test):
                out["pred"] = np.argmax(z, axis=1)


PROBES = {"test_linear_forward": probe_linear_forward, "test_linear_backward": probe_linear_backward,
          "test_linear_update": probe_linear_update, "test_tanh": probe_tanh, "test_relu": probe_relu,
          "test_softmax_ce": probe_softmax_ce, "test_net": probe_net,
          "test_train_loop": probe_train_loop, "test_moons": probe_moons}
