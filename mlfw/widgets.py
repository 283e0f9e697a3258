"""Utforskere med glidebrytere (ipywidgets) til kapitlene.

En utforsker kan vises på to måter:

- `live()` regner ut og tegner på nytt hver gang du flytter en glidebryter. Det krever
  en Python-kjerne som kjører, altså at du kjører notebooken selv i Jupyter.
- `static()` lager ett bilde per verdi i et rutenett mens notebooken kjøres. Glidebryteren
  er koblet til en `Stack` av bilder med `jslink`, så nettleseren bytter bilde uten Python.
  Derfor virker den også på det publiserte nettstedet.

Byggeklossen for den statiske varianten er `ImageStack`. Den tar én eller to glidebrytere,
så et senere kapittel kan lage en utforsker for skjult lag × læringsrate på samme måte.
ipywidgets og matplotlib importeres først når du lager en utforsker.
"""

import io
import re

import numpy as np

from ._checks import (_show, as_float_array, check_callable, check_int, check_positive, check_values,
                      checked_render)
from .descent import descent_path

DEFAULT_LRS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55)
# Bredden på bildene i utforskerne (tommer, ved 100 dpi): 440 px vises som 358 px i
# spalten på en telefon (390 px), så tekst i 11 pt blir ≈ 12 px høy.
FRAME_WIDTH = 4.4
# Farger i paletten til bildene i utforskerne: 32 er nok for linjer, tekst og fargeflater.
FRAME_COLORS = 32


def number_label(value) -> str:
    """Et tall slik det skrives i norsk tekst, med desimalkomma.

    NaN skrives «ikke et tall» og uendelig «uendelig», så en figurtittel aldri viser «nan».

    >>> number_label(0.05), number_label(16), number_label(0.123456)
    ('0,05', '16', '0,123')
    >>> number_label(float("nan")), number_label(-float("inf"))
    ('ikke et tall', 'minus uendelig')
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"number_label forventet et tall, men fikk {_show(value)}.")
    if np.isnan(value):
        return "ikke et tall"
    if np.isinf(value):
        return "uendelig" if value > 0 else "minus uendelig"
    return f"{value:.3g}".replace(".", ",")


def figure_png(fig, dpi: int = 100, colors: int = 64) -> bytes:
    """Tegn en matplotlib-figur til PNG-bytes (uten å vise den).

    Bildet lagres med en palett på høyst `colors` farger (PNG med indekserte farger).
    Figurene i boka har få farger, så bildet ser likt ut, men filen blir 2–3 ganger
    mindre; det teller når en utforsker har ferdige bilder for hver innstilling.
    `colors=None` gir full farge.
    """
    if not callable(getattr(fig, "savefig", None)):
        raise TypeError(f"figure_png forventet en matplotlib-figur, men fikk {_show(fig)}.")
    check_int(dpi, "dpi", "figure_png", minimum=1)
    if colors is not None:
        check_int(colors, "colors", "figure_png", minimum=2, maximum=256)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    if colors is None:
        return buffer.getvalue()
    from PIL import Image

    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    palette = image.quantize(colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


class ImageStack:
    """Ferdige bilder som glidebrytere bytter mellom i nettleseren, uten Python-kjerne.

    `sliders` er {beskrivelse: verdier}, med én eller to glidebrytere. `render(*verdier)`
    lager ett PNG-bilde (bytes) for hver kombinasjon av verdier. Hver glidebryter er en
    `SelectionSlider` der `index` er koblet med `jslink` til `selected_index` i en `Stack`:

    - én glidebryter: `Stack([bilde_0, bilde_1, ...])`;
    - to glidebrytere: nestede Stack-er. Første glidebryter velger i den ytre Stack-en,
      og andre glidebryter er koblet til hver av de indre.

    `start` gir indeksene glidebryterne starter på (standard: 0). Attributter: `sliders`,
    `stack` (den ytre), `links` (Link-widgetene fra `jslink`) og `widget` (det som vises).
    Objektet vises når det står sist i en celle.

    >>> grid = ImageStack(lambda lr: b"png", {"Læringsrate η": [0.1, 0.5]})
    >>> len(grid.stack.children), grid.sliders[0].description, grid.sliders[0].label
    (2, 'Læringsrate η', '0,1')
    """

    def __init__(self, render, sliders: dict, *, start=None, description: str = "Figur") -> None:
        import ipywidgets as widgets

        render = checked_render(render, "ImageStack")
        if not isinstance(sliders, dict):
            raise TypeError(f"ImageStack forventet sliders som {{beskrivelse: verdier}}, men fikk {_show(sliders)}.")
        if not 1 <= len(sliders) <= 2:
            raise ValueError(
                f"ImageStack forventet én eller to glidebrytere, men fikk {len(sliders)} — "
                f"med flere blir det for mange bilder å regne ut på forhånd."
            )
        if not isinstance(description, str):
            raise TypeError(f"ImageStack forventet en tekst som description, men fikk {_show(description)}.")
        self.values = [check_values(v, "sliders", "ImageStack") if not np.iterable(v) else list(v)
                       for v in sliders.values()]
        if any(len(values) == 0 for values in self.values):
            raise ValueError("ImageStack fikk en glidebryter uten verdier — gi minst én verdi.")
        for name, values in sliders.items():
            for v in values:
                number_label(v)  # tall som kan vises på glidebryteren, ellers en norsk TypeError
                if not np.isfinite(v):
                    raise ValueError(f"ImageStack forventet endelige tall på glidebryteren «{name}», "
                                     f"men fikk {_show(v)} — fjern NaN og uendelig fra verdiene.")
        start = _check_start(start, [len(v) for v in self.values])
        self.sliders = [
            widgets.SelectionSlider(
                options=[(number_label(v), i) for i, v in enumerate(values)],
                index=index,
                description=name,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="100%", max_width="420px"),
            )
            for (name, values), index in zip(sliders.items(), start)
        ]
        self.links, self._pngs, self._names, self._description = [], {}, list(sliders), description
        self.stack = self._build(render, level=0, chosen=())
        self.widget = widgets.VBox([*self.sliders, self.stack])

    def _build(self, render, level: int, chosen: tuple):
        """Lag Stack-en for glidebryter nummer `level` (rekursivt for to glidebrytere).

        `chosen` er indeksene som alt er valgt for glidebryterne foran denne."""
        import ipywidgets as widgets

        if level == len(self.values) - 1:
            children = [self._picture(render, (*chosen, i)) for i in range(len(self.values[level]))]
        else:
            children = [self._build(render, level + 1, (*chosen, i)) for i in range(len(self.values[level]))]
        stack = widgets.Stack(children, selected_index=self.sliders[level].index)
        self.links.append(widgets.jslink((self.sliders[level], "index"), (stack, "selected_index")))
        return stack

    def _picture(self, render, indices: tuple):
        """Ett bilde som HTML-widget med alt-tekst (Image-widgeten har ingen alt-tekst)."""
        import base64
        from html import escape

        import ipywidgets as widgets

        values = [self.values[level][i] for level, i in enumerate(indices)]
        png = render(*values)
        self._pngs[indices] = png
        settings = ", ".join(f"{name} = {number_label(v)}" for name, v in zip(self._names, values))
        src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        return widgets.HTML(f'<img src="{src}" alt="{escape(self._description)} ({escape(settings)})" '
                            f'style="max-width:100%;height:auto">')

    def image(self, *indices):
        """Bilde-widgeten for glidebryter-indeksene `indices`, for eksempel `image(3)`."""
        node = self.stack
        for i in indices:
            node = node.children[i]
        return node

    def png(self, *indices) -> bytes:
        """PNG-bytene til bildet for glidebryter-indeksene `indices`."""
        return self._pngs[tuple(indices)]

    # --- Utskriftsform: på papir (PDF-utgaven) kan ingen dra i en glidebryter. ---------------

    def print_indices(self) -> list[tuple]:
        """Bildene papirutgaven viser: ytterpunktene og startverdien, høyst tre bilder.

        Én glidebryter: første, start og siste verdi. To glidebrytere: første og siste
        verdi på den første (med den andre på start), så siste verdi på den andre.

        >>> ImageStack(lambda lr: b"", {"η": [0.1, 0.2, 0.3, 0.4]}, start=(1,)).print_indices()
        [(0,), (1,), (3,)]
        """
        starts, last = [s.index for s in self.sliders], [len(v) - 1 for v in self.values]
        if len(starts) == 1:
            picks = [(0,), (starts[0],), (last[0],)]
        else:
            picks = [(0, starts[1]), (last[0], starts[1]), (starts[0], last[1])]
        return list(dict.fromkeys(picks))  # uten dubletter, i samme rekkefølge

    def print_caption(self) -> str:
        """Bildeteksten på papir: hva bildene viser, og hvilke innstillinger de har."""
        settings = ["; ".join(f"{name} = {number_label(self.values[level][i])}"
                              for level, (name, i) in enumerate(zip(self._names, indices)))
                    for indices in self.print_indices()]
        total = int(np.prod([len(v) for v in self.values]))
        sliders = "glidebryteren" if len(self.sliders) == 1 else "glidebryterne"
        return (f"{self._description}, for {len(settings)} av de {total} innstillingene i utforskeren "
                f"(ovenfra: {' | '.join(settings)}). På nettstedet og i Jupyter velger du selv med {sliders}.")

    def print_png(self) -> bytes:
        """Bildene i `print_indices()` under hverandre i én PNG, piksel for piksel."""
        from matplotlib.image import imread, imsave

        images = [imread(io.BytesIO(self._pngs[indices]), format="png") for indices in self.print_indices()]
        images = [np.dstack([im, np.ones(im.shape[:2])]) if im.shape[2] == 3 else im for im in images]  # RGBA
        width = max(im.shape[1] for im in images)
        gap = np.ones((12, width, 4))  # hvit stripe mellom bildene
        rows = []
        for im in images:
            pad = np.ones((im.shape[0], width - im.shape[1], 4))
            rows += [np.hstack([im, pad]), gap]
        buffer = io.BytesIO()
        imsave(buffer, np.vstack(rows[:-1]), format="png")
        return buffer.getvalue()

    def print_markdown(self) -> str:
        """Utskriftsformen i Markdown: bildet fra `print_png()` og bildeteksten under."""
        import base64

        def literal(text):
            return re.sub(r"([\\`*_{}\[\]<>#|$~])", r"\\\1", text)

        src = "data:image/png;base64," + base64.b64encode(self.print_png()).decode("ascii")
        return f"![{literal(self._description)}]({src})\n\n{literal(self.print_caption())}\n"

    def _repr_mimebundle_(self, **kwargs):
        """Widgeten for skjermen, Markdown med bilder for papir og bildeteksten som ren tekst."""
        bundle = dict(self.widget._repr_mimebundle_(**kwargs))
        bundle["text/markdown"] = self.print_markdown()
        bundle["text/plain"] = self.print_caption()
        return bundle


class LearningRateExplorer:
    """Se hvordan læringsraten styrer gradientnedstigning på en tapflate med to parametere.

    `loss(theta)` og `grad(theta)` tar en vektor `theta = [w, b]`. Det øverste panelet viser
    nivåkurvene til tapet innenfor `bounds` og veien stegene tar fra `start`; panelet under
    viser tapet etter hvert steg.

    - `static()` gir forhåndsberegnede bilder for læringsratene i `lrs` og `steps` steg.
      Den virker uten kjerne, så det er den nettstedet viser.
    - `live()` gir glidebryterne «Læringsrate η» og «Antall steg». Hver endring regner ut
      og tegner på nytt. Den krever at du kjører notebooken i Jupyter.

    Etter hver endring (også `set_lr` og `set_steps`) finner du resultatet i `path`
    (form (steg + 1, 2)), `losses`, `final_loss`, `diverged` og figuren `figure`.

    >>> ex = LearningRateExplorer(lambda t: t @ t, lambda t: 2 * t, start=[1.0, 1.0], steps=2)
    >>> ex.set_lr(0.25)
    >>> ex.path.tolist(), ex.final_loss
    ([[1.0, 1.0], [0.5, 0.5], [0.25, 0.25]], 0.125)
    """

    def __init__(self, loss, grad, start, *, lr: float = 0.1, steps: int = 30, lrs=DEFAULT_LRS,
                 bounds=((-3.0, 3.0), (-3.0, 3.0)), names=("w", "b"), max_steps: int = 100,
                 dpi: int = 100) -> None:
        import ipywidgets as widgets

        who = "LearningRateExplorer"
        check_callable(loss, "loss", who, "loss=lambda t: t @ t")
        check_callable(grad, "grad", who, "grad=lambda t: 2 * t")
        lrs = check_values(lrs, "lrs", who)
        max_steps = check_int(max_steps, "max_steps", who, minimum=1)
        _check_lr(lr, lrs, who)
        check_int(steps, "steps", who, minimum=1, maximum=max_steps)
        check_int(dpi, "dpi", who, minimum=1)
        _check_bounds(bounds, names, who)
        self.loss, self.grad, self.start = loss, grad, as_float_array(start, who, "start").astype(float)
        if self.start.shape != (2,) or not np.all(np.isfinite(self.start)):
            raise ValueError(
                f"LearningRateExplorer forventet start med to tall [w, b], men fikk form "
                f"{self.start.shape} — utforskeren tegner en tapflate med to parametere."
            )
        first = loss(self.start.copy())
        if isinstance(first, (bool, str, bytes)) or np.ndim(first) != 0 or np.asarray(first).dtype.kind not in "iuf":
            raise TypeError(f"{who} forventet at loss(theta) gir ett tall, men fikk {_show(first)}.")
        self.lrs, self.bounds, self.names, self.dpi = sorted(lrs), bounds, names, dpi
        self.lr_slider = widgets.FloatLogSlider(
            value=lr, base=10, min=np.log10(self.lrs[0]), max=np.log10(self.lrs[-1]), step=0.01,
            readout_format=".3g", description="Læringsrate η",
            style={"description_width": "initial"}, layout=widgets.Layout(width="100%", max_width="420px"))
        self.steps_slider = widgets.IntSlider(
            value=steps, min=1, max=max_steps, description="Antall steg",
            style={"description_width": "initial"}, layout=widgets.Layout(width="100%", max_width="420px"))
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self._make_figure()
        self._update()
        self.lr_slider.observe(self._update, names="value")
        self.steps_slider.observe(self._update, names="value")

    def compute(self, lr: float, steps: int):
        """Veien (form (steps + 1, 2)) og tapet i hvert punkt for én læringsrate."""
        path = descent_path(self.grad, self.start, lr, steps)
        with np.errstate(over="ignore", invalid="ignore"):
            losses = np.array([self.loss(theta) for theta in path], dtype=float)
        return path, losses

    @property
    def final_loss(self) -> float:
        """Tapet etter siste steg (inf eller nan hvis stegene har divergert)."""
        return float(self.losses[-1])

    @property
    def diverged(self) -> bool:
        """Sann når tapet til slutt er større enn i startpunktet (eller ikke et tall)."""
        return _diverged(self.losses)

    def set_lr(self, lr: float) -> None:
        """Flytt glidebryteren for læringsraten (det samme som når du drar i den)."""
        _check_lr(lr, self.lrs, "LearningRateExplorer.set_lr")
        self.lr_slider.value = lr

    def set_steps(self, steps: int) -> None:
        """Flytt glidebryteren for antall steg."""
        check_int(steps, "steps", "LearningRateExplorer.set_steps", minimum=1, maximum=self.steps_slider.max)
        self.steps_slider.value = steps

    def live(self):
        """Glidebrytere og figur som regnes ut på nytt ved hver endring (krever kjerne)."""
        import ipywidgets as widgets

        return widgets.VBox([self.lr_slider, self.steps_slider, self.image])

    def static(self) -> ImageStack:
        """Ett ferdig bilde per læringsrate i `lrs`, byttet i nettleseren (uten kjerne)."""
        def render(lr):
            self._draw(*self.compute(lr, self.steps), lr)
            return figure_png(self.figure, self.dpi, FRAME_COLORS)

        nearest = int(np.argmin(np.abs(np.log(self.lrs) - np.log(self.lr))))
        grid = ImageStack(render, {"Læringsrate η": self.lrs}, start=(nearest,),
                          description="Veien stegene tar på tapflaten, og tapet etter hvert steg")
        self._draw(self.path, self.losses, self.lr)  # tilbake til tilstanden i live()
        return grid

    def _update(self, change=None) -> None:
        """Kalles når en glidebryter endres: regn ut, tegn og oppdater bildet."""
        self.lr, self.steps = float(self.lr_slider.value), int(self.steps_slider.value)
        self.path, self.losses = self.compute(self.lr, self.steps)
        self._draw(self.path, self.losses, self.lr)
        self.image.value = figure_png(self.figure, self.dpi, FRAME_COLORS)

    def _make_figure(self) -> None:
        """Lag figuren én gang; `_draw` bytter bare ut dataene i linjene."""
        from matplotlib.figure import Figure

        (w0, w1), (b0, b1) = self.bounds
        ws, bs = np.linspace(w0, w1, 60), np.linspace(b0, b1, 60)
        grid = np.array([[self.loss(np.array([w, b])) for w in ws] for b in bs])  # (b, w)
        levels = grid.min() + (grid.max() - grid.min()) * np.linspace(0.03, 1.0, 12) ** 2
        # Panelene under hverandre i et smalt bilde (FRAME_WIDTH tommer): på en telefon vises
        # det nesten i full størrelse, så teksten blir ≈ 12 px i stedet for 6 px.
        self.figure = Figure(figsize=(FRAME_WIDTH, 6.8), layout="constrained")
        ax_path, ax_loss = self.figure.subplots(2, 1, height_ratios=(1.35, 1))
        ax_path.contour(ws, bs, grid, levels=levels, colors="0.6", linewidths=0.8)
        ax_path.plot(*self.start, "s", color="black", ms=7, label="start")
        (self._path_line,) = ax_path.plot([], [], "o-", color="black", ms=3, lw=1.2, label="steg")
        ax_path.set(xlim=(w0, w1), ylim=(b0, b1), title="Veien på tapflaten",
                    xlabel=f"Vekt {self.names[0]}", ylabel=f"Bias {self.names[1]}")
        ax_path.set_aspect("equal")  # like akser, så rette vinkler ser rette ut
        ax_path.legend(loc="upper right")
        (self._loss_line,) = ax_loss.plot([], [], "o-", color="black", ms=3, lw=1.2)
        ax_loss.set(ylim=(0, 1.15 * self.loss(self.start)), title="Tapet etter hvert steg",
                    xlabel="Steg", ylabel="Tap ℒ")
        ax_loss.grid(alpha=0.3)
        self.axes = (ax_path, ax_loss)

    def _draw(self, path, losses, lr: float) -> None:
        """Legg veien og tapkurven inn i figuren og skriv en tittel med resultatet."""
        center, size = np.mean(self.bounds, axis=1), np.ptp(self.bounds, axis=1)  # (2,), (2,)
        far = np.any(np.abs(path - center) > 2 * size, axis=1)  # punkter langt utenfor aksene
        if far.any():
            path = path[: np.argmax(far) + 1]  # tegn bare fram til stegene forsvinner
        self._path_line.set_data(path[:, 0], path[:, 1])
        self._loss_line.set_data(np.arange(len(losses)), np.clip(losses, 0, 1e6))
        self.axes[1].set_xlim(0, max(len(losses) - 1, 1))
        if _diverged(losses):
            result = "tapet vokser: stegene divergerer"
        else:
            result = f"tap etter {len(losses) - 1} steg: {number_label(losses[-1])}"
        self.figure.suptitle(f"Læringsrate η = {number_label(lr)}\n{result}")


def _diverged(losses) -> bool:
    """Tapet til slutt er større enn i starten, eller ikke lenger et tall."""
    return not np.isfinite(losses[-1]) or losses[-1] > losses[0]


def _check_lr(lr, lrs, who: str) -> None:
    """Læringsraten må ligge på glidebryteren; ellers ville den stille blitt flyttet til enden."""
    check_positive(lr, "lr", who)
    if not min(lrs) <= lr <= max(lrs):
        raise ValueError(f"{who} forventet lr mellom {min(lrs)} og {max(lrs)} (glidebryterens ender, fra lrs), "
                         f"men fikk {lr!r} — legg verdien til i lrs, eller velg en innenfor.")


def _check_bounds(bounds, names, who: str) -> None:
    b = np.asarray(bounds, dtype=object)
    if b.shape != (2, 2) or not all(isinstance(v, (int, float, np.number)) for v in b.ravel()) \
            or not all(lo < hi for lo, hi in bounds):
        raise ValueError(f"{who} forventet bounds=((w_min, w_maks), (b_min, b_maks)) med min < maks, men fikk "
                         f"{bounds!r}.")
    if isinstance(names, str) or not np.iterable(names) or len(names) != 2 \
            or not all(isinstance(n, str) for n in names):
        raise TypeError(f"{who} forventet names med to navn, for eksempel ('w', 'b'), men fikk {names!r}.")


def _check_start(start, sizes: list) -> tuple:
    """Startindeksene til glidebryterne: ett heltall per glidebryter, innenfor verdiene."""
    if start is None:
        return (0,) * len(sizes)
    if isinstance(start, (str, bytes)) or not np.iterable(start) or len(start) != len(sizes):
        raise TypeError(f"ImageStack forventet start med én indeks per glidebryter ({len(sizes)}), "
                        f"men fikk {start!r} — for eksempel start=(0,).")
    for i, n in zip(start, sizes):
        check_int(i, "start", "ImageStack", minimum=0, maximum=n - 1)
    return tuple(start)
