"""`Net`: lag etter lag, der utdata fra ett lag er inndata til det neste."""

import numpy as np

from ._checks import check_bool, check_float_dtype, check_instance, check_positive
from .layers import Linear
from .module import Module


class Net(Module):
    """Et nettverk av lag som kjøres i rekkefølge.

    `forward` går gjennom lagene fra første til siste, `backward` fra siste til
    første (tilbakepropagering). `params` og `grads` samler alle lagenes tabeller
    med nøkler som «0.W» (lag 0, vekten W), så `update(lr)` oppdaterer hele nettverket.

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
        self.training = True
        for layer in layers:
            self.add(layer)

    def add(self, layer) -> "Net":
        """Legg til et lag på slutten. Returnerer nettverket, så kall kan lenkes."""
        if hasattr(layer, "forward") and not hasattr(layer, "params") and not isinstance(layer, type):
            raise TypeError(
                f"Net.add forventet et lag med params, forward og backward, men fikk "
                f"{type(layer).__name__} uten params — er det en tapfunksjon? Den gis til "
                f"train(net, loss, ...), ikke til Net. Egne lag kan arve fra mlfw.Module."
            )
        check_instance(layer, "Net.add", "laget", ("forward", "backward", "update"), "et lag")
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

    def backward(self, dout, *, need_dx: bool = True):
        """Tilbakepropagering fra siste lag til første. Returnerer dx.

        `train` bruker `need_dx=False`: da regner et første `Linear`-lag bare ut
        gradientene for W og b, ikke dx for dataene (som ingen trenger), og
        `None` returneres. Det sparer en av de største matrisemultiplikasjonene.
        Egne lag (også underklasser av `Linear`) får alltid vanlig `backward(dout)`.
        """
        if not self.layers:
            raise RuntimeError("Net har ingen lag ennå — legg til lag med net.add(Linear(...)).")
        for i, layer in reversed(list(enumerate(self.layers))):
            if i == 0 and not need_dx and type(layer) is Linear:
                return layer.backward(dout, need_dx=False)
            dout = layer.backward(dout)  # dx fra dette laget er dout for laget foran
        return dout

    def update(self, lr: float) -> None:
        check_positive(lr, "lr", "Net.update")
        for layer in self.layers:
            layer.update(lr)

    def set_training(self, flag: bool) -> None:
        """Treningsmodus (`True`) eller evalueringsmodus (`False`) for nettverket og alle lagene.

        `train` gjør dette selv: treningsmodus under minibatchene, evalueringsmodus når
        valideringen måles og når treningen er ferdig.
        """
        check_bool(flag, "flag", "Net.set_training")
        self.training = bool(flag)
        for layer in self.layers:
            if callable(getattr(layer, "set_training", None)):
                layer.set_training(flag)

    def astype(self, dtype) -> "Net":
        check_float_dtype(dtype, "Net.astype")
        for layer in self.layers:
            layer.astype(dtype)
        return self

    def num_params(self) -> int:
        """Antall tall som trenes (vekter og bias) i hele nettverket."""
        return int(sum(p.size for p in self.params.values()))

    def __repr__(self) -> str:
        lines = [f"  ({i}): {layer!r}" for i, layer in enumerate(self.layers)]
        count = f"{self.num_params():,}".replace(",", " ")
        return "Net(\n" + "\n".join(lines) + f"\n)  # {count} parametere"
