"""Prøvene for oppgave 2 (gradientnedstigning). Kaller elevens funksjoner; vurderingen skjer i judges_02."""

import numpy as np
from probe_tools import Failed, call, copies

# --- deloppgave 1 og 2: deriverte av MSE og MAE --------------------------------------------
LOSS_CASES = {
    "basic_mse": (np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]])),
    "basic_mae": (np.array([[1.0], [3.0]]), np.array([[0.0], [5.0]])),
    "multi": (np.array([[1.0, -2.0, 0.5], [0.5, 4.0, -1.0]]),
              np.array([[0.0, 0.0, 1.5], [0.25, 1.0, -3.0]])),
    "tie": (np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([[1.0, 0.0], [3.0, 2.0]])),
    "single": (np.array([[2.0]]), np.array([[-1.0]])),
}


def _loss_grad(ns, out, name, keys):
    with np.errstate(all="ignore"):
        for key in keys:
            y_hat, y = copies(*LOSS_CASES[key])
            call(out, key, ns[name], y_hat, y)
            out[f"{key}_y_hat"], out[f"{key}_y"] = y_hat, y


def probe_mse_grad(ns, out):
    _loss_grad(ns, out, "mse_grad", ["basic_mse", "multi", "single"])


def probe_mae_grad(ns, out):
    _loss_grad(ns, out, "mae_grad", ["basic_mae", "multi", "tie", "single"])


# --- deloppgave 3: numerisk gradient -------------------------------------------------------
def _quad(t):
    return t[0] ** 2 + 3 * t[1]


def _three(t):
    return np.sin(t[0]) + t[1] * t[2] ** 2


def _one(t):
    return np.exp(t[0])


def _cube(t):
    return t[0] ** 3 + t[1] ** 3


NUMERIC_CASES = {  # navn → (funksjon, punkt, eps)
    "basic": (_quad, np.array([1.0, 2.0]), None),
    "three": (_three, np.array([0.3, -1.2, 2.0]), None),
    "one": (_one, np.array([0.5]), None),
    "eps": (_cube, np.array([1.0, -2.0]), 0.1),
}


def probe_numeric_grad(ns, out):
    with np.errstate(all="ignore"):
        for key, (fn, theta, eps) in NUMERIC_CASES.items():
            (t,) = copies(theta)
            if eps is None:
                call(out, key, ns["numeric_grad"], fn, t)
            else:
                call(out, key, ns["numeric_grad"], fn, t, eps)
            out[f"{key}_theta"] = t


# --- deloppgave 4: gradienten til f --------------------------------------------------------
GRAD_F_POINTS = np.array([[0.0, 0.0], [3.0, -1.0], [1.5, 2.0], [-4.0, 0.25], [10.0, -7.0]])


def probe_grad_f(ns, out):
    with np.errstate(all="ignore"):
        for i, point in enumerate(GRAD_F_POINTS):
            (t,) = copies(point)
            call(out, f"p{i}", ns["grad_f"], t)
            out[f"p{i}_theta"] = t


# --- deloppgave 5: descent_path ------------------------------------------------------------
TARGET = np.array([1.0, 2.0, 3.0])


def _square_grad(w):
    return 2 * w


def _target_grad(t):
    return t - TARGET


def _bowl_grad(t):
    return np.array([2.0 * (t[0] - 3.0), 20.0 * (t[1] + 1.0)])


DESCENT_CASES = {  # navn → (gradient, start, lr, steps)
    "square": (_square_grad, np.array([1.0]), 0.25, 3),
    "three": (_target_grad, np.zeros(3), 0.5, 20),
    "bowl": (_bowl_grad, np.array([0.0, 0.0]), 0.05, 10),
    "zero": (_bowl_grad, np.array([1.0, 1.0]), 0.1, 0),
}


def probe_descent_path(ns, out):
    with np.errstate(all="ignore"):
        for key, (grad, start, lr, steps) in DESCENT_CASES.items():
            (s,) = copies(start)
            call(out, key, ns["descent_path"], grad, s, lr, steps)
            out[f"{key}_start"] = s


# --- deloppgave 6: læringsraten ------------------------------------------------------------
def probe_lr(ns, out):
    value = ns.get("lr", Failed(NameError("lr er ikke definert")))
    if isinstance(value, bool):
        value = Failed(TypeError("lr er True/False, ikke et tall"))
    out["lr"] = value


# --- deloppgave 7: linear_grads ------------------------------------------------------------
def _linear_case(seed, n, d):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(1, d)), rng.normal(size=1), rng.normal(size=(n, d)),
            rng.normal(size=(n, 1)))


LINEAR_CASES = {
    "basic": (np.array([[0.5, -0.5]]), np.array([0.1]),
              np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]]), np.array([[1.0], [0.0], [2.0]])),
    "three": _linear_case(6, 5, 3),
    "single": _linear_case(7, 1, 3),
}


def _pair(out, key, value):
    """Del et svar (dW, db) i to nøkler. Feil form på svaret gir en forklaring."""
    if key in out and isinstance(out[key], Failed):
        return
    try:
        first, second = value
    except Exception:  # noqa: BLE001
        out[key] = Failed(TypeError("svaret skal være to matriser, (dW, db)"))
        return
    out[key] = True
    out[f"{key}_dW"], out[f"{key}_db"] = first, second


def probe_linear_grads(ns, out):
    with np.errstate(all="ignore"):
        for key, case in LINEAR_CASES.items():
            W, b, x, y = copies(*case)
            _pair(out, key, call(out, key, ns["linear_grads"], W, b, x, y))
            for name, arr in zip("Wbxy", (W, b, x, y)):
                out[f"{key}_{name}"] = arr


# --- deloppgave 8: sgd_linear_regression ---------------------------------------------------
def linear_data():
    """Samme data som x_lin, y_lin i notebooken."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2))
    y = x @ np.array([[2.0], [-3.0]]) + 0.5 + rng.normal(0.0, 0.1, size=(200, 1))
    return x, y


def three_data():
    x = np.random.default_rng(8).normal(size=(120, 3))
    return x, x @ np.array([[1.0], [0.0], [-1.0]]) - 2.0


def reference_linear_grads(W, b, x, y):
    """En riktig linear_grads, så sgd_linear_regression rettes uavhengig av deloppgave 7."""
    W, b, x, y = (np.asarray(v, dtype=float) for v in (W, b, x, y))
    r = 2.0 * (x @ W.T + b - y) / len(x)  # (B, 1)
    return r.T @ x, r.sum(axis=0)


class Spy:
    """Står for linear_grads og noterer hvilke eksempler (radnumre) hver minibatch har."""

    def __init__(self, x):
        self.x, self.rows, self.sizes = np.asarray(x, dtype=float), [], []

    def __call__(self, W, b, x, y):
        xb = np.asarray(x, dtype=float).reshape(-1, self.x.shape[1])
        dist = ((xb[:, None, :] - self.x[None, :, :]) ** 2).sum(axis=2)
        self.rows.extend(np.argmin(dist, axis=1).tolist())
        self.sizes.append(len(xb))
        return reference_linear_grads(W, b, x, y)


SGD_RUNS = {  # navn → (data, lr, epochs, batch_size, seed)
    "main": ("lin", 0.1, 30, 16, 0),
    "full": ("lin", 0.1, 5, 200, 0),
    "same": ("lin", 0.1, 3, 16, 7),
    "three": ("three", 0.1, 50, 10, 0),
    "one": ("small", 0.01, 20, 1, 1),
}


def _data(name):
    if name == "small":
        x, y = linear_data()
        return x[:50], y[:50]
    return linear_data() if name == "lin" else three_data()


def _triple(out, key, value):
    if isinstance(out.get(key), Failed):
        return
    try:
        W, b, losses = value
    except Exception:  # noqa: BLE001
        out[key] = Failed(TypeError("svaret skal være tre ting: W, b, losses"))
        return
    out[key] = True
    out[f"{key}_W"], out[f"{key}_b"] = W, b
    try:
        out[f"{key}_losses"] = np.asarray([float(v) for v in losses])
    except Exception:  # noqa: BLE001
        out[f"{key}_losses"] = Failed(TypeError("losses skal være en liste med tall"))


def probe_sgd(ns, out):
    sgd = ns["sgd_linear_regression"]
    with np.errstate(all="ignore"):
        for key, (data, lr, epochs, batch_size, seed) in SGD_RUNS.items():
            x, y = copies(*_data(data))
            ns["linear_grads"] = reference_linear_grads
            _triple(out, key, call(out, key, sgd, x, y, lr=lr, epochs=epochs,
                                   batch_size=batch_size, seed=seed))
            out[f"{key}_x"], out[f"{key}_y"] = x, y
        # samme seed to ganger
        x, y = _data("lin")
        _triple(out, "same2", call(out, "same2", sgd, x, y, lr=0.1, epochs=3, batch_size=16, seed=7))
        # minibatchene: 200 eksempler, batch_size=64, to epoker
        spy = Spy(x)
        ns["linear_grads"] = spy
        call(out, "spy", sgd, x.copy(), y.copy(), lr=0.01, epochs=2, batch_size=64, seed=0)
        if not isinstance(out["spy"], Failed):
            out["spy"] = True
        out["spy_rows"], out["spy_sizes"] = np.array(spy.rows, dtype=int), np.array(spy.sizes, dtype=int)


PROBES = {"test_mse_grad": probe_mse_grad, "test_mae_grad": probe_mae_grad,
          "test_numeric_grad": probe_numeric_grad, "test_grad_f": probe_grad_f,
          "test_descent_path": probe_descent_path, "test_lr": probe_lr,
          "test_linear_grads": probe_linear_grads, "test_sgd": probe_sgd}
