"""Sphinx-utvidelse: JavaScript fra andre (MathJax, ipywidgets) serveres fra boka selv.

Uten denne henter hver side MathJax og widget-koden fra et CDN når leseren åpner den.
Her lastes de i stedet ned fra npm-registeret **når boka bygges**, med fast versjon og
sjekksum, og legges i `_build/html/_static/vendor/`. Da henter en side i boka ingenting
fra andre nettsteder.

- Nedlastingen gjøres med pooch og lagres i brukerens hurtigbuffer
  (`~/.cache/nevrale-nettverk/npm` på Linux). Neste bygging bruker fila derfra og
  trenger ikke nett. Et speil av npm-registeret kan settes med `npm_config_registry`,
  som for npm selv; sjekksummen er den samme.
- Sjekksummen er `dist.integrity` fra npm (sha512, base64). Ny versjon: kjør
  `npm view PAKKE@VERSJON dist.integrity` og bytt ut `version` og `integrity` under.
- Utvidelsen setter selv `mathjax_path` og `nb_ipywidgets_js`, så stiene og versjonene
  står bare her.
"""

from __future__ import annotations

import base64
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

VENDOR = "vendor"  # undermappe i _static


@dataclass(frozen=True)
class NpmPackage:
    """Én npm-pakke: navn, versjon, sjekksum og hvilke filer fra den som skal med."""

    name: str
    version: str
    integrity: str  # dist.integrity fra `npm view`, «sha512-<base64>»
    subdir: str  # mappe i pakken som kopieres
    patterns: tuple[str, ...] = ("**/*",)  # filer i `subdir` som kopieres

    @property
    def url(self) -> str:
        """Tarballen i npm-registeret, for eksempel …/mathjax/-/mathjax-3.2.2.tgz."""
        short = self.name.rsplit("/", 1)[-1]
        return f"{registry()}/{self.name}/-/{short}-{self.version}.tgz"

    @property
    def known_hash(self) -> str:
        """Sjekksummen i formen pooch vil ha: «sha512:<heks>»."""
        algorithm, digest = self.integrity.split("-", 1)
        return f"{algorithm}:{base64.b64decode(digest).hex()}"

    @property
    def stem(self) -> str:
        """Pakkenavnet uten npm-scope, med versjon: «html-manager-1.0.15»."""
        return f"{self.name.rsplit('/', 1)[-1]}-{self.version}"

    @property
    def target(self) -> str:
        """Mappa under `_static/` der filene havner, med versjonen i navnet."""
        return f"{VENDOR}/{self.stem}"


MATHJAX = NpmPackage(
    "mathjax", "3.2.2",
    "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
    # Hele es5-mappa: komponentene MathJax laster ved behov (utvidelser, fonter, meny)
    # må ligge ved siden av tex-mml-chtml.js.
    subdir="package/es5",
)
HTML_MANAGER = NpmPackage(
    # Versjonen som hører til ipywidgets 8 (myst-nb har 1.0.6 fra jsdelivr som standard).
    "@jupyter-widgets/html-manager", "1.0.15",
    "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
    subdir="package/dist",
    # embed.js er innbyggeren for de vanlige widgetene, uten RequireJS. Den finner fontene
    # sine i samme mappe som seg selv. (embed-amd.js trenger RequireJS og ville lett etter
    # fontene under sidens egen mappe.) Ikke kildekartet på 6 MB.
    patterns=("embed.js", "embed.js.LICENSE.txt", "*.woff2", "*.woff", "*.ttf", "*.eot", "*.svg"),
)
# MathJax lastes i deler i stedet for den samlede tex-mml-chtml.js (266 kB komprimert):
# startup.js henter bare TeX-inndata, CHTML-utdata og MathML for skjermlesere
# (assistive-mml), ≈ 165 kB. Det som mangler, er MathML-inndata (boka skriver TeX) og
# kontekstmenyen (108 kB, bare på engelsk, og den gjorde hver formel til et Tab-stopp).
# TeX-pakker utenom de vanlige (ams, newcommand …) hentes ved behov av autoload, som før.
MATHJAX_SCRIPT = "startup.js"
MATHJAX_COMPONENTS = ("input/tex", "output/chtml", "a11y/assistive-mml")
PACKAGES = (MATHJAX, HTML_MANAGER)
# axe-core kommer ikke med på nettstedet: nettlesertestene (tests/test_accessibility.py)
# legger axe.min.js inn i hver side og sjekker WCAG 2.1 A/AA. Den hentes sammen med de
# andre av `python _ext/bok_ressurser.py` (make test), så testene selv aldri går på nett.
AXE_CORE = NpmPackage(
    "axe-core", "4.14.1",
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    subdir="package",
    patterns=("axe.min.js", "LICENSE"),
)
TEST_PACKAGES = (AXE_CORE,)


def registry() -> str:
    """npm-registeret: som npm selv, fra miljøvariabelen npm_config_registry hvis den er satt."""
    for name in ("npm_config_registry", "NPM_CONFIG_REGISTRY"):
        if os.environ.get(name):
            return os.environ[name].rstrip("/")
    return "https://registry.npmjs.org"


def cache_dir() -> Path:
    """Hurtigbufferen for tarballene (pooch: brukerens cache-mappe, undermappe npm)."""
    import pooch

    return Path(pooch.os_cache("nevrale-nettverk")) / "npm"


def fetch(package: NpmPackage) -> Path:
    """Last ned og pakk ut `package` (bare første gang) og returner mappa `subdir`.

    pooch sjekker sha512-summen; stemmer den ikke, stopper byggingen med en feil.
    """
    import pooch

    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # pooch skriver på engelsk; byggeloggen sier nok
    try:
        pooch.retrieve(
            package.url,
            known_hash=package.known_hash,
            fname=f"{package.stem}.tgz",
            path=cache_dir(),
            processor=pooch.Untar(),
        )
    except ValueError as err:
        raise RuntimeError(
            f"Fila for {package.name}@{package.version} stemte ikke med sjekksummen i "
            f"_ext/bok_ressurser.py ({err}). Er versjonen endret uten at integrity ble "
            f"oppdatert? Kjør `npm view {package.name}@{package.version} dist.integrity`."
        ) from err
    except OSError as err:  # også nettverksfeil fra requests
        raise RuntimeError(
            f"Kunne ikke laste ned {package.url} ({err}). Første bygging trenger nett til "
            f"npm-registeret; etterpå bruker byggingen kopien i {cache_dir()}."
        ) from err
    finally:
        logger.setLevel(level)
    folder = cache_dir() / f"{package.stem}.tgz.untar" / package.subdir  # pooch.Untar pakker ut hit
    if not folder.is_dir():
        raise RuntimeError(f"Fant ikke {package.subdir} i tarballen for {package.name}.")
    return folder


def cached(package: NpmPackage) -> Path | None:
    """Mappa `subdir` fra en tarball som allerede er hentet, eller None (ingen nedlasting)."""
    folder = cache_dir() / f"{package.stem}.tgz.untar" / package.subdir
    return folder if folder.is_dir() else None


def install(package: NpmPackage, static_dir: Path) -> Path:
    """Kopier filene fra `package` til `static_dir`/`package.target` (hoppes over når de finnes)."""
    target = static_dir / package.target
    stamp, content = target / ".npm-integrity", f"{package.integrity} {' '.join(package.patterns)}"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == content:
        return target
    source = fetch(package)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    files = sorted({p for pattern in package.patterns for p in source.glob(pattern) if p.is_file()})
    if not files:
        raise RuntimeError(f"Ingen filer i {package.name} passet til {package.patterns}.")
    for file in files:
        destination = target / file.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, destination)
    stamp.write_text(content, encoding="utf-8")
    return target


def _configure(app, config) -> None:
    """Pek MathJax og widget-koden til kopiene i _static/vendor (stier relativt til _static)."""
    config.mathjax_path = f"{MATHJAX.target}/{MATHJAX_SCRIPT}"
    mathjax = dict(config.mathjax3_config or {})
    mathjax["loader"] = {**mathjax.get("loader", {}), "load": list(MATHJAX_COMPONENTS)}
    config.mathjax3_config = mathjax
    # Bare sider med lagrede widgeter som ikke er utforskere (dem gjør bok_utforsker.py om
    # til vanlig HTML) får denne; i dag har boka ingen slike. Uten RequireJS kan
    # innbyggeren bare vise ipywidgets sine egne widgeter, og det er de boka bruker; den
    # henter da ingenting annet. (En widget fra en annen pakke ville gitt en feil i konsollen, og testene
    # ville stoppet den.)
    config.nb_ipywidgets_js = {f"{HTML_MANAGER.target}/embed.js": {}}


def _fetch_early(app) -> None:
    """Hent pakkene før sidene skrives, så en nedlastingsfeil kommer tidlig."""
    if app.builder.format == "html":
        for package in PACKAGES:
            fetch(package)


def _copy(app, exception) -> None:
    """Legg filene i _static/vendor når HTML-byggingen er ferdig."""
    if exception is None and app.builder.format == "html":
        static_dir = Path(app.outdir) / "_static"
        for package in PACKAGES:
            install(package, static_dir)


def _dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    """Fjern skript og stilark som står to ganger i <head>.

    - Sphinx 7.4 legger skript uten fil (bare `body`) som en utvidelse registrerer etter at
      byggeren er startet, inn to ganger: én gang med filnavn None og én gang med "" (se
      `StandaloneHTMLBuilder.prepare_writing`). For sphinx-thebe ga det
      «Identifier 'THEBE_JS_URL' has already been declared» i nettleseren.
    - Jupyter Book legger selv hver .js- og .css-fil i `html_static_path` til sidene
      (prioritet 800). Filene i `_ext/static` er også lagt til av utvidelsen som bruker
      dem, med prioriteten den trenger; den første (utvidelsens) beholdes.
    """
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if not assets:
            continue
        seen, unique = set(), []
        for asset in sorted(assets, key=lambda a: getattr(a, "priority", 500)):
            attributes = getattr(asset, "attributes", {})
            name = (getattr(asset, "filename", asset) or "", attributes.get("body", ""),
                    tuple(sorted((k, v) for k, v in attributes.items() if k != "body")))
            if name not in seen:
                seen.add(name)
                unique.append(asset)
        assets[:] = [a for a in assets if any(a is u for u in unique)]


def setup(app):
    app.connect("config-inited", _configure)
    # MathJax.Hub-bro for widgetene; må være på plass før innbyggeren tegner dem.
    app.add_js_file("bok_widgets_mathjax.js", priority=510)
    app.connect("html-page-context", _dedupe_scripts, priority=100)
    app.connect("builder-inited", _fetch_early)
    app.connect("build-finished", _copy)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":  # `python _ext/bok_ressurser.py`: hent tarballene før testene (make test)
    for package in PACKAGES + TEST_PACKAGES:
        print(f"{package.stem}: {fetch(package)}")
