"""De engelske grensesnitt-tekstene temaene og utvidelsene kan skrive på en side.

Listen hentes fra pakkene selv, så den følger med når en pakke oppdateres:

- pydata-sphinx-theme: alle meldingene i `locale/sphinx.pot`;
- sphinx-book-theme: meldingene i katalogene under `static/locales/` og tekstene som
  sendes til `translation(...)` i Python-koden;
- tekster som står rett i malene til de to temaene (`title=`, `aria-label=`, `placeholder=`);
- sphinx-copybutton (engelske meldinger i `copybutton.js_t`), sphinx-togglebutton og
  myst-nb (knappetekstene og aria-label i HTML-en);
- Sphinx selv: tekstene fra grunntemaet og søket som kan havne på en side (listen under).

`phrases()` gjør hver melding om til biter uten plassholdere, for eksempel blir
«© Copyright %(copyright)s.» til «© Copyright».
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Sphinx (grunntemaet, overskriftslenker, register og søk i JavaScript).
SPHINX = [
    "Search", "Next", "Previous", "next", "previous", "Contents", "Skip to main content",
    "Link to this heading", "Link to this equation", "Link to this code", "Link to this table",
    "Link to this image", "Link to this definition", "Link to this term", "Permalink to this heading",
    "Index", "General Index", "Symbols", "Full index on one page", "Navigation", "Show Source",
    "Table of Contents", "Search Results", "Searching", "Preparing search...", "Hide Search Matches",
    "Search finished, found ${resultCount} page(s) matching the search query.",
    "Your search did not match any documents. Please make sure that all words are spelled "
    "correctly and that you've selected enough categories.",
    "Please activate JavaScript to enable the search functionality.",
]

# Ord som også er norske, og som derfor bare sjekkes utenfor selve teksten i kapitlene.
NORWEGIAN_HOMOGRAPHS = {"By"}

# Navn som står likt på norsk.
NAMES = {"Sphinx", "PyData Sphinx Theme", "Sphinx Book Theme"}

# Plassholdere og HTML-merker deler en melding i biter.
_PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\$\{[^}]*\}|\{[^}]*\}|&#?\w+;|<[^>]*>")


def _package_dir(name: str) -> Path:
    return Path(importlib.import_module(name).__file__).parent


def _msgids(path: Path) -> list[str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        return [m.id for m in read_po(file) if m.id and isinstance(m.id, str)]


def _translations() -> dict[str, str]:
    """Bokas egne oversettelser; en melding som er lik på norsk, er ikke engelsk tekst."""
    from babel.messages.pofile import read_po

    result = {}
    for path in (ROOT / "locale" / "nb_NO" / "LC_MESSAGES").glob("*.po"):
        with path.open("rb") as file:
            result.update({m.id: m.string for m in read_po(file) if m.id and m.string})
    return result


def english_messages() -> dict[str, str]:
    """{engelsk melding: hvor den kommer fra}."""
    found: dict[str, str] = {}

    def add(messages, source):
        for message in messages:
            found.setdefault(message.strip(), source)

    pydata = _package_dir("pydata_sphinx_theme")
    add(_msgids(pydata / "locale" / "sphinx.pot"), "pydata-sphinx-theme")

    book = _package_dir("sphinx_book_theme")
    for po in sorted((book / "theme" / "sphinx_book_theme" / "static" / "locales").glob("*/LC_MESSAGES/*.po")):
        add(_msgids(po), "sphinx-book-theme")
    for py in sorted(book.rglob("*.py")):
        add(re.findall(r"""translat\w*\(\s*["']([^"']+)["']\s*\)""", py.read_text(encoding="utf-8")),
            "sphinx-book-theme")

    attribute = re.compile(r'(?:title|aria-label|placeholder)="([A-Za-z][^"{}]*)"')
    for theme in (pydata / "theme", book / "theme"):
        for template in sorted(theme.rglob("*.html")):
            add(attribute.findall(template.read_text(encoding="utf-8")), f"mal i {theme.parent.name}")

    copybutton = (_package_dir("sphinx_copybutton") / "_static" / "copybutton.js_t").read_text(encoding="utf-8")
    english = re.search(r"'en'\s*:\s*\{(.*?)\}", copybutton, re.S).group(1)
    add(re.findall(r":\s*'([^']+)'", english), "sphinx-copybutton")

    toggle = _package_dir("sphinx_togglebutton")
    add(["Click to show", "Click to hide"], "sphinx-togglebutton")
    for js in sorted(toggle.rglob("*.js")):
        add(attribute.findall(js.read_text(encoding="utf-8")), "sphinx-togglebutton")

    from myst_nb.core.config import NbParserConfig

    config = NbParserConfig()
    add([config.code_prompt_show, config.code_prompt_hide], "myst-nb")
    add(attribute.findall((_package_dir("myst_nb") / "sphinx_.py").read_text(encoding="utf-8")), "myst-nb")

    add(SPHINX, "Sphinx")

    same_in_norwegian = {m for m, t in _translations().items() if m == t}
    return {m: s for m, s in found.items() if m and m not in same_in_norwegian}


def _chunks(message: str) -> list[str]:
    """Bitene av en melding mellom plassholderne, uten tegn i endene."""
    parts = (part.strip(" \n\t.…:,;!?()") for part in _PLACEHOLDER.split(message))
    return [" ".join(part.split()) for part in parts if sum(ch.isalpha() for ch in part) >= 2]


@lru_cache(maxsize=1)
def phrases() -> dict[str, str]:
    """{engelsk frase: meldingen den kommer fra}, for søk i tekst på sidene."""
    result = {}
    for message, source in english_messages().items():
        for chunk in _chunks(message):
            if chunk not in NAMES:
                result.setdefault(chunk, f"«{message}» ({source})")
    return result


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    alternatives = sorted(phrases(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w-])")


def find_english(text: str, *, in_article: bool = False) -> list[str]:
    """De engelske frasene i `text` (hele ord, store og små bokstaver som i meldingen)."""
    hits = _pattern().findall(text)
    if in_article:
        hits = [hit for hit in hits if hit not in NORWEGIAN_HOMOGRAPHS]
    return hits
