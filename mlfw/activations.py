"""Aktiveringsfunksjoner. De har ingen parametere (`params == {}`).

Hver `forward` står rett over sin `backward`, slik at du ser funksjonen og
den deriverte side om side.
"""

import numpy as np

from ._checks import as_float_array, check_2d
from .module import Module


class Activation(Module):
    """Felles innpakning: sjekker formen og husker det backward trenger."""

    def forward(self, x):
        x = as_float_array(x, type(self).__name__)
        check_2d(x, type(self).__name__)
        y = self._f(x)
        self._cache = (x, y)
        return y

    def backward(self, dy):
        x, y = self._cached()
        dy = self._check_dy(dy, y.shape)
        return self._df(x, y, dy)


class Tanh(Activation):
    r"""Tangens hyperbolicus: :math:`y = \tanh(x)`, med :math:`y' = 1 - y^2`.

    >>> import numpy as np
    >>> Tanh()(np.array([[0.0, 1.0]])).round(4)
    array([[0.    , 0.7616]])
    """

    def _f(self, x):
        return np.tanh(x)

    def _df(self, x, y, dy):
        return dy * (1.0 - y**2)


class ReLU(Activation):
    r"""Likerettet lineær enhet: :math:`y = \max(0, x)`, med :math:`y' = 1` for x > 0, ellers 0.

    >>> import numpy as np
    >>> ReLU()(np.array([[-2.0, 3.0]]))
    array([[0., 3.]])
    """

    def _f(self, x):
        return np.maximum(x, 0)

    def _df(self, x, y, dy):
        return dy * (x > 0)


class Sigmoid(Activation):
    r"""Logistisk funksjon: :math:`y = 1 / (1 + e^{-x})`, med :math:`y' = y(1 - y)`.

    Regnes stabilt også for store negative x (ingen overflyt i `exp`).

    >>> import numpy as np
    >>> Sigmoid()(np.array([[0.0, -1000.0]]))
    array([[0.5, 0. ]])
    """

    def _f(self, x):
        e = np.exp(-np.abs(x))  # alltid i (0, 1], kan ikke flyte over
        return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    def _df(self, x, y, dy):
        return dy * y * (1.0 - y)


class Softmax(Activation):
    r"""Gjør hver rad med poeng om til sannsynligheter: :math:`y_j = e^{x_j} / \sum_k e^{x_k}`.

    Vi trekker fra radens største verdi før `exp`, så store poeng ikke flyter over.
    Den deriverte brukt på `dy` blir :math:`dx = y \odot (dy - \sum_k dy_k\, y_k)`.

    >>> import numpy as np
    >>> Softmax()(np.array([[1.0, 1.0], [1000.0, 0.0]]))
    array([[0.5, 0.5],
           [1. , 0. ]])
    """

    def _f(self, x):
        e = np.exp(x - x.max(axis=1, keepdims=True))  # (batch, klasser), største blir e^0 = 1
        return e / e.sum(axis=1, keepdims=True)

    def _df(self, x, y, dy):
        return y * (dy - (dy * y).sum(axis=1, keepdims=True))  # (batch, klasser)
