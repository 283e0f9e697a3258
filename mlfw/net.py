"""`Net`: lag etter lag, der utdata fra ett lag er inndata til det neste."""

import numpy as np

from .layers import Linear
from .module import Module


class Net(Module):
    """Et nettverk av lag som kjøres i rekkefølge.

    `forward` går gjennom lagene fra første til siste, `backward` fra siste til
    første (tilbakepropagering). `params` og `grads` samler alle lagenes tabeller
    med nøkler som «0.W» (lag 0, vekten W), så `update(lr)` oppdaterer hele nettet.

    >>> import numpy as np
    >>> from mlfw import Linear, Tanh
    >>> net = Net(Linear(2, 3, rng=0), Tanh(), Linear(3, 1, rng=1))
    >>> net(np.zeros((5, 2))).shape
    (5, 1)
    >>> net.num_params()
    13
    """

    def __init__(self, *layers) -> None:
        self.layers: list = []
        for layer in layers:
            self.add(layer)

    def add(self, layer) -> "Net":
        """Legg til et lag på slutten. Returnerer nettet, så kall kan lenkes."""
        if isinstance(layer, type):
            raise TypeError(
                f"Net.add forventet et lag, men fikk klassen {layer.__name__} — skriv "
                f"{layer.__name__}() med parenteser."
            )
        if not (hasattr(layer, "forward") and hasattr(layer, "backward")):
            raise TypeError(
                f"Net.add forventet et lag med forward og backward, men fikk "
                f"{type(layer).__name__}."
            )
        self.layers.append(layer)
        return self

    @property
    def params(self) -> dict:
        return {f"{i}.{k}": p for i, layer in enumerate(self.layers) for k, p in layer.params.items()}

    @property
    def grads(self) -> dict:
        return {f"{i}.{k}": g for i, layer in enumerate(self.layers) for k, g in layer.grads.items()}

    def forward(self, x):
        if not self.layers:
            raise RuntimeError("Net har ingen lag ennå — legg til lag med net.add(Linear(...)).")
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dy, *, need_dx: bool = True):
        """Tilbakepropagering fra siste lag til første. Returnerer dx.

        `train` bruker `need_dx=False`: da regner et første `Linear`-lag bare ut
        gradientene for W og b, ikke dx for dataene (som ingen trenger), og
        `None` returneres. Det sparer en av de største matrisemultiplikasjonene.
        Egne lag (også underklasser av `Linear`) får alltid vanlig `backward(dy)`.
        """
        for i, layer in reversed(list(enumerate(self.layers))):
            if i == 0 and not need_dx and type(layer) is Linear:
                return layer.backward(dy, need_dx=False)
            dy = layer.backward(dy)
        return dy

    def update(self, lr: float) -> None:
        for layer in self.layers:
            layer.update(lr)

    def astype(self, dtype) -> "Net":
        for layer in self.layers:
            layer.astype(dtype)
        return self

    def num_params(self) -> int:
        """Antall tall som trenes (vekter og bias) i hele nettet."""
        return int(sum(p.size for p in self.params.values()))

    def __repr__(self) -> str:
        lines = [f"  ({i}): {layer!r}" for i, layer in enumerate(self.layers)]
        count = f"{self.num_params():,}".replace(",", " ")
        return "Net(\n" + "\n".join(lines) + f"\n)  # {count} parametere"
