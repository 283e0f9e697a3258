"""Tapfunksjoner og nøyaktighet.

En tapfunksjon har `forward(y_hat, y) -> float` (snittet over batchen) og
`backward() -> ∂ℒ/∂y_hat` med samme form og dtype som `y_hat`.
"""

import numpy as np

from ._checks import (as_float_array, check_2d, check_labels, check_probabilities, check_same_length,
                      prob_clip)

EPS = 1e-12  # laveste sannsynlighet før log i float64; se prob_clip for hver dtype


class Loss:
    """Grunnklasse for tapfunksjoner. `loss(y_hat, y)` er det samme som `loss.forward(y_hat, y)`."""

    def __init__(self, *args, **kwargs) -> None:
        if args or kwargs:
            name = type(self).__name__
            raise TypeError(f"{name} forventet ingen argumenter, men fikk {len(args) + len(kwargs)} — "
                            f"skriv {name}(), og gi y_hat og y når du regner ut tapet: {name}()(y_hat, y).")
        self._cache = None

    def __call__(self, y_hat, y) -> float:
        return self.forward(y_hat, y)

    def _cached(self):
        if self._cache is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward ble kalt før forward — regn ut tapet "
                f"med forward(y_hat, y) først."
            )
        return self._cache

    def _regression_inputs(self, y_hat, y):
        """Sjekk y_hat (batch, ut) og y; y med form (batch,) godtas når ut = 1."""
        who = type(self).__name__
        y_hat = as_float_array(y_hat, who, "y_hat")
        check_2d(y_hat, who, "y_hat")
        y = as_float_array(y, who, "y")
        check_same_length(y_hat, y, who)
        if y.ndim == 1 and y_hat.shape[1] == 1:
            y = y.reshape(-1, 1)
        if y.shape != y_hat.shape:
            raise ValueError(
                f"{who} forventet y med samme form som y_hat, {y_hat.shape}, men fikk "
                f"{y.shape} — har nettverket riktig antall utdata?"
            )
        if not np.all(np.isfinite(y)):
            raise ValueError(f"{who} fant NaN eller uendelige verdier i etikettene y — fjern eller "
                             f"erstatt de radene i dataene.")
        if not np.all(np.isfinite(y_hat)):
            raise ValueError(f"{who} fant NaN eller uendelige verdier i y_hat (første i rad "
                             f"{_first_bad_row(y_hat)}) — prediksjonene er ødelagt. Har treningen "
                             f"divergert? Prøv lavere læringsrate, og sjekk at inndataene er tall.")
        return y_hat, y.astype(y_hat.dtype, copy=False)  # regn i prediksjonenes dtype

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MSELoss(Loss):
    r"""Gjennomsnittlig kvadratfeil: :math:`\mathcal{L} = \frac{1}{N}\sum_i (\hat y_i - y_i)^2`.

    Med flere utdata tas snittet over alle N tall i `y_hat`.
    Den deriverte er :math:`\partial \mathcal{L}/\partial \hat y = 2(\hat y - y)/N`.

    >>> import numpy as np
    >>> MSELoss()(np.array([[1.0], [3.0]]), np.array([0.0, 1.0]))
    2.5
    """

    def forward(self, y_hat, y) -> float:
        y_hat, y = self._regression_inputs(y_hat, y)
        self._cache = (y_hat, y)
        return float(np.mean((y_hat - y) ** 2))

    def backward(self):
        y_hat, y = self._cached()
        return 2.0 * (y_hat - y) / y_hat.size


class MAELoss(Loss):
    r"""Gjennomsnittlig absoluttfeil: :math:`\mathcal{L} = \frac{1}{N}\sum_i |\hat y_i - y_i|`.

    Den deriverte er :math:`\operatorname{sign}(\hat y - y)/N` (vi bruker 0 der feilen er 0).

    >>> import numpy as np
    >>> MAELoss()(np.array([[1.0], [3.0]]), np.array([0.0, 1.0]))
    1.5
    """

    def forward(self, y_hat, y) -> float:
        y_hat, y = self._regression_inputs(y_hat, y)
        self._cache = (y_hat, y)
        return float(np.mean(np.abs(y_hat - y)))

    def backward(self):
        y_hat, y = self._cached()
        return np.sign(y_hat - y) / y_hat.size


def _first_bad_row(a: np.ndarray) -> int:
    """Første rad med NaN eller uendelig i en matrise (til feilmeldingene)."""
    return int(np.flatnonzero(~np.isfinite(a).reshape(len(a), -1).all(axis=1))[0])


def _integer_labels(y, n_classes: int, who: str) -> np.ndarray:
    """Sjekk at y er heltallsetiketter 0..K-1 med form (batch,)."""
    y_arr = np.asarray(y) if y is not None and not isinstance(y, (str, bytes)) else y
    if isinstance(y_arr, np.ndarray) and y_arr.dtype.kind == "f" and y_arr.ndim == 1:
        raise TypeError(
            f"{who} forventet heltallsetiketter 0..{n_classes - 1}, men fikk dtype "
            f"{y_arr.dtype} — bruk y.astype(int) hvis verdiene er hele tall."
        )
    return check_labels(y, who, n_classes)


class CrossEntropyLoss(Loss):
    r"""Kryssentropi for K klasser: :math:`\mathcal{L} = -\frac{1}{B}\sum_i \log p_{i, y_i}`.

    `y_hat` er sannsynligheter med form (batch, K) — utdata fra `Softmax` — og
    `y` er heltallsetiketter 0..K-1 med form (batch,). Sannsynligheten klippes til
    [1e-12, 1] før log (se `prob_clip`), så tapet aldri blir uendelig.
    Den deriverte er :math:`-1/(B\, p_{i, y_i})` i kolonnen til etiketten og 0 ellers.

    >>> import numpy as np
    >>> p = np.array([[0.5, 0.5], [0.9, 0.1]])
    >>> round(CrossEntropyLoss()(p, np.array([0, 0])), 4)
    0.3993
    """

    def forward(self, y_hat, y) -> float:
        who = "CrossEntropyLoss"
        p = as_float_array(y_hat, who, "y_hat")
        check_2d(p, who, "y_hat")
        if p.shape[1] < 2:
            raise ValueError(f"{who} forventet minst to kolonner i y_hat (én per klasse), men fikk form "
                             f"{p.shape} — for to klasser med én utdata, bruk Sigmoid() og BCELoss().")
        y = _integer_labels(y, p.shape[1], who)
        check_same_length(p, y, who)
        check_probabilities(p, who, "la nettverket slutte med Softmax().")
        sums = p.sum(axis=1)
        if np.abs(sums - 1.0).max() > 1e-3:
            raise ValueError(
                f"{who} forventet at hver rad i y_hat summerer til 1, men fant radsummer fra "
                f"{sums.min():.3g} til {sums.max():.3g} — la nettverket slutte med Softmax()."
            )
        self._cache = (p, y)
        rows = np.arange(len(y))
        return float(-np.mean(np.log(np.clip(p[rows, y], prob_clip(p.dtype)[0], 1.0))))

    def backward(self):
        p, y = self._cached()
        rows = np.arange(len(y))
        dp = np.zeros_like(p)  # (batch, K)
        dp[rows, y] = -1.0 / (len(y) * np.clip(p[rows, y], prob_clip(p.dtype)[0], 1.0))
        return dp


class BCELoss(Loss):
    r"""Binær kryssentropi: :math:`\mathcal{L} = -\frac{1}{N}\sum_i [y_i \log p_i + (1-y_i)\log(1-p_i)]`.

    `y_hat` er sannsynligheter i [0, 1] med form (batch, 1) — utdata fra `Sigmoid` —
    og `y` er etiketter 0 eller 1. Sannsynligheten klippes bort fra 0 og 1 med grenser
    som passer dtype-en (`prob_clip`). Den deriverte er :math:`(p - y) / (N p (1-p))`.

    >>> import numpy as np
    >>> round(BCELoss()(np.array([[0.8], [0.4]]), np.array([1, 0])), 4)
    0.367
    """

    def forward(self, y_hat, y) -> float:
        who = "BCELoss"
        y_hat, y = self._regression_inputs(y_hat, y)
        check_probabilities(y_hat, who, "la nettverket slutte med Sigmoid().")
        if not np.all((y == 0) | (y == 1)):
            raise ValueError(
                f"{who} forventet etiketter 0 eller 1, men fikk verdier som "
                f"{np.unique(y)[:5]} — bruk CrossEntropyLoss for flere enn to klasser."
            )
        p = np.clip(y_hat, *prob_clip(y_hat.dtype)).astype(y_hat.dtype, copy=False)
        self._cache = (p, y)
        return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))

    def backward(self):
        p, y = self._cached()
        return (p - y) / (p * (1.0 - p) * p.size)


def accuracy(y_hat, y) -> float:
    """Andelen riktige klassifiseringer, et tall mellom 0 og 1.

    Med flere kolonner i `y_hat` (sannsynligheter eller poeng) velges kolonnen med
    høyest verdi. Med én kolonne tolkes `y_hat` som sannsynligheten for klasse 1,
    og grensen går ved 0,5. `y` er klassenumre 0..K-1 med form (n,).

    >>> import numpy as np
    >>> accuracy(np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]), np.array([0, 1, 1]))
    0.6666666666666666
    """
    who = "accuracy"
    y_hat = as_float_array(y_hat, who, "y_hat")
    check_2d(y_hat, who, "y_hat")
    if not np.all(np.isfinite(y_hat)):
        raise ValueError(f"{who} fant NaN eller uendelige verdier i y_hat — prediksjonene er ødelagt; "
                         f"divergerte treningen? Prøv lavere læringsrate.")
    check_same_length(y_hat, y, who)
    y = check_labels(y, who, max(y_hat.shape[1], 2))
    return _accuracy(y_hat, y)


def _accuracy(y_hat: np.ndarray, y: np.ndarray) -> float:
    """Nøyaktigheten uten kontroller (for `train`, som sjekker etikettene én gang)."""
    if y_hat.shape[1] == 1:
        predicted = y_hat[:, 0] >= 0.5
    else:
        predicted = y_hat.argmax(axis=1)
    return float(np.mean(predicted == y))
