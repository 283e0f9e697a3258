"""Utforsker for størrelsen på det skjulte laget og læringsraten (kapittel 3 og 4).

For hver kombinasjon trener vi et nytt nettverk med `train` og tegner resultatet.
Som `LearningRateExplorer` finnes den i to utgaver: `live()` trener på nytt for hver
verdi du velger (krever kjerne), og `static()` lager bildene på forhånd for et
rutenett av verdier, så nettstedet kan bytte mellom dem uten Python.
"""

import numpy as np

from ._checks import check_callable, check_instance, check_int, check_positive, check_values
from .losses import accuracy
from .train import TrainingDiverged, train
from .widgets import FRAME_COLORS, FRAME_WIDTH, ImageStack, figure_png, number_label


class TrainingExplorer:
    """Tren `make_net(hidden)` med læringsraten `lr` og vis hva som skjer.

    `kind="boundary"` tegner beslutningsgrensen (data med to egenskaper) og tapkurven;
    `kind="curves"` tegner tap og nøyaktighet per epoke for trening og validering.
    Resultatene huskes, så hver kombinasjon trenes bare én gang.

    Etter `set(hidden, lr)` finner du `net`, `history`, `diverged` og `final_accuracy`
    (på valideringsdataene hvis de er gitt, ellers på treningsdataene).
    """

    def __init__(self, make_net, loss, x, y, *, hiddens, lrs, epochs: int, batch_size: int = 32,
                 validation=None, seed: int = 0, kind: str = "boundary", dpi: int = 100) -> None:
        who = "TrainingExplorer"
        check_callable(make_net, "make_net", who, "make_net=lambda hidden: Net(Linear(2, hidden), ...)")
        hiddens, lrs = check_values(hiddens, "hiddens", who, integer=True), check_values(lrs, "lrs", who)
        check_int(dpi, "dpi", who, minimum=1)
        if kind not in ("boundary", "curves"):
            raise ValueError(f"TrainingExplorer forventet kind='boundary' eller 'curves', men fikk {kind!r}.")
        self.make_net, self.loss, self.x, self.y = make_net, loss, x, y
        self.hiddens, self.lrs = list(hiddens), sorted(lrs)
        self.epochs, self.batch_size, self.validation = epochs, batch_size, validation
        self.seed, self.kind, self.dpi = seed, kind, dpi
        self._results = {}  # (hidden, lr) -> (net, history, diverged)
        self.image = None  # bildet i live(), som tegnes på nytt ved hver endring
        self.set(self.hiddens[len(self.hiddens) // 2], self.lrs[len(self.lrs) // 2])  # start i midten

    def run(self, hidden: int, lr: float):
        """Tren (eller hent fra minnet) nettverket for én kombinasjon: (net, history, diverged)."""
        key = (int(hidden), float(lr))
        if key not in self._results:
            net = self.make_net(key[0])
            check_instance(net, f"TrainingExplorer: make_net({key[0]})", "svaret", ("forward", "backward", "update"),
                           "et nettverk (husk return net)")
            try:
                history = train(net, self.loss, self.x, self.y, epochs=self.epochs, lr=key[1],
                                batch_size=self.batch_size, validation=self.validation,
                                seed=self.seed, progress=False)
                diverged = False
            except TrainingDiverged as stop:
                history, diverged = stop.history, True
            self._results[key] = (net, history, diverged)
        return self._results[key]

    def set(self, hidden: int, lr: float) -> None:
        """Velg en kombinasjon (som når du flytter glidebryterne) og tren om nødvendig."""
        check_int(hidden, "hidden", "TrainingExplorer.set")
        check_positive(lr, "lr", "TrainingExplorer.set")
        self.hidden, self.lr = int(hidden), float(lr)
        self.net, self.history, self.diverged = self.run(self.hidden, self.lr)
        if self.image is not None:
            self.image.value = figure_png(self.figure(self.hidden, self.lr), self.dpi, FRAME_COLORS)

    @property
    def final_accuracy(self) -> float:
        """Nøyaktigheten etter treningen (nan hvis treningen divergerte)."""
        return float("nan") if self.diverged else self._accuracy(self.net)

    def figure(self, hidden: int, lr: float):
        """En ny matplotlib-figur med resultatet for én kombinasjon."""
        from matplotlib.figure import Figure

        from .plot import plot_decision_boundary, plot_history

        net, history, diverged = self.run(hidden, lr)
        # Panelene under hverandre i et smalt bilde, så teksten kan leses på en telefon.
        fig = Figure(figsize=(FRAME_WIDTH, 7.4 if self.kind == "boundary" else 6.6), layout="constrained")
        axes = fig.subplots(2, 1, height_ratios=(1.3, 1) if self.kind == "boundary" else (1, 1))
        if self.kind == "boundary":
            if diverged:
                axes[0].text(0.5, 0.5, "Treningen divergerte", ha="center", transform=axes[0].transAxes)
                axes[0].set_title("Beslutningsgrense")
            else:
                plot_decision_boundary(net, self.x, self.y, axes[0], resolution=80)
            plot_history(history, axes[1:])
        else:
            plot_history(history, axes)
        result = "treningen divergerte" if diverged else f"nøyaktighet {number_label(self._accuracy(net))}"
        neurons = "nevron" if hidden == 1 else "nevroner"
        fig.suptitle(f"{hidden} {neurons} i skjult lag, læringsrate η = {number_label(lr)}:\n{result}")
        return fig

    def _accuracy(self, net) -> float:
        x, y = self.validation if self.validation is not None else (self.x, self.y)
        return accuracy(net(x), y)

    def static(self) -> ImageStack:
        """Ferdige bilder for alle kombinasjoner i `hiddens` × `lrs` (virker uten kjerne)."""
        def render(hidden, lr):
            return figure_png(self.figure(hidden, lr), self.dpi, FRAME_COLORS)

        sliders = {"Nevroner i skjult lag": self.hiddens, "Læringsrate η": self.lrs}
        start = (_nearest(self.hiddens, self.hidden), _nearest(self.lrs, self.lr))
        description = ("Beslutningsgrensen og tapkurven etter treningen" if self.kind == "boundary"
                       else "Tap og nøyaktighet per epoke for trening og validering")
        return ImageStack(render, sliders, start=start, description=description)

    def live(self):
        """Glidebrytere som trener og tegner på nytt ved hver endring (krever kjerne)."""
        import ipywidgets as widgets

        style, layout = {"description_width": "initial"}, widgets.Layout(width="100%", max_width="420px")
        hidden = widgets.IntSlider(value=self.hidden, min=1, max=max(self.hiddens), style=style,
                                   layout=layout, description="Nevroner i skjult lag")
        lr = widgets.FloatLogSlider(value=self.lr, base=10, min=np.log10(self.lrs[0]),
                                    max=np.log10(self.lrs[-1]), step=0.05, readout_format=".3g",
                                    style=style, layout=layout, description="Læringsrate η")
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self.set(self.hidden, self.lr)
        hidden.observe(lambda change: self.set(change["new"], self.lr), names="value")
        lr.observe(lambda change: self.set(self.hidden, change["new"]), names="value")
        self.hidden_slider, self.lr_slider = hidden, lr
        return widgets.VBox([hidden, lr, self.image])


def _nearest(values, value) -> int:
    """Indeksen til verdien i `values` som ligger nærmest `value`."""
    return int(np.argmin(np.abs(np.asarray(values, dtype=float) - value)))
