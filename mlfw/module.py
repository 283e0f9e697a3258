"""Grunnklassen for alle lag: én kontrakt som alle moduler følger.

- `forward(x)` husker det `backward` trenger og returnerer utdata `out`.
- `backward(dout)` tar inn `dout` = ∂ℒ/∂out, fyller `self.grads` (samme nøkler som
  `self.params`) og returnerer `dx` = ∂ℒ/∂x.
- `update(lr)` tar ett steg med gradientnedstigning: `p ← p − lr · ∂ℒ/∂p`.
- `m(x)` er det samme som `m.forward(x)`.
- `training` er True i treningsmodus og False i evalueringsmodus; `set_training(flag)`
  bytter. Bare lag som oppfører seg ulikt (som `Dropout`) bryr seg om det.
"""

import numpy as np

from ._checks import as_float_array, check_bool, check_float_dtype, check_positive


class Module:
    """Et lag i et nevralt nettverk. Underklasser skriver `forward` og `backward`.

    >>> Module().forward(np.ones((1, 2)))
    Traceback (most recent call last):
        ...
    NotImplementedError: Module.forward er ikke skrevet — en modul trenger sin egen metode forward(self, x) som regner ut og returnerer out (og husker det backward trenger). Sjekk at metoden heter nøyaktig «forward» og står inne i klassen.
    """

    training = True  # også for egne lag som ikke kaller super().__init__()

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self._cache = None  # det forward husker til backward
        self.training = True  # treningsmodus (True) eller evalueringsmodus (False)

    def set_training(self, flag: bool) -> None:
        """Treningsmodus med `True`, evalueringsmodus med `False` (for eksempel før du predikerer)."""
        check_bool(flag, "flag", f"{type(self).__name__}.set_training")
        self.training = bool(flag)

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        raise NotImplementedError(
            f"{type(self).__name__}.forward er ikke skrevet — en modul trenger sin egen metode "
            f"forward(self, x) som regner ut og returnerer out (og husker det backward trenger). "
            f"Sjekk at metoden heter nøyaktig «forward» og står inne i klassen."
        )

    def backward(self, dout):
        raise NotImplementedError(
            f"{type(self).__name__}.backward er ikke skrevet — en modul trenger sin egen metode "
            f"backward(self, dout) som fyller self.grads og returnerer dx. Sjekk at metoden heter "
            f"nøyaktig «backward» og står inne i klassen."
        )

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
        """Gjør om alle parametere til `dtype` (np.float32 for fart, np.float64 for nøyaktighet).

        Returnerer seg selv, så `Net(...).astype(np.float32)` virker.
        """
        dtype = check_float_dtype(dtype, f"{type(self).__name__}.astype")
        for key, p in self.params.items():
            self.params[key] = p.astype(dtype)
        self.grads = {}
        return self

    def _cached(self):
        """Det forward husket, eller en forklarende feil om forward ikke er kjørt."""
        if self._cache is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward ble kalt før forward — kjør "
                f"forward(x) først, så backward(dout)."
            )
        return self._cache

    def _check_dout(self, dout, out_shape, dtype) -> np.ndarray:
        """`dout` som matrise med samme form som utdata fra forward, i regnetypen `dtype`."""
        dout = as_float_array(dout, f"{type(self).__name__}.backward", "dout")
        if dout.shape != out_shape:
            raise ValueError(
                f"{type(self).__name__}.backward forventet dout med samme form som utdata "
                f"fra forward, {out_shape}, men fikk {dout.shape}."
            )
        return dout.astype(dtype, copy=False)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
