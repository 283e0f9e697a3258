"""Sjekk en backward-implementasjon mot sentrale differanser."""

import copy

import numpy as np

from ._checks import as_float_array, check_instance, check_number, check_seed
from .losses import Loss


def _relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """‖a − b‖ / (‖a‖ + ‖b‖), og 0 når begge er null."""
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def _numeric_grad(f, arr: np.ndarray, eps: float) -> np.ndarray:
    """Sentral differanse (f(a + ε) − f(a − ε)) / 2ε for hvert tall i `arr` (endres på plass og settes tilbake)."""
    grad = np.zeros_like(arr)
    for i in np.ndindex(arr.shape):
        old = arr[i]
        arr[i] = old + eps
        f_plus = f()
        arr[i] = old - eps
        f_minus = f()
        arr[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def gradcheck(module_or_loss, x, y=None, *, eps: float = 1e-6, seed: int = 0) -> float:
    r"""Største relative feil mellom `backward` og sentrale differanser, regnet i float64.

    For et lag eller et `Net` sammenlignes `dx` og alle `grads` med de numeriske
    gradientene av :math:`\sum \mathrm{out} \odot \mathrm{dout}` for en tilfeldig `dout`. For en
    tapfunksjon (også en du skriver selv) gis `y_hat` som `x` og etikettene som `y`, og `backward()`
    sammenlignes med den numeriske gradienten av tapet. Feilen for hver tabell er
    :math:`\lVert a - n\rVert / (\lVert a\rVert + \lVert n\rVert)`; under 1e-6 er
    vanligvis riktig, over 1e-3 er nesten alltid en feil.

    Lager en kopi, så modulen du sender inn endres ikke.

    >>> import numpy as np
    >>> from mlfw import Linear
    >>> x = np.random.default_rng(0).normal(size=(4, 3))
    >>> gradcheck(Linear(3, 2, rng=0), x) < 1e-8
    True
    """
    who = "gradcheck"
    is_loss = isinstance(module_or_loss, Loss) or (y is not None and not hasattr(module_or_loss, "params"))
    check_instance(module_or_loss, who, "module_or_loss", ("forward", "backward"), "et lag, et nettverk eller et tap")
    if not is_loss and not isinstance(getattr(module_or_loss, "params", None), dict):
        raise TypeError(f"gradcheck forventet et lag med en dict params, men {type(module_or_loss).__name__} "
                        f"har ingen — la klassen arve fra mlfw.Module, eller sett self.params = {{}}.")
    if y is not None and not is_loss:
        raise TypeError(f"gradcheck fikk y, men {type(module_or_loss).__name__} er et lag og ikke en "
                        f"tapfunksjon — kall gradcheck(lag, x) uten y; y brukes bare for tap: "
                        f"gradcheck(loss, y_hat, y).")
    if is_loss and y is None:
        raise TypeError(f"gradcheck forventet etikettene y for tapfunksjonen {type(module_or_loss).__name__} "
                        f"— kall gradcheck(loss, y_hat, y).")
    eps = check_number(eps, "eps", who, low=0, high=0.1, low_open=True, hint=" — bruk for eksempel eps=1e-6.")
    rng = check_seed(seed, who)
    x = np.array(as_float_array(x, who), dtype=np.float64)  # kopi i float64
    m = copy.deepcopy(module_or_loss)

    if is_loss:  # en tapfunksjon: forward(y_hat, y), backward()
        m.forward(x, y)
        analytic = m.backward()
        numeric = _numeric_grad(lambda: m.forward(x, y), x, eps)
        return _relative_error(analytic, numeric)

    if hasattr(m, "astype"):
        m.astype(np.float64)
    out = m.forward(x)
    dout = rng.normal(size=np.shape(out))

    def f() -> float:
        return float(np.sum(m.forward(x) * dout))

    m.forward(x)
    dx = m.backward(dout)
    if dx is None or np.shape(dx) != x.shape:
        raise RuntimeError(f"gradcheck: {type(module_or_loss).__name__}.backward skal returnere dx med samme "
                           f"form som x, {x.shape}, men ga {None if dx is None else np.shape(dx)} — husk "
                           f"return dx til slutt i backward.")
    analytic = {"x": dx, **{k: g.copy() for k, g in m.grads.items()}}
    numeric = {"x": _numeric_grad(f, x, eps)}
    for key, p in m.params.items():
        numeric[key] = _numeric_grad(f, p, eps)
    missing = set(numeric) - set(analytic)
    if missing:
        raise RuntimeError(
            f"gradcheck: backward fylte ikke grads for {sorted(missing)} — hver parameter "
            f"i params trenger en gradient med samme nøkkel i grads."
        )
    return max(_relative_error(analytic[k], numeric[k]) for k in numeric)
