"""Felles kontroller av inndata, med feilmeldinger på norsk.

Alle meldingene følger samme mønster: hva som var forventet, hva som kom,
og et hint om hva du kan gjøre.
"""

import numpy as np


def as_float_array(x, who: str, name: str = "x") -> np.ndarray:
    """Gjør `x` om til en NumPy-matrise med flyttall (float32 beholdes)."""
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"{who} forventet en NumPy-matrise {name}, men fikk {type(x).__name__} "
            f"som ikke kan gjøres om til tall — sjekk at alle rader er like lange."
        ) from err
    if arr.dtype.kind in "iub":
        arr = arr.astype(np.float64)
    elif arr.dtype.kind != "f":
        raise TypeError(
            f"{who} forventet tall i {name}, men fikk dtype {arr.dtype} — "
            f"bruk for eksempel np.asarray({name}, dtype=float)."
        )
    return arr


def check_2d(x: np.ndarray, who: str, name: str = "x") -> None:
    """Krev formen (batch, egenskaper) med minst én rad."""
    if x.ndim == 1:
        raise ValueError(
            f"{who} forventet {name} med form (batch, egenskaper), men fikk 1-D form "
            f"{x.shape} — bruk {name}.reshape(1, -1) for ett eksempel eller "
            f"{name}.reshape(-1, 1) for mange eksempler med én egenskap."
        )
    if x.ndim != 2:
        raise ValueError(
            f"{who} forventet {name} med form (batch, egenskaper), men fikk form "
            f"{x.shape} — glemte du å flate ut bildene? Bruk {name}.reshape(len({name}), -1)."
        )
    if x.shape[0] == 0:
        raise ValueError(
            f"{who} fikk en tom batch ({name} har form {x.shape}) — sjekk at dataene "
            f"faktisk ble lastet inn."
        )


def check_same_length(y_hat: np.ndarray, y: np.ndarray, who: str) -> None:
    """Krev like mange eksempler i prediksjonene og fasiten."""
    if len(y_hat) != len(y):
        raise ValueError(
            f"{who}: y_hat har {len(y_hat)} rader, men y har {len(y)} — prediksjoner "
            f"og fasit må gjelde de samme eksemplene."
        )


def check_positive(value, name: str, who: str, integer: bool = False) -> None:
    """Krev et positivt tall (og et heltall når `integer` er sann)."""
    if isinstance(value, bool) or (integer and not isinstance(value, (int, np.integer))):
        raise TypeError(
            f"{who} forventet et positivt heltall for {name}, men fikk {value!r} "
            f"({type(value).__name__})."
        )
    if not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{who} forventet et tall for {name}, men fikk {value!r}.")
    if not np.isfinite(value) or value <= 0:
        hint = " — en typisk læringsrate er 0.01 til 0.5." if name == "lr" else "."
        raise ValueError(f"{who} forventet {name} > 0, men fikk {value!r}{hint}")


def check_probabilities(p: np.ndarray, who: str, hint: str) -> None:
    """Krev sannsynligheter i [0, 1] uten NaN."""
    # NaN gjør begge sammenligningene usanne, så NaN og ±inf fanges også her.
    if p.size and not (p.min() >= 0.0 and p.max() <= 1.0):
        raise ValueError(
            f"{who} forventet sannsynligheter i [0, 1], men fikk verdier fra "
            f"{np.nanmin(p):.3g} til {np.nanmax(p):.3g} — {hint}"
        )
