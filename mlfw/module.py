"""Grunnklassen for alle lag: én kontrakt som alle moduler følger.

- `forward(x)` husker det `backward` trenger og returnerer utdata `y`.
- `backward(dy)` fyller `self.grads` (samme nøkler som `self.params`) og returnerer `dx`.
- `update(lr)` tar ett steg med gradientnedstigning: `p ← p − lr · dL/dp`.
- `m(x)` er det samme som `m.forward(x)`.
"""

import numpy as np

from ._checks import check_positive


class Module:
    """Et lag i et nevralt nettverk. Underklasser skriver `forward` og `backward`."""

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self._cache = None  # det forward husker til backward

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        raise NotImplementedError

    def backward(self, dy):
        raise NotImplementedError

    def update(self, lr: float) -> None:
        """Ett steg med gradientnedstigning på alle parametere."""
        check_positive(lr, "lr", f"{type(self).__name__}.update")
        for key, p in self.params.items():
            if key not in self.grads:
                raise RuntimeError(
                    f"{type(self).__name__}.update fant ingen gradient for «{key}» — "
                    f"kjør forward og backward før update."
                )
            p -= lr * self.grads[key]  # på plass, slik at alle som peker på p ser endringen

    def astype(self, dtype) -> "Module":
        """Gjør om alle parametere til `dtype` (f.eks. np.float32 for fart). Returnerer seg selv."""
        for key, p in self.params.items():
            self.params[key] = p.astype(dtype)
        self.grads = {}
        return self

    def _cached(self):
        """Det forward husket, eller en forklarende feil om forward ikke er kjørt."""
        if self._cache is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward ble kalt før forward — kjør "
                f"forward(x) først, så backward(dy)."
            )
        return self._cache

    def _check_dy(self, dy, y_shape) -> np.ndarray:
        dy = np.asarray(dy)
        if dy.shape != y_shape:
            raise ValueError(
                f"{type(self).__name__}.backward forventet dy med samme form som utdata "
                f"fra forward, {y_shape}, men fikk {dy.shape}."
            )
        return dy

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
