"""Sphinx-utvidelse: hele brukergrensesnittet i boka på bokmål.

Sphinx selv har en norsk katalog (`nb_NO`), men den mangler noen tekster («Link to this
heading», søketekster i JavaScript). sphinx-book-theme har bare en katalog som heter
`no`, som Sphinx aldri slår opp når `language` er `nb_NO`, og pydata-sphinx-theme har
ingen norsk katalog. Derfor har boka sine egne kataloger i `locale/nb_NO/LC_MESSAGES/`:

- `sphinx.po` — tekstene i domenet «sphinx»: Sphinx og pydata-sphinx-theme (temaet
  legger sine tekster i samme domene). `locale_dirs: [locale]` i `_config.yml` gjør at
  Sphinx leser den **før** sin egen katalog, og Sphinx lager `sphinx.mo` selv.
- `booktheme.po` — tekstene til sphinx-book-theme. Denne utvidelsen lager
  `booktheme.mo` og registrerer katalogen. Temaet fant ingen `nb_NO`-katalog selv, så
  vår blir den eneste (se `sphinx.locale.init`: en tom NullTranslations byttes ut).
- `sphinx.js` — tekstene JavaScript-en i søket bruker (`_static/translations.js`).
  Den lages her fra Sphinx' egen `sphinx.js` pluss `sphinx.po`.

`.mo`-filene og `sphinx.js` lages ved hver bygging og skal ikke sjekkes inn.
Kopier-knappen (sphinx-copybutton) og knappen i sammenleggbare bokser
(sphinx-togglebutton) har engelsk rett i JavaScript-en; `static/bok_norsk.js` gir dem
norske tekster. Tekster som står rett i temaenes maler, er oversatt i `_templates/`, og
myst-nb sine knapper for skjulte celler («Vis koden») lages av `_visit_hidden_cell`.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

LOCALE_DIR = "locale"


def _catalog_dir(app) -> Path:
    return Path(app.srcdir) / LOCALE_DIR / app.config.language / "LC_MESSAGES"


def _read_po(path: Path, language: str) -> dict[str, str]:
    """De oversatte meldingene i en .po-fil (uten tomme og «fuzzy»)."""
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        catalog = read_po(file, locale=language)
    return {
        message.id: message.string for message in catalog
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def _sphinx_js_messages(language: str) -> tuple[dict, str]:
    """Meldingene og flertallsregelen i Sphinx' egen sphinx.js for `language`."""
    import sphinx

    path = Path(sphinx.__file__).parent / "locale" / language / "LC_MESSAGES" / "sphinx.js"
    if not path.is_file():
        return {}, "(n != 1)"
    text = path.read_text(encoding="utf-8").strip()
    start, end = text.index("(") + 1, text.rindex(")")
    data = json.loads(text[start:end])
    return data["messages"], data.get("plural_expr", "(n != 1)")


def write_translations_js(catalog_dir: Path, language: str) -> Path:
    """Lag sphinx.js (blir `_static/translations.js`): Sphinx' tekster, overstyrt av sphinx.po."""
    messages, plural_expr = _sphinx_js_messages(language)
    messages = {key: value for key, value in messages.items() if value}  # tomme gir tom tekst
    messages.update(_read_po(catalog_dir / "sphinx.po", language))
    data = {"locale": language, "messages": dict(sorted(messages.items())), "plural_expr": plural_expr}
    target = catalog_dir / "sphinx.js"
    text = f"Documentation.addTranslations({json.dumps(data, ensure_ascii=False, indent=1)});\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def _absolute_locale_dirs(app, config) -> None:
    """Sphinx finner sphinx.js i `locale_dirs` relativt til arbeidsmappa; gjør stiene absolutte."""
    srcdir = Path(app.srcdir)
    config.locale_dirs = [str((srcdir / d).resolve()) for d in config.locale_dirs]


# myst-nb setter inn et engelsk ord for {type} i nb_code_prompt_show/-hide («Vis {type}»).
HIDDEN_PART = {"source": "koden", "output": "resultatet", "content": "cellen"}


def _norwegian_prompt(text: str) -> str:
    return re.sub(r"\b(source|output|content)\b", lambda m: HIDDEN_PART[m.group(1)], text)


def _visit_hidden_cell(self, node) -> None:
    """Som myst-nb sin visit_HideCellInput, men med norsk tekst og uten engelsk aria-label.

    myst-nb gir <summary> aria-label="Toggle hidden content"; uten den leser en skjermleser
    den synlige teksten («Vis koden»), og det er den som sier hva knappen gjør.
    """
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    for state, key in (("collapsed", "prompt_show"), ("expanded", "prompt_hide")):
        text = escape(_norwegian_prompt(node[key]))
        self.body.append(f'<p class="{state} admonition-title">{text}</p>\n')
    self.body.append("</summary>\n")


def _depart_hidden_cell(self, node) -> None:
    self.body.append("</details>\n")


def _write_root_redirect(app, exception) -> None:
    """Skriv index.html som sender leseren videre til forsiden, med norsk tekst og ikon.

    sphinx-external-toc skriver ellers bare `<meta http-equiv="Refresh" …>` (uten `lang`
    og uten ikon, så nettleseren ber om /favicon.ico). Den lar en index.html som finnes,
    være i fred, og denne kjører før den.
    """
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    target = f"{app.config.root_doc}.html"
    icon = ""
    if app.config.html_favicon and "://" not in app.config.html_favicon:
        icon = f'<link rel="icon" href="_static/{escape(Path(app.config.html_favicon).name)}">\n'
    title = escape(app.config.html_title or app.config.project)
    html = (
        f'<!DOCTYPE html>\n<html lang="{app.config.language.replace("_", "-")}">\n<head>\n'
        f'<meta charset="utf-8">\n<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{target}">\n{icon}<title>{title}</title>\n</head>\n'
        f'<body>\n<p><a href="{target}">Gå til forsiden av «{title}»</a></p>\n</body>\n</html>\n'
    )
    (Path(app.outdir) / "index.html").write_text(html, encoding="utf-8")


PDF_NAME = "nevrale-nettverk-fra-bunnen-av.pdf"  # tools/build_pdf.py legger den i roten av nettstedet


def _add_book_pdf_button(app, pagename, templatename, context, doctree):
    """«Last ned boka som PDF» i nedlastingsmenyen, etter temaets egne knapper for siden."""
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].append({
                "type": "link", "url": context["pathto"](PDF_NAME, 1),
                "text": "Hele boka (PDF)", "tooltip": "Last ned boka som PDF",
                "icon": "fas fa-file-pdf", "label": "download-book-pdf-button",
            })


def setup(app):
    from sphinx.util.i18n import CatalogInfo

    language = app.config.language
    if not language or language == "en":
        return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
    catalog_dir = _catalog_dir(app)
    if (catalog_dir / "booktheme.po").is_file():
        catalog = CatalogInfo(str(catalog_dir), "booktheme", "utf-8")
        if catalog.is_outdated():
            catalog.write_mo(language)
        app.add_message_catalog("booktheme", str(Path(app.srcdir) / LOCALE_DIR))
    if (catalog_dir / "sphinx.po").is_file():
        write_translations_js(catalog_dir, language)

    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell, _depart_hidden_cell))
    app.connect("config-inited", _absolute_locale_dirs)
    app.connect("html-page-context", _add_book_pdf_button, priority=600)  # etter temaets 500
    app.connect("build-finished", _write_root_redirect, priority=400)
    # Etter copybutton.js (prioritet 500), før sidene er ferdig lastet.
    app.add_js_file("bok_norsk.js", priority=510)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
