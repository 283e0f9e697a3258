r"""Regularisering som lag: `Dropout`.

(Vektforfall ligger i optimererne, `weight_decay=` i `mlfw.optim`.)
"""

import numpy as np

from ._checks import as_float_array, check_2d, check_fraction, check_seed
from .module import Module


class Dropout(Module):
    r"""Dropout: slår av tilfeldige enheter under trening (omvendt dropout, *inverted dropout*).

    `p` er sannsynligheten for å SLÅ AV en enhet, 0 ≤ p < 1. I treningsmodus trekkes en
    ny maske for hver `forward`:

    .. math:: \mathrm{maske} = (u \ge p),\ u \sim U[0, 1), \qquad
              \mathrm{out} = \frac{x \odot \mathrm{maske}}{1 - p}, \qquad
              dx = \frac{dout \odot \mathrm{maske}}{1 - p}

    Delingen med 1 − p gjør at forventningsverdien av hver enhet er den samme som uten
    dropout. I evalueringsmodus (`set_training(False)`, som `train` gjør når den er ferdig)
    er laget identiteten: out = x og dx = dout. Laget har ingen parametere.

    `rng` (et heltall eller en `np.random.Generator`) gjør maskene like fra kjøring til kjøring.
    Former: `x`, `out`, `dout` og `dx` er alle (batch, egenskaper), i dtype-en til `x`.

    >>> import numpy as np
    >>> drop = Dropout(0.5, rng=0)
    >>> drop(np.ones((2, 4)))                  # halvparten blir 0, resten 1/(1 − 0.5) = 2
    array([[2., 0., 0., 0.],
           [2., 2., 2., 2.]])
    >>> drop.set_training(False)
    >>> drop(np.ones((1, 4)))                  # evalueringsmodus: uendret
    array([[1., 1., 1., 1.]])
    """

    def __init__(self, p: float = 0.5, *, rng=None) -> None:
        super().__init__()
        self.p = check_fraction(p, "p", "Dropout",
                                " — p er andelen enheter som slås av, for eksempel p=0.5 eller p=0.2.")
        self.rng = check_seed(rng, "Dropout", "rng")

    def forward(self, x):
        x = as_float_array(x, "Dropout")
        check_2d(x, "Dropout")
        if not self.training or self.p == 0.0:
            self._cache = (x.shape, x.dtype, None)  # ingen maske: identiteten
            return x
        keep = self.rng.random(x.shape) >= self.p  # True for enhetene som beholdes, (batch, egenskaper)
        scaled_mask = keep.astype(x.dtype)
        scaled_mask *= 1.0 / (1.0 - self.p)  # maske/(1 − p): 0 eller 1/(1 − p)
        self._cache = (x.shape, x.dtype, scaled_mask)
        return x * scaled_mask

    def backward(self, dout):
        shape, dtype, scaled_mask = self._cached()
        dout = self._check_dout(dout, shape, dtype)
        if scaled_mask is None:
            return dout  # evalueringsmodus: dx = dout
        return dout * scaled_mask  # samme maske som i forward

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"
