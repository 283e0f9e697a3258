"""Sphinx-utvidelse: universell utforming (WCAG 2.1 AA), mørk modus og lette sider.

- `static/bok_tilgjengelig.css` og `.js`: lange ord og kode brytes på telefon, brede
  formler kan rulles, utforskerne får plass og navn på glidebryterne, mørk modus for
  quizene, utforskerne og figurene, utskrift med hel kode og kapittelnummer i tittelen,
  og søketreff uten rå LaTeX.
- MathJax: kontekstmenyen (bare på engelsk) lastes ikke. Da er formlene heller ikke
  Tab-stopp; skjermlesere leser dem fortsatt (MathJax legger inn MathML for dem).
- sphinx-thebe (som Jupyter Book alltid tar med) er koblet fra: boka bruker ikke
  «kjør koden på siden», og oppsettet pekte på unpkg.com og et fremmed Binder-repo.
- Figurer med flere panel (`mlfw.plot.panels`, ett bilde per panel) har én alt-tekst i
  cellens metadata, som myst-nb gir hvert bilde. En skjermleser ville lest den samme lange
  beskrivelsen to eller tre ganger; nå står den på første panel («Panel 1 av 3: …»), og de
  andre sier bare hvilket panel de er.
- `404.html`: en norsk side for adresser som ikke finnes. Den kan vises på hvilken som
  helst adresse, så et lite skript setter `<base>` til bokas rot før noe annet lastes.

Malene i `_templates/` (header, søkeknappen, webpack-macros) hører til samme sak; se
kommentaren øverst i hver av dem.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

STATIC = "bok_tilgjengelig"


def _drop_thebe(app, config) -> None:
    """Koble fra sphinx-thebe: ingen skript, ingen CSS og ingen x-thebe-config i sidene."""
    for event in ("env-before-read-docs", "doctree-resolved"):
        for listener in list(app.events.listeners.get(event, [])):
            if getattr(listener.handler, "__module__", "") == "sphinx_thebe":
                app.disconnect(listener.id)
    app.registry.css_files = [(name, attrs) for name, attrs in app.registry.css_files
                              if name != "sphinx-thebe.css"]


def _mathjax_options(app) -> None:
    """MathJax uten kontekstmeny (og dermed uten Tab-stopp på hver formel).

    Menyen lastes ikke lenger (se MATHJAX_COMPONENTS i bok_ressurser.py); da er
    `enableMenu` en ukjent innstilling som MathJax advarer om i konsollen, så den fjernes.
    """
    config = dict(app.config.mathjax3_config or {})
    options = dict(config.get("options", {}))
    if "ui/menu" in config.get("loader", {}).get("load", ()):
        options["enableMenu"] = False
    else:
        options.pop("enableMenu", None)
    config["options"] = options
    app.config.mathjax3_config = config


def _has_math(body: str) -> bool:
    """Har siden selv matematikk (ikke bare sidene den har i innholdsfortegnelsen)?"""
    return 'class="math' in body or "\\(" in body or "$$" in body


def _strip_page_assets(app, pagename, templatename, context, doctree) -> None:
    """Fjern det sphinx-thebe la inn i <head>, og MathJax der siden ikke har matematikk.

    Sphinx tar med MathJax på en side når den eller en side i dens toctree har formler,
    så forsiden (som har hele boka i sin toctree) lastet MathJax uten å ha en formel.
    """
    scripts = context.get("script_files")
    if scripts:
        mathjax = app.config.mathjax_path
        no_math = not _has_math(context.get("body") or "")
        scripts[:] = [s for s in scripts
                      if "thebe" not in (getattr(s, "filename", None) or "")
                      and "THEBE_JS_URL" not in (getattr(s, "attributes", {}).get("body") or "")
                      and not (no_math and ((getattr(s, "filename", None) or "").endswith(mathjax)
                                            or "window.MathJax" in (getattr(s, "attributes", {}).get("body") or "")))]
    css = context.get("css_files")
    if css:
        css[:] = [c for c in css if "thebe" not in (getattr(c, "filename", None) or str(c))]


# Utdataene fra én celle: bildene står rett i div-en, så den slutter ved første </div>.
CELL_OUTPUT = re.compile(r'<div class="cell_output docutils container">.*?</div>', re.DOTALL)
IMG_ALT = re.compile(r'(<img alt=")([^"]*)(")')


def _panel_alt(match) -> str:
    """Én figur med flere panel: beskrivelsen på første panel, de andre sier hvilket de er."""
    block = match.group(0)
    alts = [alt for _, alt, _ in IMG_ALT.findall(block)]
    if len(alts) < 2 or len(set(alts)) != 1:
        return block
    count = len(alts)
    numbers = iter(range(1, count + 1))

    def number(found) -> str:
        k = next(numbers)
        text = f"Panel 1 av {count}: {found.group(2)}" if k == 1 else f"Panel {k} av {count}, beskrevet ved panel 1."
        return found.group(1) + text + found.group(3)

    return IMG_ALT.sub(number, block)


def _number_panels(app, pagename, templatename, context, doctree) -> None:
    if context.get("body"):
        context["body"] = CELL_OUTPUT.sub(_panel_alt, context["body"])


# Skriptet finner bokas rot ut fra adressen: den første delen av stien som er en mappe
# eller side i boka («chapters», «intro.html» …). På GitHub Pages for et prosjekt
# (bruker.github.io/repo/) er roten /repo/ også når resten av adressen er feil.
BASE_SCRIPT = """<script>(() => {
  const top = new Set(%s);
  const parts = location.pathname.split("/").filter(Boolean);
  let i = parts.findIndex((part) => top.has(part));
  if (i < 0) i = location.hostname.endsWith(".github.io") && parts.length > 1 ? 1 : 0;
  document.write('<base href="/' + parts.slice(0, i).map((p) => p + "/").join("") + '">');
})();</script>"""


def _page_404(app):
    """Den norske 404-siden (html-collect-pages), med temaets meny og knapper."""
    if app.builder.name != "html":
        return
    root = app.config.root_doc
    names = sorted({Path(doc).parts[0] + ("" if "/" in doc else ".html") for doc in app.env.found_docs}
                   | {"_static", "_images", "_sources", "search.html", "genindex.html", "404.html"})
    body = (
        '<section id="siden-finnes-ikke">\n<h1>Siden finnes ikke</h1>\n'
        "<p>Adressen du fulgte, finnes ikke i boka. Kanskje er siden flyttet, eller "
        "adressen har en skrivefeil.</p>\n"
        f'<ul>\n<li><a href="{root}.html">Gå til forsiden</a></li>\n'
        '<li><a href="search.html">Søk i boka</a></li>\n</ul>\n</section>\n'
    )
    context = {
        "title": "Siden finnes ikke",
        "body": body,
        "metatags": BASE_SCRIPT % json.dumps(names, ensure_ascii=False) + "\n"
                    + '<meta name="robots" content="noindex">\n',
        "display_toc": False,
    }
    yield ("404", context, "page.html")


FONT_FACES = {  # skriftfila i temaet: CSS-navnet og vekten i temaets @font-face
    "fa-solid-900": ("Font Awesome 6 Free", 900),
    "fa-regular-400": ("Font Awesome 6 Free", 400),
    "fa-brands-400": ("Font Awesome 6 Brands", 400),
}
ICON_CSS = "bok_ikoner.css"


def _icon_codepoints(outdir: Path) -> set[int]:
    """Tegnene for ikonklassene (fa-bars, fa-github …) som sidene og temaets skript bruker."""
    css = (outdir / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    used = set()
    for path in list(outdir.rglob("*.html")) + list((outdir / "_static" / "scripts").glob("*.js")):
        if "vendor" not in path.parts:
            used |= set(re.findall(r"\bfa-[a-z0-9-]+", path.read_text(encoding="utf-8", errors="ignore")))
    codepoints = set()
    for selectors, code in re.findall(r"([^{}]+)\{content:\"\\([0-9a-f]+)\"\}", css):
        names = {m for m in re.findall(r"\.(fa-[a-z0-9-]+):+before", selectors)}
        if names & used:
            codepoints.add(int(code, 16))
    # Ikonene temaene setter inn med CSS (admonisjoner, nedtrekk: --pst-icon-… og content:),
    # skrevet som tegn i Private Use Area eller som escape («\f107»).
    for sheet in (outdir / "_static").rglob("*.css"):
        if "vendor" in sheet.parts or sheet.name == ICON_CSS:
            continue
        text = sheet.read_text(encoding="utf-8", errors="ignore")
        codepoints |= {ord(c) for c in text if 0xE000 <= ord(c) <= 0xF8FF}
        if sheet.name != "pydata-sphinx-theme.css":  # der er escapene bare klassetabellen over
            codepoints |= {int(c, 16) for c in re.findall(r'content:\s*"\\([ef][0-9a-f]{3})"', text)}
    return codepoints


def _subset_icons(app, exception) -> None:
    """Ikonskriftene med bare ikonene boka bruker (≈ 5 kB i stedet for 300 kB).

    Temaet har hele Font Awesome som skrift (fa-solid 156 kB, fa-brands 117 kB) for et
    dusin ikoner. Her lages små utgaver (WOFF) med de samme tegnene, og `bok_ikoner.css`
    gir dem samme navn i @font-face; den siste regelen med samme navn og vekt vinner, så
    nettleseren henter aldri de store filene.
    """
    if exception is not None or app.builder.format != "html":
        return
    from fontTools import subset
    from fontTools.ttLib import TTFont

    outdir = Path(app.outdir)
    fonts = outdir / "_static" / "vendor" / "fontawesome" / "webfonts"
    codepoints = _icon_codepoints(outdir)
    rules = []
    for stem, (family, weight) in FONT_FACES.items():
        source = fonts / f"{stem}.ttf"
        if not source.is_file():
            continue
        font = TTFont(source)
        keep = codepoints & set(font.getBestCmap())
        if not keep:
            continue
        options = subset.Options()
        options.flavor = "woff"  # zlib; woff2 ville trengt brotli
        options.layout_features = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(keep))
        subsetter.subset(font)
        target = fonts / f"bok-{stem}.woff"
        font.flavor = "woff"
        font.save(target)
        rules.append(f'@font-face{{font-display:block;font-family:"{family}";font-style:normal;'
                     f'font-weight:{weight};src:url(vendor/fontawesome/webfonts/{target.name}) format("woff")}}')
    (outdir / "_static" / ICON_CSS).write_text(
        "/* Laget av _ext/bok_tilgjengelig.py: Font Awesome med bare ikonene boka bruker. */\n"
        + "\n".join(rules) + "\n", encoding="utf-8")


def setup(app):
    app.connect("config-inited", _drop_thebe)
    app.connect("builder-inited", _mathjax_options, priority=900)
    app.connect("html-page-context", _strip_page_assets, priority=900)
    app.connect("html-page-context", _number_panels, priority=900)
    app.connect("html-collect-pages", _page_404)
    app.connect("build-finished", _subset_icons)
    app.add_css_file(ICON_CSS, priority=150)  # etter temaets CSS (den står før alle andre)
    app.add_css_file(f"{STATIC}.css", priority=900)
    app.add_js_file(f"{STATIC}.js", priority=520)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
