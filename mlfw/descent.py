"""Gradientnedstigning på en funksjon du skriver selv: `descent_path`.

Kapittel 2 bruker den til å tegne veien stegene tar på en tapflate, og
utforskeren i `mlfw.widgets` bruker den hver gang du flytter glidebryteren.
"""

import numpy as np

from ._checks import _show, as_float_array, check_callable, check_positive


def descent_path(grad, start, lr: float, steps: int) -> np.ndarray:
    r"""Gå `steps` steg med gradientnedstigning fra `start` og returner alle punktene.

    Hvert steg er :math:`\theta \leftarrow \theta - \eta \, \nabla \mathcal{L}(\theta)`,
    der `lr` er læringsraten :math:`\eta` og `grad(theta)` gir gradienten
    :math:`\nabla \mathcal{L}(\theta)` med samme form som `theta`.

    Former: `start` er ett tall eller en vektor med (p,) parametere; svaret har form
    (steps + 1, p), og rad 0 er startpunktet. Blir læringsraten for stor, vokser
    tallene mot uendelig (inf eller nan) i stedet for å gi en advarsel.

    >>> path = descent_path(lambda w: 2 * w, start=1.0, lr=0.25, steps=3)  # L(w) = w²
    >>> path.ravel().tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    who = "descent_path"
    check_callable(grad, "grad", who, "grad=lambda w: 2 * w")
    check_positive(lr, "lr", who)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"{who} forventet et heltall steps >= 0, men fikk {steps!r}.")
    theta = np.atleast_1d(as_float_array(start, who, "start")).astype(float)  # (p,), en kopi
    if theta.ndim != 1 or theta.size == 0:
        raise ValueError(
            f"{who} forventet start som ett tall eller en vektor med form (p,), men fikk form "
            f"{theta.shape} — bruk np.ravel(start)."
        )
    if not np.all(np.isfinite(theta)):
        raise ValueError(f"{who} forventet endelige tall i start, men fikk {theta.tolist()}.")
    path = np.empty((steps + 1, theta.size))  # (steps + 1, p)
    path[0] = theta
    with np.errstate(over="ignore", invalid="ignore"):  # divergens er lov her: vi vil se den
        for k in range(1, steps + 1):
            g = _gradient(grad, theta, who)  # (p,)
            theta = theta - lr * g
            path[k] = theta
    return path


def _gradient(grad, theta: np.ndarray, who: str) -> np.ndarray:
    """`grad(theta)` som flyttall med samme form som `theta`, eller en forklarende feil."""
    g = grad(theta.copy())  # en kopi, så grad ikke kan endre theta ved et uhell
    if g is None or isinstance(g, (str, bytes)):
        raise TypeError(f"{who} forventet at grad(theta) returnerer gradienten som tall, men den ga "
                        f"{_show(g)} — mangler det en return i funksjonen din?")
    g = as_float_array(g, who, "grad(theta)")
    if g.size != theta.size:
        raise ValueError(f"{who} forventet at grad(theta) har samme form som theta, {theta.shape}, men "
                         f"fikk form {g.shape} — én partiellderivert per parameter.")
    return g.reshape(theta.shape)
