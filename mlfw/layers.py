"""Lag med parametere. Her bor `Linear`, det eneste laget med vekter i mlfw."""

import numpy as np

from ._checks import as_float_array, check_2d, check_bool, check_int, check_seed
from .module import Module


class Linear(Module):
    r"""Et fullt koblet (lineært) lag: :math:`\mathrm{out} = x W^T + b`.

    Vektene trekkes fra en normalfordeling med snitt 0 og standardavvik
    :math:`1/\sqrt{\text{inn}}`, og biasen starter på null.

    Former: `x` er (batch, inn), `W` er (ut, inn), `b` er (ut,), `out` er (batch, ut).
    Laget regner i dtype-en til `x` (float32 inn gir float32 ut), mens `W`, `b` og
    gradientene beholder sin egen dtype.

    >>> import numpy as np
    >>> lag = Linear(3, 2, rng=np.random.default_rng(0))
    >>> lag.params["W"].shape, lag.params["b"].shape
    ((2, 3), (2,))
    >>> lag(np.ones((4, 3))).shape
    (4, 2)
    """

    def __init__(self, in_features: int, out_features: int, *, rng=None) -> None:
        super().__init__()
        for name, n in (("in_features", in_features), ("out_features", out_features)):
            if isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n <= 0:
                raise ValueError(f"Linear forventet et positivt heltall for {name}, men fikk {n!r}.")
            check_int(n, name, "Linear", minimum=1)
        rng = check_seed(rng, "Linear", "rng")
        self.in_features, self.out_features = int(in_features), int(out_features)
        try:
            W = rng.normal(0.0, 1.0 / np.sqrt(in_features), size=(out_features, in_features))
        except MemoryError as err:
            raise MemoryError(f"Linear({in_features}, {out_features}) trenger {in_features * out_features:,} "
                              f"vekter, mer enn minnet rommer — sjekk størrelsene.") from err
        self.params = {"W": W, "b": np.zeros(out_features)}

    def forward(self, x):
        x = as_float_array(x, "Linear")
        check_2d(x, "Linear", features=self.in_features)
        if x.shape[1] != self.in_features:
            raise ValueError(
                f"Linear forventet {self.in_features} inndata-kolonner, men fikk form {x.shape}"
                f" — sjekk at forrige lag har {self.in_features} utdata, eller at dataene har "
                f"{self.in_features} egenskaper."
            )
        W = self.params["W"].astype(x.dtype, copy=False)  # regn i dataenes dtype
        b = self.params["b"].astype(x.dtype, copy=False)
        with np.errstate(over="ignore", invalid="ignore"):  # vi forklarer selv på norsk under
            out = x @ W.T + b  # (batch, inn) @ (inn, ut) + (ut,) -> (batch, ut)
        if not np.isfinite(out).all():  # NaN eller uendelig skal aldri gå videre i stillhet
            _explain_non_finite(x, self.params)
        self._cache = (x, W)
        return out

    def backward(self, dout, *, need_dx: bool = True):
        """Fyll grads for W og b og returner dx. Med `need_dx=False` hoppes dx over
        (og None returneres): første lag trenger ingen gradient for selve dataene."""
        x, W = self._cached()
        dout = self._check_dout(dout, (x.shape[0], self.out_features), x.dtype)
        dtype = self.params["W"].dtype
        self.grads = {
            "W": (dout.T @ x).astype(dtype, copy=False),  # (ut, batch) @ (batch, inn) -> (ut, inn)
            "b": dout.sum(axis=0).astype(dtype, copy=False),  # summer over batchen -> (ut,)
        }
        if need_dx is False:
            return None
        check_bool(need_dx, "need_dx", "Linear.backward")
        dx = dout @ W  # (batch, ut) @ (ut, inn) -> (batch, inn)
        return dx

    def __repr__(self) -> str:
        return f"Linear({self.in_features}, {self.out_features})"


def _explain_non_finite(x: np.ndarray, params: dict) -> None:
    """Si hvor NaN eller uendelige tall i utdata fra `Linear` kommer fra."""
    bad_rows = np.flatnonzero(~np.isfinite(x).all(axis=1))
    if bad_rows.size:
        raise ValueError(
            f"Linear fikk NaN eller uendelige verdier i x (første i rad {bad_rows[0]}) — kommer de fra "
            f"dataene, så fjern eller erstatt de radene; kommer de fra et lag foran, har treningen "
            f"divergert: prøv lavere læringsrate."
        )
    if not all(np.isfinite(p).all() for p in params.values()):
        raise FloatingPointError(
            "Linear har NaN eller uendelige verdier i W eller b — treningen har divergert "
            "(vektene har vokst over alle grenser). Prøv lavere læringsrate og start med nye vekter."
        )
    raise FloatingPointError(
        "Linear regnet ut tall som ble for store for flyttall (overflyt) — inndata eller vekter er "
        "svært store. Skaler dataene (for eksempel til [0, 1]) eller prøv lavere læringsrate."
    )
