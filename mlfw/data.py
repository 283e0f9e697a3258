"""Små, seedbare lekedatasett til kapitlene og oppgavene.

Lekefunksjonene returnerer `(x, y)`: `x` har form (n, egenskaper) med float64,
og `y` er heltallsetiketter med form (n,) for klassifisering eller tall med form
(n, 1) for regresjon. Samme `seed` gir samme data.

`load_mnist` (skrevet i `mlfw/mnist.py`) gir håndskrevne sifre som bilder, se der.
"""

import numpy as np

from ._checks import check_number, check_positive, check_seed
from .mnist import load_mnist  # noqa: F401  (bor i mnist.py, brukes som mlfw.data.load_mnist)


def linear_2d(n: int = 200, *, margin: float = 0.3, seed=None):
    """To klasser i planet som en rett linje skiller (med minst `margin` imellom).

    >>> x, y = linear_2d(10, seed=0)
    >>> x.shape, y.shape, sorted(set(y.tolist()))
    ((10, 2), (10,), [0, 1])
    """
    check_positive(n, "n", "linear_2d", integer=True)
    check_number(margin, "margin", "linear_2d", low=0, hint=" — margin er avstanden mellom klassene, "
                 "og med negativ margin kan ingen rett linje skille dem.")
    rng = check_seed(seed, "linear_2d")
    x = rng.uniform(-2, 2, size=(n, 2))
    side = x[:, 0] + 0.5 * x[:, 1]  # skillelinja er x₀ + 0,5·x₁ = 0
    y = (side > 0).astype(int)
    x[:, 0] += np.where(y == 1, margin, -margin)  # skyv klassene fra hverandre
    return x, y


def xor(*args, **kwargs):
    """De fire XOR-punktene: klasse 1 når nøyaktig én koordinat er 1.

    >>> x, y = xor()
    >>> y.tolist()
    [0, 1, 1, 0]
    """
    if args or kwargs:
        raise TypeError(f"xor forventet ingen argumenter, men fikk {len(args) + len(kwargs)} — XOR har "
                        f"alltid de samme fire punktene, så skriv xor(). Vil du ha flere punkter, "
                        f"prøv moons(n) eller circles(n).")
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return x, np.array([0, 1, 1, 0])


def moons(n: int = 200, *, noise: float = 0.1, seed=None):
    """To halvmåner som griper inn i hverandre (ikke lineært separerbare).

    >>> x, y = moons(6, seed=0)
    >>> x.shape, y.tolist()
    ((6, 2), [0, 0, 0, 1, 1, 1])
    """
    check_positive(n, "n", "moons", integer=True)
    _check_noise(noise, "moons")
    rng = check_seed(seed, "moons")
    n0 = n // 2 + n % 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n - n0)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    x = np.vstack([upper, lower]) + rng.normal(0, noise, size=(n, 2))
    y = np.repeat([0, 1], [n0, n - n0])
    return x, y


def circles(n: int = 200, *, noise: float = 0.05, factor: float = 0.5, seed=None):
    """En liten sirkel (klasse 1, radius `factor`) inne i en stor (klasse 0, radius 1).

    >>> x, y = circles(8, noise=0.0, seed=0)
    >>> x.shape, int(y.sum())
    ((8, 2), 4)
    >>> np.linalg.norm(x, axis=1).round(2).tolist()  # klasse 0 ytterst, klasse 1 innerst
    [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5]
    """
    check_positive(n, "n", "circles", integer=True)
    _check_noise(noise, "circles")
    check_number(factor, "factor", "circles", low=0, high=1, low_open=True,
                 hint=" — factor er radien til den indre sirkelen, og den ytre har radius 1.")
    if factor == 1:
        raise ValueError("circles forventet factor < 1, men fikk 1 — da ligger begge klassene på samme sirkel.")
    rng = check_seed(seed, "circles")
    n0 = n // 2 + n % 2
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n - n0, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    x = np.vstack([outer, inner]) + rng.normal(0, noise, size=(n, 2))
    y = np.repeat([0, 1], [n0, n - n0])
    return x, y


def spiral(n_per_class: int = 100, classes: int = 3, *, noise: float = 0.2, seed=None):
    """`classes` spiralarmer rundt origo, én klasse per arm.

    >>> x, y = spiral(5, classes=3, seed=0)
    >>> x.shape, y.tolist()
    ((15, 2), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
    """
    check_positive(n_per_class, "n_per_class", "spiral", integer=True)
    check_positive(classes, "classes", "spiral", integer=True)
    _check_noise(noise, "spiral")
    rng = check_seed(seed, "spiral")
    r = np.tile(np.linspace(0.0, 1.0, n_per_class), classes)  # avstand fra origo
    k = np.repeat(np.arange(classes), n_per_class)
    theta = r * 4.0 + k * 2 * np.pi / classes + rng.normal(0, noise, size=r.shape)
    x = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
    return x, k


def regression_1d(n: int = 100, *, noise: float = 0.1, seed=None):
    """Punkter rundt kurven y = sin(2x) på [-2, 2], med normalfordelt støy.

    >>> x, y = regression_1d(5, seed=0)
    >>> x.shape, y.shape
    ((5, 1), (5, 1))
    """
    check_positive(n, "n", "regression_1d", integer=True)
    _check_noise(noise, "regression_1d")
    rng = check_seed(seed, "regression_1d")
    x = np.sort(rng.uniform(-2, 2, size=(n, 1)), axis=0)
    y = np.sin(2 * x) + rng.normal(0, noise, size=(n, 1))
    return x, y


def _check_noise(noise, who: str) -> None:
    check_number(noise, "noise", who, low=0, hint=" — noise er standardavviket til støyen, for eksempel 0.1.")


def split(x, y, *, test_fraction: float = 0.2, seed=None):
    """Del (x, y) tilfeldig i trenings- og testdata: `x_train, x_test, y_train, y_test`.

    >>> x, y = np.arange(10).reshape(-1, 1), np.arange(10)
    >>> x_tr, x_te, y_tr, y_te = split(x, y, test_fraction=0.3, seed=0)
    >>> len(x_tr), len(x_te)
    (7, 3)
    """
    for name, arr in (("x", x), ("y", y)):
        if arr is None or np.ndim(arr) == 0:
            raise TypeError(f"split forventet en matrise med én rad per eksempel for {name}, men fikk "
                            f"{type(arr).__name__}.")
    x, y = np.asarray(x), np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"split: x har {len(x)} rader, men y har {len(y)} — de må være like lange.")
    if isinstance(test_fraction, (int, float, np.number)) and not isinstance(test_fraction, bool) \
            and not 0 < test_fraction < 1:
        raise ValueError(f"split forventet test_fraction mellom 0 og 1, men fikk {test_fraction!r}.")
    check_number(test_fraction, "test_fraction", "split", low=0, high=1, low_open=True)
    order = check_seed(seed, "split").permutation(len(x))
    n_test = int(round(len(x) * test_fraction))
    if n_test == 0 or n_test == len(x):
        part = "testdelen" if n_test == 0 else "treningsdelen"
        raise ValueError(f"split forventet både trenings- og testrader, men test_fraction={test_fraction!r} av {len(x)} rader gir {n_test} testrader, "
                         f"så {part} blir tom — velg en test_fraction mellom {1 / len(x):.2g} og "
                         f"{1 - 1 / len(x):.2g}, eller bruk flere data." if len(x) > 1 else
                         f"split trenger minst to rader for å dele i trening og test, men fikk {len(x)}.")
    test, train = order[:n_test], order[n_test:]
    return x[train], x[test], y[train], y[test]
