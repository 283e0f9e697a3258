"""Figurer med norske akser og titler. Matplotlib importeres først når en funksjon kalles.

`book_style()` står i oppsettcellen til hvert kapittel: figurene blir vektorgrafikk (SVG)
med tekst som er lesbar også på en telefon. `panels(n)` gir ett panel per figur, så
nettstedet kan sette panelene ved siden av hverandre på en bred skjerm og under
hverandre på en smal.
"""

import numpy as np

from ._checks import as_float_array, check_instance, check_int, check_labels, check_same_length

CLASS_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]  # lesbare også i gråtoner


# Tekst i punkter (pt). Et panel er høyst PANEL_WIDTH tommer bredt; på en telefon med
# 358 px spalte blir 11 pt da minst 9 px høy (358 / (5,2 · 96) · 11 · 4/3 ≈ 10,5 px).
BOOK_RC = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10.5,
    "ytick.labelsize": 10.5,
    "legend.fontsize": 10,
    "figure.titlesize": 12,
    "image.interpolation": "none",  # bilder (MNIST) lagres piksel for piksel i SVG-en
    "svg.hashsalt": "mlfw",  # samme id-er i SVG-en hver gang (deterministiske utdata)
}
PANEL_WIDTH = 5.2
PANEL_HEIGHT = 3.6


def book_style() -> None:
    """Bokas figurstil: SVG i Jupyter og tekst som kan leses på en telefon.

    Kalles én gang i oppsettcellen til hvert kapittel. Uten IPython (for eksempel i et
    skript) endres bare matplotlib-innstillingene i `BOOK_RC`.

    >>> import matplotlib
    >>> with matplotlib.rc_context():
    ...     book_style()
    ...     matplotlib.rcParams["font.size"]
    11.0
    """
    import matplotlib

    matplotlib.rcParams.update(BOOK_RC)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython følger med Jupyter
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib_inline.config import InlineBackend

    inline = InlineBackend.instance(parent=shell)
    inline.shell = shell
    # Uten dato i SVG-en, så en ny kjøring gir de samme utdataene.
    inline.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}
    inline.figure_formats = {"svg"}


def panels(n: int = 2, *, width: float = PANEL_WIDTH, height: float = PANEL_HEIGHT,
           sharey: bool = False) -> list:
    """`n` akser, hver i sin egen figur: på en telefon står panelene under hverandre.

    Brukes der du ellers ville skrevet `plt.subplots(1, n)`. Med `sharey=True` får alle
    panelene samme y-akse. Returnerer en liste med akser; `ax.figure` er figuren.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> axes = panels(2, sharey=True)
    >>> len(axes), axes[0].figure is axes[1].figure
    (2, False)
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    import matplotlib.pyplot as plt

    n = check_int(n, "n", "panels", minimum=1, maximum=6)
    axes = [plt.subplots(figsize=(width, height), layout="constrained")[1] for _ in range(n)]
    if sharey:
        for ax in axes[1:]:
            ax.sharey(axes[0])
    return axes


def _axes(ax, figsize=(PANEL_WIDTH, 4)):
    import matplotlib.pyplot as plt

    if ax is not None and not hasattr(ax, "scatter"):
        raise TypeError(f"mlfw.plot forventet matplotlib-akser for ax (for eksempel fra plt.subplots()), "
                        f"men fikk {type(ax).__name__}.")
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_history(history, axes=None):
    """Tapkurve (og nøyaktighet for klassifisering) per epoke, trening mot validering.

    Uten `axes` tegnes hvert panel i sin egen figur (se `panels`). Returnerer aksene.
    """
    if not all(isinstance(getattr(history, k, None), list) for k in ("loss", "val_loss", "accuracy", "val_accuracy")):
        raise TypeError(f"plot_history forventet en History fra train(...), men fikk {type(history).__name__} "
                        f"— skriv history = train(...) og så plot_history(history).")
    for name in ("val_loss", "accuracy", "val_accuracy"):
        values = getattr(history, name)
        if values and len(values) != len(history.loss):
            raise ValueError(f"plot_history forventet like mange verdier i history.{name} som i history.loss "
                             f"({len(history.loss)}), men fikk {len(values)}.")
    n_panels = 2 if history.accuracy else 1
    if axes is None:
        axes = panels(n_panels)  # ett panel per figur (under hverandre på en telefon)
    axes = np.atleast_1d(axes)
    epochs = np.arange(1, history.epochs + 1)
    curves = [("Tap", history.loss, history.val_loss)]
    if n_panels == 2:
        curves.append(("Nøyaktighet", history.accuracy, history.val_accuracy))
    for ax, (name, train_values, val_values) in zip(axes, curves):
        ax.plot(epochs, train_values, "-", color="0.15", label="trening")
        if val_values:
            ax.plot(epochs, val_values, "--", color="tab:orange", label="validering")
        ax.set_xlabel("Epoke")
        ax.set_ylabel(name)
        ax.set_title(f"{name} under treningen")
        ax.legend()
        ax.grid(alpha=0.3)
    return axes


def plot_decision_boundary(net, x, y, ax=None, *, resolution: int = 200, title: str = "Beslutningsgrense"):
    """Fargelegg planet etter klassen nettverket velger, og tegn datapunktene oppå.

    `net` tar inndata med form (n, 2) og gir sannsynligheter med form (n, K)
    (eller (n, 1) for to klasser).
    """
    who = "plot_decision_boundary"
    x, y = _check_points(x, y, who)
    check_instance(net, who, "net", ("forward",), "et nettverk, for eksempel Net(...)")
    resolution = check_int(resolution, "resolution", who, minimum=2, maximum=2000)
    ax = _axes(ax)
    pad = 0.5
    x0 = np.linspace(x[:, 0].min() - pad, x[:, 0].max() + pad, resolution)
    x1 = np.linspace(x[:, 1].min() - pad, x[:, 1].max() + pad, resolution)
    g0, g1 = np.meshgrid(x0, x1)
    grid = np.column_stack([g0.ravel(), g1.ravel()])  # (resolution², 2)
    p = np.asarray(net.forward(grid))
    if p.ndim != 2 or len(p) != len(grid):
        raise ValueError(f"{who} forventet at net gir form (n, K) for n punkter, men fikk {p.shape}.")
    label = (p[:, 0] >= 0.5).astype(int) if p.shape[1] == 1 else p.argmax(axis=1)
    classes = np.unique(np.concatenate([np.unique(y), np.unique(label)])).astype(int)
    ax.contourf(g0, g1, label.reshape(g0.shape), levels=np.arange(classes.max() + 2) - 0.5,
                cmap="cividis", alpha=0.35)
    return plot_data(x, y, ax, title=title, n_classes=int(classes.max()) + 1)


def plot_data(x, y, ax=None, *, title: str = "Datasett", n_classes: int | None = None):
    """Punktplott av 2-D-data med én markør og farge per klasse (av `n_classes`)."""
    x, y = _check_points(x, y, "plot_data")
    if n_classes is not None:
        check_int(n_classes, "n_classes", "plot_data", minimum=int(y.max()) + 1)
    ax = _axes(ax)
    n_classes = int(y.max()) + 1 if n_classes is None else n_classes
    for k in np.unique(y):
        ax.scatter(*x[y == k].T, marker=CLASS_MARKERS[k % len(CLASS_MARKERS)], s=18,
                   edgecolor="black", linewidth=0.5, color=_class_colour(k, n_classes),
                   label=f"klasse {k}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)
    ax.legend(loc="best")  # legend.fontsize i BOOK_RC: ≥ 9 px på en telefon
    return ax


def _class_colour(k: int, n_classes: int):
    import matplotlib

    return matplotlib.colormaps["cividis"](k / max(n_classes - 1, 1))


def _check_points(x, y, who: str):
    """Punkter i planet med form (n, 2) og én klasseetikett 0..K-1 per punkt."""
    x = as_float_array(x, who)
    if x.ndim != 2 or x.shape[1] != 2 or len(x) == 0:
        raise ValueError(f"{who} forventet punkter i planet med form (n, 2), men fikk {x.shape}.")
    check_same_length(x, y, who, "x")
    return x, check_labels(y, who)
