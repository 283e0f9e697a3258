"""Sjekk en backward-implementasjon mot sentrale differanser."""

import copy

import numpy as np

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
    gradientene av :math:`\sum y \odot dy` for en tilfeldig `dy`. For en tapfunksjon
    (også en du skriver selv) gis `y_hat` som `x` og fasiten som `y`, og `backward()`
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
    m = copy.deepcopy(module_or_loss)
    x = np.array(x, dtype=np.float64)  # kopi i float64

    if y is not None or isinstance(m, Loss):  # en tapfunksjon: forward(y_hat, y), backward()
        m.forward(x, y)
        analytic = m.backward()
        numeric = _numeric_grad(lambda: m.forward(x, y), x, eps)
        return _relative_error(analytic, numeric)

    if hasattr(m, "astype"):
        m.astype(np.float64)
    out = m.forward(x)
    dy = np.random.default_rng(seed).normal(size=out.shape)

    def f() -> float:
        return float(np.sum(m.forward(x) * dy))

    m.forward(x)
    dx = m.backward(dy)
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
