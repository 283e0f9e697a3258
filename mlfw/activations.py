"""Aktiveringsfunksjoner. De har ingen parametere (`params == {}`).

Hver `forward` står rett over sin `backward`, slik at du ser funksjonen og
den deriverte side om side.
"""

import numpy as np

from ._checks import as_float_array, check_2d
from .module import Module


class Activation(Module):
    """Felles innpakning: sjekker formen og husker det backward trenger.

    Utdata har samme form og dtype som inndata.
    """

    def __init__(self, *args, **kwargs) -> None:
        if args or kwargs:
            name = type(self).__name__
            raise TypeError(
                f"{name} forventet ingen argumenter (en aktivering har ingen parametere og virker "
                f"på hvert tall for seg), men fikk {len(args) + len(kwargs)} — skriv {name}()."
            )
        super().__init__()

    def forward(self, x):
        x = as_float_array(x, type(self).__name__)
        check_2d(x, type(self).__name__)
        out = self._f(x)
        self._cache = (x, out)
        return out

    def backward(self, dout):
        x, out = self._cached()
        dout = self._check_dout(dout, out.shape, out.dtype)
        return self._df(x, out, dout)


class Tanh(Activation):
    r"""Tangens hyperbolicus: :math:`h = \tanh(x)`, med :math:`h' = 1 - h^2`.

    >>> import numpy as np
    >>> Tanh()(np.array([[0.0, 1.0]])).round(4)
    array([[0.    , 0.7616]])
    """

    def _f(self, x):
        return np.tanh(x)

    def _df(self, x, out, dout):
        return dout * (1.0 - out**2)


class ReLU(Activation):
    r"""Likerettet lineær enhet: :math:`h = \max(0, x)`, med :math:`h' = 1` for x > 0, ellers 0.

    >>> import numpy as np
    >>> ReLU()(np.array([[-2.0, 3.0]]))
    array([[0., 3.]])
    """

    def _f(self, x):
        return np.maximum(x, 0)

    def _df(self, x, out, dout):
        return dout * (x > 0)  # 0 for x <= 0, også i knekkpunktet x = 0


class Sigmoid(Activation):
    r"""Logistisk funksjon: :math:`\sigma(x) = 1 / (1 + e^{-x})`, med :math:`\sigma' = \sigma(1 - \sigma)`.

    Regnes stabilt også for store negative x (ingen overflyt i `exp`).

    >>> import numpy as np
    >>> Sigmoid()(np.array([[0.0, -1000.0]]))
    array([[0.5, 0. ]])
    """

    def _f(self, x):
        e = np.exp(-np.abs(x))  # alltid i (0, 1], kan ikke flyte over
        return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    def _df(self, x, out, dout):
        return dout * out * (1.0 - out)


class Softmax(Activation):
    r"""Gjør hver rad med poeng om til sannsynligheter: :math:`p_j = e^{x_j} / \sum_k e^{x_k}`.

    Vi trekker fra radens største verdi før `exp`, så store poeng ikke flyter over.
    Den deriverte brukt på `dout` blir :math:`dx = p \odot (dout - \sum_k dout_k\, p_k)`.

    >>> import numpy as np
    >>> Softmax()(np.array([[1.0, 1.0], [1000.0, 0.0]]))
    array([[0.5, 0.5],
           [1. , 0. ]])
    """

    def _f(self, x):
        e = np.exp(x - x.max(axis=1, keepdims=True))  # (batch, klasser), største blir e^0 = 1
        return e / e.sum(axis=1, keepdims=True)

    def _df(self, x, p, dout):
        return p * (dout - (dout * p).sum(axis=1, keepdims=True))  # (batch, klasser)
