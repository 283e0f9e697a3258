"""Felles kontroller av inndata, med feilmeldinger på norsk.

Alle meldingene følger samme mønster: hva som var forventet, hva som kom,
og et hint om hva du kan gjøre. Hver offentlig funksjon i mlfw sjekker
argumentene sine her, så ingen kall ender i en naken engelsk Python-feil.

>>> check_int(2.5, "n", "moons")
Traceback (most recent call last):
    ...
TypeError: moons forventet et heltall for n, men fikk 2.5 (float) — skriv for eksempel 200.
"""

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)  # typene mlfw regner i (se dtype-regelen i mlfw/__init__.py)


def _show(value) -> str:
    """Kort beskrivelse av en verdi til en feilmelding: verdien og typen."""
    if isinstance(value, np.ndarray):
        return f"en matrise med form {value.shape} og dtype {value.dtype}"
    text = repr(value)
    return f"{text if len(text) <= 40 else text[:37] + '...'} ({type(value).__name__})"


def as_float_array(x, who: str, name: str = "x") -> np.ndarray:
    """Gjør `x` om til en NumPy-matrise i float32 eller float64 (heltall og bool blir float64)."""
    if x is None or isinstance(x, (str, bytes, dict, set)):
        raise TypeError(f"{who} forventet en NumPy-matrise med tall for {name}, men fikk {_show(x)} "
                        f"— gi for eksempel np.array([[1.0, 2.0]]).")
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"{who} forventet en NumPy-matrise {name}, men fikk {type(x).__name__} "
            f"som ikke kan gjøres om til tall — sjekk at alle rader er like lange."
        ) from err
    if arr.dtype.kind in "iub":
        return arr.astype(np.float64)
    if arr.dtype.kind != "f":
        raise TypeError(
            f"{who} forventet tall i {name}, men fikk dtype {arr.dtype} — "
            f"bruk for eksempel np.asarray({name}, dtype=float)."
        )
    if arr.dtype not in FLOAT_DTYPES:
        raise TypeError(
            f"{who} forventet {name} i float32 eller float64, men fikk dtype {arr.dtype} — "
            f"float16 har for få sifre til trening (1e-12 blir 0). Bruk {name}.astype(np.float32)."
        )
    return arr


def check_float_dtype(dtype, who: str) -> np.dtype:
    """Krev float32 eller float64 (det mlfw regner i) og returner dtype-en."""
    try:
        dt = np.dtype(dtype)
    except TypeError as err:
        raise TypeError(f"{who} forventet dtype np.float32 eller np.float64, men fikk {_show(dtype)}.") from err
    if dt not in FLOAT_DTYPES:
        raise TypeError(
            f"{who} forventet dtype np.float32 eller np.float64, men fikk {dt} — float32 er raskest, "
            f"float64 mest nøyaktig; float16 og heltall gir feil gradienter."
        )
    return dt


def check_2d(x: np.ndarray, who: str, name: str = "x", features: int | None = None) -> None:
    """Krev formen (batch, egenskaper) med minst én rad (og `features` kolonner når gitt)."""
    want = f"(batch, {features})" if features else "(batch, egenskaper)"
    if x.ndim == 0:
        raise ValueError(f"{who} forventet {name} med form {want}, men fikk ett enkelt tall "
                         f"({x.item()!r}) — skriv det som en matrise, for eksempel np.array([[{x.item()!r}]]).")
    if x.ndim == 1:
        raise ValueError(
            f"{who} forventet {name} med form {want}, men fikk 1-D form "
            f"{x.shape} — bruk {name}.reshape(1, -1) for ett eksempel eller "
            f"{name}.reshape(-1, 1) for mange eksempler med én egenskap."
        )
    if x.ndim != 2:
        raise ValueError(
            f"{who} forventet {name} med form {want}, men fikk form "
            f"{x.shape} — glemte du å flate ut bildene? Bruk {name}.reshape(len({name}), -1)."
        )
    if x.shape[0] == 0:
        raise ValueError(
            f"{who} fikk en tom batch ({name} har form {x.shape}) — sjekk at dataene "
            f"faktisk ble lastet inn."
        )


def check_same_length(y_hat: np.ndarray, y: np.ndarray, who: str, first: str = "y_hat") -> None:
    """Krev like mange eksempler i prediksjonene (eller dataene `x`) og etikettene."""
    if np.ndim(y) == 0:
        raise TypeError(f"{who} forventet etiketter y som en matrise med én rad per eksempel, "
                        f"men fikk {_show(y)}.")
    if len(y_hat) != len(y):
        raise ValueError(
            f"{who}: {first} har {len(y_hat)} rader, men y har {len(y)} — "
            f"{'prediksjoner' if first == 'y_hat' else 'data'} og etiketter må gjelde de samme eksemplene."
        )


def check_number(value, name: str, who: str, *, low=None, high=None, low_open: bool = False,
                 hint: str = "") -> float:
    """Krev et endelig reelt tall (ikke bool) i [low, high] (åpent i low med `low_open`)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{who} forventet et tall for {name}, men fikk {_show(value)}{hint or '.'}")
    too_low = low is not None and (value <= low if low_open else value < low)
    if not np.isfinite(value) or too_low or (high is not None and value > high):
        sign = ">" if low_open else ">="
        want = " og ".join(filter(None, [f"{name} {sign} {low}" if low is not None else "",
                                         f"{name} <= {high}" if high is not None else ""]))
        raise ValueError(f"{who} forventet {want or 'et endelig tall'}, men fikk {value!r}{hint or '.'}")
    return float(value)


def check_int(value, name: str, who: str, minimum: int | None = 1, maximum: int | None = None) -> int:
    """Krev et heltall (ikke bool, ikke 2.0) i [minimum, maximum]."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{who} forventet et heltall for {name}, men fikk {_show(value)} "
                        f"— skriv for eksempel 200.")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        want = " og ".join(filter(None, [f"{name} >= {minimum}" if minimum is not None else "",
                                         f"{name} <= {maximum}" if maximum is not None else ""]))
        raise ValueError(f"{who} forventet {want}, men fikk {value!r}.")
    return int(value)


def check_positive(value, name: str, who: str, integer: bool = False) -> None:
    """Krev et positivt tall (og et heltall når `integer` er sann)."""
    if type(value) is float and 0.0 < value < np.inf and not integer:
        return  # det vanlige tilfellet (lr i hvert steg), uten flere kontroller
    if integer and isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        if value <= 0:
            raise ValueError(f"{who} forventet {name} > 0, men fikk {value!r}.")
        return
    if integer:
        raise TypeError(f"{who} forventet et positivt heltall for {name}, men fikk {_show(value)}.")
    hint = " — en typisk læringsrate er 0.01 til 0.5." if name == "lr" else "."
    check_number(value, name, who, low=0, low_open=True, hint=hint)


def check_bool(value, name: str, who: str) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{who} forventet True eller False for {name}, men fikk {_show(value)}.")


def check_seed(seed, who: str, name: str = "seed") -> np.random.Generator:
    """Et frø (None, et heltall >= 0 eller en Generator) gjort om til en `np.random.Generator`."""
    if isinstance(seed, (np.random.Generator, np.random.SeedSequence)) or seed is None:
        return np.random.default_rng(seed)
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"{who} forventet et heltall som {name} (eller None), men fikk {_show(seed)} "
                        f"— skriv for eksempel {name}=0.")
    if seed < 0:
        raise ValueError(f"{who} forventet {name} >= 0, men fikk {seed!r} — skriv for eksempel {name}=0.")
    return np.random.default_rng(seed)


def check_callable(f, name: str, who: str, example: str) -> None:
    if not callable(f) or isinstance(f, type):
        raise TypeError(f"{who} forventet en funksjon for {name}, men fikk {_show(f)} — "
                        f"for eksempel {example}.")


def check_instance(obj, who: str, name: str, methods: tuple, kind: str) -> None:
    """Krev et objekt (ikke en klasse) med metodene i `methods`, for eksempel et lag eller et tap."""
    if isinstance(obj, type):
        raise TypeError(f"{who} forventet {kind} for {name}, men fikk klassen {obj.__name__} — "
                        f"skriv {obj.__name__}() med parenteser (og argumentene den trenger).")
    missing = [m for m in methods if not callable(getattr(obj, m, None))]
    if missing:
        raise TypeError(f"{who} forventet {kind} som {name}, med metodene {_and(methods)}, men "
                        f"fikk {_show(obj)}, som mangler {_and(missing)}.")


def _and(words) -> str:
    """«a, b og c» — en norsk opplisting."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]


def check_labels(y, who: str, n_classes: int | None = None) -> np.ndarray:
    """Klasseetiketter 0..K-1 med form (n,) (eller (n, 1)); gir en heltallsmatrise med form (n,)."""
    if y is None or isinstance(y, (str, bytes)):
        raise TypeError(f"{who} forventet klasseetiketter y som en matrise med heltall, men fikk {_show(y)}.")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim == 2:
        raise ValueError(f"{who} forventet etiketter med form (n,), men fikk {y.shape} — ser det ut som "
                         f"one-hot (én kolonne per klasse)? Bruk y.argmax(axis=1).")
    if y.ndim != 1:
        raise ValueError(f"{who} forventet etiketter med form (n,), men fikk {y.shape} — bruk y.ravel().")
    if y.dtype.kind == "b":
        return y.astype(np.int64)
    if y.dtype.kind == "f":
        if not np.all(np.isfinite(y)) or np.any(y != np.round(y)):
            bad = y[~np.isfinite(y) | (y != np.round(y))][0]
            raise ValueError(f"{who} forventet hele tall som klasseetiketter 0, 1, 2, …, men fant {bad!r} "
                             f"— etiketter er klassenumre, ikke sannsynligheter.")
        y = y.astype(np.int64)
    elif y.dtype.kind not in "iu":
        raise TypeError(f"{who} forventet heltall som klasseetiketter, men fikk dtype {y.dtype} "
                        f"— bruk y.astype(int) hvis verdiene er hele tall.")
    if y.size and (y.min() < 0 or (n_classes is not None and y.max() >= n_classes)):
        top = f"{n_classes - 1}" if n_classes is not None else "K-1"
        raise ValueError(f"{who} forventet etiketter fra 0 til {top} (én per kolonne i y_hat), men fikk "
                         f"verdier fra {y.min()} til {y.max()} — har siste Linear-lag like mange utdata "
                         f"som det finnes klasser?")
    return y


def check_probabilities(p: np.ndarray, who: str, hint: str) -> None:
    """Krev sannsynligheter i [0, 1] uten NaN."""
    # NaN gjør begge sammenligningene usanne, så NaN og ±inf fanges også her.
    if p.size and not (p.min() >= 0.0 and p.max() <= 1.0):
        if np.isnan(p).any():
            raise ValueError(f"{who} forventet sannsynligheter i [0, 1], men fikk NaN i "
                             f"{int(np.isnan(p).sum())} av {p.size} tall — {hint}")
        raise ValueError(
            f"{who} forventet sannsynligheter i [0, 1], men fikk verdier fra "
            f"{p.min():.3g} til {p.max():.3g} — {hint}"
        )


def prob_clip(dtype) -> tuple[float, float]:
    """Grensene (lav, høy) vi klipper sannsynligheter til før log, for hver dtype.

    Lav er 1e-12 (eller det minste normale tallet i dtype-en), høy er det største tallet
    under 1 som dtype-en kan lagre: i float32 blir 1 − 1e-12 lik 1, og log(1 − 1) = −inf.

    >>> prob_clip(np.float64)
    (1e-12, 0.999999999999)
    >>> float(np.float32(prob_clip(np.float32)[1])) < 1.0
    True
    """
    info = np.finfo(dtype)
    return max(1e-12, float(info.tiny)), 1.0 - max(1e-12, float(info.epsneg))


def check_values(values, name: str, who: str, *, integer: bool = False) -> list:
    """En ikke-tom liste med positive tall (heltall når `integer` er sann), for glidebrytere."""
    if values is None or isinstance(values, (str, bytes, dict)) or not np.iterable(values):
        raise TypeError(f"{who} forventet en liste med tall for {name}, men fikk {_show(values)}.")
    values = list(values)
    if not values:
        raise ValueError(f"{who} forventet minst én verdi i {name}, men fikk en tom liste — "
                         f"for eksempel {name}=[{'2, 8, 32' if integer else '0.01, 0.1, 0.5'}].")
    for v in values:
        (check_int(v, name, who, minimum=1) if integer else check_positive(v, name, who))
    return values


def checked_render(render, who: str):
    """`render` pakket inn så et svar som ikke er PNG-bytes gir en norsk feil."""
    check_callable(render, "render", who, "render=lambda lr: figure_png(fig)")

    def wrapped(*values):
        png = render(*values)
        if not isinstance(png, (bytes, bytearray, memoryview)):
            raise TypeError(f"{who} forventet at render{values} returnerer PNG-bytes (for eksempel fra "
                            f"figure_png(fig)), men fikk {_show(png)}.")
        return png

    return wrapped


def check_fraction(value, name: str, who: str, hint: str = "") -> float:
    """Krev et tall i [0, 1) (for eksempel β i momentum eller p i dropout)."""
    value = check_number(value, name, who, hint=hint)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{who} forventet {name} >= 0 og {name} < 1, men fikk {value!r}{hint or '.'}")
    return value
