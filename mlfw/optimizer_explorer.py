"""Utforsker for optimerer × læringsrate × vektforfall (kapittel 5).

For hver læringsrate η og hvert vektforfall λ trener vi det samme nettverket med SGD,
momentum og Adam og tegner tapkurvene i én figur, så du ser dem side om side. Som de andre
utforskerne finnes den i to utgaver: `live()` trener på nytt for hver verdi du velger
(krever kjerne), og `static()` lager bildene på forhånd for et rutenett av verdier, så
nettstedet kan bytte mellom dem uten Python.
"""

import numpy as np

from ._checks import _show, check_callable, check_instance, check_int, check_number, check_values
from .losses import accuracy
from .optim import SGD, Adam, Momentum
from .train import TrainingDiverged, train
from .widgets import FRAME_COLORS, FRAME_WIDTH, ImageStack, figure_png, number_label

OPTIMIZERS = {"SGD": SGD, "momentum": Momentum, "Adam": Adam}
STYLES = {"SGD": ("o-", "black"), "momentum": ("s--", "0.35"), "Adam": ("^:", "0.55")}  # lesbart i gråtoner


class OptimizerExplorer:
    """Tren `make_net()` med SGD, momentum og Adam for hver (η, λ) og tegn tapkurvene.

    `make_net` lager et nytt nettverk med de samme startvektene hver gang (gi `rng` til
    lagene), så forskjellene kommer fra optimereren. Nøyaktigheten i figurteksten måles på
    `validation=(x_val, y_val)`. Resultatene huskes, så hver kombinasjon trenes bare én gang.

    >>> from mlfw import Net, Linear, Tanh, Softmax, CrossEntropyLoss
    >>> from mlfw.data import moons
    >>> x, y = moons(40, noise=0.2, seed=0)
    >>> explorer = OptimizerExplorer(lambda: Net(Linear(2, 4, rng=0), Tanh(), Linear(4, 2, rng=1), Softmax()),
    ...                              CrossEntropyLoss(), x, y, validation=(x, y), lrs=[0.01, 0.1],
    ...                              weight_decays=[0.0], epochs=3)
    >>> sorted(explorer.accuracies(0.1, 0.0))
    ['Adam', 'SGD', 'momentum']
    """

    def __init__(self, make_net, loss, x, y, *, validation, lrs, weight_decays=(0.0,), epochs: int = 40,
                 batch_size: int = 16, seed: int = 0, dpi: int = 100) -> None:
        who = "OptimizerExplorer"
        check_callable(make_net, "make_net", who, "make_net=lambda: Net(Linear(2, 16, rng=0), ...)")
        self.lrs = sorted(check_values(lrs, "lrs", who))
        if weight_decays is None or isinstance(weight_decays, (str, bytes, dict)) or not np.iterable(weight_decays) \
                or len(list(weight_decays)) == 0:
            raise TypeError(f"{who} forventet en ikke-tom liste med vektforfall for weight_decays, men fikk "
                            f"{_show(weight_decays)} — for eksempel weight_decays=[0.0, 0.01, 0.1].")
        self.weight_decays = sorted(check_number(lam, "weight_decays", who, low=0) for lam in weight_decays)
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise TypeError(f"{who} forventet validation=(x_val, y_val), men fikk {_show(validation)}.")
        self.epochs = check_int(epochs, "epochs", who)
        self.batch_size = check_int(batch_size, "batch_size", who)
        self.dpi = check_int(dpi, "dpi", who)
        self.make_net, self.loss, self.x, self.y, self.validation = make_net, loss, x, y, validation
        self.seed = seed
        self._runs = {}  # (navn, η, λ) -> (history, nøyaktighet på validering, eller nan)

    def run(self, name: str, lr: float, weight_decay: float = 0.0):
        """Tren (eller hent fra minnet) én optimerer: (history, nøyaktighet på validering).

        Nøyaktigheten er nan hvis treningen divergerte; `history` har da epokene før det.
        """
        if name not in OPTIMIZERS:
            raise ValueError(f"OptimizerExplorer.run forventet en av {', '.join(OPTIMIZERS)}, men fikk {name!r}.")
        key = (name, float(lr), float(weight_decay))
        if key not in self._runs:
            net = self.make_net()
            check_instance(net, "OptimizerExplorer: make_net()", "svaret", ("forward", "backward", "update"),
                           "et nettverk (husk return net)")
            optimizer = OPTIMIZERS[name](net, lr=key[1], weight_decay=key[2])
            try:
                history = train(net, self.loss, self.x, self.y, epochs=self.epochs, optimizer=optimizer,
                                batch_size=self.batch_size, validation=self.validation, seed=self.seed,
                                progress=False)
                self._runs[key] = (history, accuracy(net(self.validation[0]), self.validation[1]))
            except TrainingDiverged as stop:
                self._runs[key] = (stop.history, float("nan"))
        return self._runs[key]

    def accuracies(self, lr: float, weight_decay: float = 0.0) -> dict:
        """Nøyaktigheten på valideringsdataene for hver optimerer (nan: divergerte)."""
        return {name: self.run(name, lr, weight_decay)[1] for name in OPTIMIZERS}

    def figure(self, lr: float, weight_decay: float = 0.0):
        """En ny matplotlib-figur med tapkurvene for de tre optimererne."""
        from matplotlib.figure import Figure

        fig = Figure(figsize=(FRAME_WIDTH, 4.6), layout="constrained")  # smal nok til å leses på en telefon
        ax = fig.subplots()
        for name, (style, colour) in STYLES.items():
            history, acc = self.run(name, lr, weight_decay)
            result = "divergerte" if np.isnan(acc) else f"{100 * acc:.0f} %"
            ax.plot(range(1, len(history.loss) + 1), history.loss, style, color=colour, markevery=4,
                    markersize=4, label=f"{name}: {result}")
        ax.set(yscale="log", xlabel="Epoke", ylabel="Tap på treningsdata",
               title=f"η = {number_label(lr)}, λ = {number_label(weight_decay)}")
        fig.legend(title="Nøyaktighet på validering", loc="outside lower center")  # under, ikke over kurvene
        ax.grid(alpha=0.3)
        return fig

    def static(self, start=None) -> ImageStack:
        """Ferdige bilder for alle kombinasjoner i `lrs` × `weight_decays` (virker uten kjerne)."""
        def render(lr, weight_decay):
            return figure_png(self.figure(lr, weight_decay), self.dpi, FRAME_COLORS)

        return ImageStack(render, {"Læringsrate η": self.lrs, "Vektforfall λ": self.weight_decays},
                          start=start, description="Tap per epoke for SGD, momentum og Adam")

    def live(self):
        """Glidebrytere som trener og tegner på nytt ved hver endring (krever kjerne)."""
        import ipywidgets as widgets

        style, layout = {"description_width": "initial"}, widgets.Layout(width="100%", max_width="420px")
        lr = widgets.FloatLogSlider(value=self.lrs[len(self.lrs) // 2], base=10, min=np.log10(self.lrs[0]),
                                    max=np.log10(self.lrs[-1]), step=0.1, readout_format=".3g",
                                    style=style, layout=layout, description="Læringsrate η")
        lam = widgets.FloatSlider(value=self.weight_decays[0], min=0.0, max=max(self.weight_decays[-1], 1e-3),
                                  step=max(self.weight_decays[-1], 1e-3) / 20, readout_format=".3f",
                                  style=style, layout=layout, description="Vektforfall λ")
        image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))

        def redraw(change=None):
            image.value = figure_png(self.figure(lr.value, lam.value), self.dpi, FRAME_COLORS)

        lr.observe(redraw, names="value")
        lam.observe(redraw, names="value")
        redraw()
        return widgets.VBox([lr, lam, image])
