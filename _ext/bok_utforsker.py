"""Sphinx-utvidelse: utforskerne blir vanlig HTML på nettstedet, uten widget-manageren.

En utforsker i boka er en lagret `mlfw.widgets.ImageStack`: en VBox med én eller to
SelectionSlider-e og en Stack med ferdige bilder (HTML-widgeter med `<img>`), koblet med
`jslink`. I Jupyter er den ipywidgets. På nettstedet trengte den widget-manageren
(embed.js, 0,46 MB komprimert) og hadde alle bildene inne i sidens widget-tilstand, så
hele utforskeren ble hentet ved første besøk, også av den som aldri drar i en bryter.

Denne utvidelsen leser den lagrede tilstanden når siden skrives, og lager i stedet

- én `<input type="range">` per glidebryter, med `<label>`, verdien på norsk i
  `aria-valuetext` og en avlesning (`<output>`) som ikke kan skrives i;
- bildene som egne filer i `_images/utforsker/`, med alt-tekst, bredde og høyde. Bare
  bildet som vises, lastes med siden; resten hentes når leseren tar i utforskeren
  (`static/bok_utforsker.js`), og deretter bytter bildet like fort som før.

En side der alle widgetene ble gjort om, får verken widget-manageren eller
widget-tilstanden. En widget som ikke er en slik utforsker, blir stående som før, og da
beholder siden widget-manageren. PDF-en (LaTeX) bruker utskriftsformen til ImageStack
og berøres ikke.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import struct
from pathlib import Path

STATIC = "bok_utforsker"
STATE_TYPE = "application/vnd.jupyter.widget-state+json"
VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(\{.*?\})</script>')
# Bildene slik ImageStack._picture lager dem.
PICTURE = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"')


class NotAnExplorer(Exception):
    """Widgeten har ikke formen til en ImageStack; den vises med widget-manageren."""


def _ref(value) -> str:
    if not (isinstance(value, str) and value.startswith("IPY_MODEL_")):
        raise NotAnExplorer(value)
    return value[len("IPY_MODEL_"):]


def _model(models: dict, model_id: str, name: str) -> dict:
    model = models.get(model_id)
    if not model or model.get("model_name") != name:
        raise NotAnExplorer(model_id)
    return model["state"]


def read_explorer(models: dict, view_id: str) -> dict:
    """Glidebryterne og bildene i en lagret ImageStack, eller NotAnExplorer.

    Gir {"sliders": [{"id", "description", "labels", "index"}], "pictures": {indekser: (png, alt)}}.
    Koblingene (LinkModel) skal gå fra glidebryter nummer k sin `index` til `selected_index`
    i Stack-ene på nivå k, ellers er det ikke en utforsker denne utvidelsen kjenner.
    """
    box = _model(models, view_id, "VBoxModel")
    children = [_ref(c) for c in box.get("children", [])]
    if len(children) < 2:
        raise NotAnExplorer(view_id)
    sliders = []
    for child in children[:-1]:
        state = _model(models, child, "SelectionSliderModel")
        labels = state.get("_options_labels") or []
        index = state.get("index") or 0  # tilstand uten standardverdier: None betyr første
        if not labels or not isinstance(index, int) or not 0 <= index < len(labels):
            raise NotAnExplorer(child)
        sliders.append({"id": child, "description": str(state.get("description") or ""),
                        "labels": [str(label) for label in labels], "index": index})
    links = set()
    for model in models.values():
        if model.get("model_name") == "LinkModel":
            source, target = model["state"].get("source"), model["state"].get("target")
            if source and target and source[1] == "index" and target[1] == "selected_index":
                links.add((_ref(source[0]), _ref(target[0])))
    pictures: dict[tuple, tuple[bytes, str]] = {}

    def walk(stack_id: str, level: int, chosen: tuple) -> None:
        stack = _model(models, stack_id, "StackModel")
        slider = sliders[level]
        if (slider["id"], stack_id) not in links:
            raise NotAnExplorer(stack_id)
        kids = [_ref(c) for c in stack.get("children", [])]
        if len(kids) != len(slider["labels"]):
            raise NotAnExplorer(stack_id)
        for i, kid in enumerate(kids):
            if level + 1 < len(sliders):
                walk(kid, level + 1, (*chosen, i))
                continue
            found = PICTURE.match(_model(models, kid, "HTMLModel").get("value", ""))
            if not found:
                raise NotAnExplorer(kid)
            pictures[(*chosen, i)] = (base64.b64decode(found.group(1)), html.unescape(found.group(2)))

    walk(children[-1], 0, ())
    return {"sliders": sliders, "pictures": pictures}


def png_size(png: bytes) -> tuple[int, int]:
    """Bredde og høyde fra PNG-hodet (IHDR), så siden ikke hopper når bildet byttes."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise NotAnExplorer("ikke PNG")
    return struct.unpack(">II", png[16:24])


def render_explorer(explorer: dict, number: int, save) -> str:
    """HTML for én utforsker. `save(png)` lagrer et bilde og gir adressen det får."""
    sliders, pictures = explorer["sliders"], explorer["pictures"]
    start = tuple(s["index"] for s in sliders)
    rows = []
    for k, slider in enumerate(sliders):
        ident = f"bok-utforsker-{number}-{k}"
        value = slider["labels"][slider["index"]]
        labels = html.escape(json.dumps(slider["labels"], ensure_ascii=False), quote=True)
        rows.append(
            f'<div class="bok-utforsker-rad">'
            f'<label for="{ident}">{html.escape(slider["description"])}</label>'
            f'<input type="range" id="{ident}" min="0" max="{len(slider["labels"]) - 1}" step="1" '
            f'value="{slider["index"]}" aria-valuetext="{html.escape(value)}" data-verdier="{labels}" '
            f'autocomplete="off">'
            f'<output for="{ident}" aria-hidden="true">{html.escape(value)}</output></div>')
    images = []
    for indices in sorted(pictures):
        png, alt = pictures[indices]
        width, height = png_size(png)
        shown = indices == start
        extra = "" if shown else ' loading="lazy" hidden'
        images.append(f'<img src="{save(png)}" alt="{html.escape(alt)}" width="{width}" '
                      f'height="{height}" data-indeks="{",".join(map(str, indices))}"{extra}>')
    # Navnet på gruppen: det alt-tekstene har felles, foran innstillingene i parentes.
    name = pictures[start][1].rsplit(" (", 1)[0] or "Utforsker"
    return (f'<div class="bok-utforsker" role="group" aria-label="{html.escape(name)}">'
            f'<div class="bok-utforsker-brytere">{"".join(rows)}</div>'
            f'<div class="bok-utforsker-bilder">{"".join(images)}</div></div>')


def _state_script(scripts) -> tuple[object, dict] | tuple[None, None]:
    for script in scripts or []:
        attributes = getattr(script, "attributes", {}) or {}
        if attributes.get("type") == STATE_TYPE:
            return script, json.loads(attributes.get("body") or "{}").get("state", {})
    return None, None


def _convert_page(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts is None:
        return
    body = context.get("body") or ""
    state_script, models = _state_script(scripts)
    folder = Path(app.outdir) / "_images" / "utforsker"
    pathto = context["pathto"]

    def save(png: bytes) -> str:
        name = hashlib.sha256(png).hexdigest()[:20] + ".png"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        if not target.exists():
            target.write_bytes(png)
        return pathto(f"_images/utforsker/{name}", 1)

    converted = 0

    def replace(match) -> str:
        nonlocal converted
        try:
            explorer = read_explorer(models or {}, json.loads(match.group(1))["model_id"])
        except (NotAnExplorer, KeyError, ValueError, TypeError, IndexError):
            return match.group(0)
        converted += 1
        return render_explorer(explorer, converted, save)

    context["body"] = body = VIEW.sub(replace, body)
    if VIEW.search(body):
        return  # en widget som ikke er en utforsker: siden trenger widget-manageren
    # Ingen widgeter igjen: ut med tilstanden, widget-manageren og MathJax-broen dens.
    manager = {f"_static/{path}" for path in app.config.nb_ipywidgets_js}
    scripts[:] = [s for s in scripts
                  if s is not state_script
                  and (getattr(s, "filename", None) or "") not in manager
                  and not (getattr(s, "filename", None) or "").endswith("bok_widgets_mathjax.js")]
    if not converted:
        scripts[:] = [s for s in scripts if not (getattr(s, "filename", None) or "").endswith(f"{STATIC}.js")]


def setup(app):
    app.add_js_file(f"{STATIC}.js", priority=520)
    # Etter myst-nb (som legger inn widget-tilstanden og widget-manageren med prioritet 500).
    app.connect("html-page-context", _convert_page, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
