"""Lag med parametere. Her bor `Linear`, det eneste laget med vekter i mlfw."""

import numpy as np

from ._checks import as_float_array, check_2d
from .module import Module


class Linear(Module):
    r"""Et fullt koblet (lineært) lag: :math:`y = x W^T + b`.

    Vektene trekkes fra en normalfordeling med snitt 0 og standardavvik
    :math:`1/\sqrt{\text{inn}}`, og biasen starter på null.

    Former: `x` er (batch, inn), `W` er (ut, inn), `b` er (ut,), `y` er (batch, ut).

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
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
                raise ValueError(f"Linear forventet et positivt heltall for {name}, men fikk {n!r}.")
        rng = np.random.default_rng(rng)
        self.in_features, self.out_features = int(in_features), int(out_features)
        self.params = {
            "W": rng.normal(0.0, 1.0 / np.sqrt(in_features), size=(out_features, in_features)),
            "b": np.zeros(out_features),
        }

    def forward(self, x):
        x = as_float_array(x, "Linear")
        check_2d(x, "Linear")
        if x.shape[1] != self.in_features:
            raise ValueError(
                f"Linear forventet {self.in_features} inndata-kolonner, men fikk form {x.shape}"
                f" — sjekk at forrige lag har {self.in_features} utdata, eller at dataene har "
                f"{self.in_features} egenskaper."
            )
        W, b = self.params["W"], self.params["b"]
        y = x @ W.T + b  # (batch, inn) @ (inn, ut) + (ut,) -> (batch, ut)
        self._cache = x
        return y.astype(x.dtype, copy=False)

    def backward(self, dy, *, need_dx: bool = True):
        """Fyll grads for W og b og returner dx. Med `need_dx=False` hoppes dx over
        (og None returneres): første lag trenger ingen gradient for selve dataene."""
        x = self._cached()
        dy = self._check_dy(dy, (x.shape[0], self.out_features))
        W = self.params["W"]
        self.grads = {
            "W": (dy.T @ x).astype(W.dtype, copy=False),  # (ut, batch) @ (batch, inn) -> (ut, inn)
            "b": dy.sum(axis=0).astype(W.dtype, copy=False),  # summer over batchen -> (ut,)
        }
        if not need_dx:
            return None
        dx = dy @ W  # (batch, ut) @ (ut, inn) -> (batch, inn)
        return dx.astype(x.dtype, copy=False)

    def __repr__(self) -> str:
        return f"Linear({self.in_features}, {self.out_features})"
