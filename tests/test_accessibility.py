"""Universell utforming av nettstedet (WCAG 2.1 AA) på mobil og PC, i lys og mørk modus.

Nettstedet serveres fra 127.0.0.1 som i `test_site.py`, og sidene åpnes i systemets
Chromium. Testene sjekker det leseren merker:

- kapittelmenyen (☰) og «innhold på siden» åpnes med et trykk på en telefon (390×844)
  og et nettbrett, og ☰ skjuler menyen på PC (pydata-sphinx-theme issue #2451);
- ingen side er bredere enn telefonen (390 og 320 px), heller ikke søkevinduet;
- axe-core (fra npm, fast versjon, hentet av `_ext/bok_ressurser.py` før testene) finner
  0 brudd på WCAG 2.1 A/AA på hver side, i lys og mørk modus;
- glidebryterne har et navn og sier verdien på norsk («0,1»), formlene er ikke Tab-stopp,
  og tallet ved siden av en glidebryter kan ikke overstyres med tekst;
- hver side veier under målet (komprimert, første besøk), ikonene lastes én gang, og
  MathJax bare der det er matematikk;
- en norsk 404-side, søketreff uten rå LaTeX og utskrift med kapittelnummer i tittelen.

axe-core ligger i hurtigbufferen til `_ext/bok_ressurser.py` (`make test` henter den
først); testene laster aldri ned noe.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT
from test_site import (TIMEOUT_MS, _chapters_with_sliders, browser, site_pages, site_url,  # noqa: F401
                       wait_until_settled)

sys.path.insert(0, str(ROOT / "_ext"))
import bok_ressurser  # noqa: E402

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Skriptet som laster MathJax (i deler, se MATHJAX_COMPONENTS i _ext/bok_ressurser.py).
MATHJAX_SCRIPT = f"{bok_ressurser.MATHJAX.target}/{bok_ressurser.MATHJAX_SCRIPT}"

# Mål for vekten av en side ved første besøk (alt den henter, gzip-komprimert).
CHAPTER_LIMIT = 1_000_000
PLAIN_LIMIT = 300_000


def _pages(html_dir: Path) -> list[str]:
    """Sidene leseren kan åpne (index.html sender bare videre til forsiden)."""
    return [name for name in site_pages(html_dir) if name != "index.html"]


@pytest.fixture(scope="session")
def pages(built_site) -> list[str]:
    return _pages(built_site)


def new_page(browser, *, viewport=PHONE, dark=False, touch=None, media=None):  # noqa: F811
    """En fane med gitt skjerm. `touch` er standard på for telefon- og nettbrettbredder."""
    touch = viewport["width"] < 992 if touch is None else touch
    context = browser.new_context(viewport=viewport, locale="nb-NO", has_touch=touch, is_mobile=touch,
                                  color_scheme="dark" if dark else "light",
                                  device_scale_factor=2 if touch else 1)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors
    if media:
        page.emulate_media(media=media)
    return page


def goto(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    wait_until_settled(page)


def close(page) -> None:
    page.context.close()


# --- Kapittelmenyen og innholdet på siden ---------------------------------------------------


OPEN_DIALOGS_JS = """() => [...document.querySelectorAll("dialog[open]")].map((d) => ({
  id: d.id,
  links: [...d.querySelectorAll("a")].filter((a) => a.checkVisibility()).map((a) => a.textContent.trim()),
}))"""


def visible_toggle(page, kind: str):
    """Den synlige knappen for `kind` («primary» eller «secondary»); det skal være nøyaktig én."""
    buttons = page.locator(f".{kind}-toggle").filter(visible=True)
    assert buttons.count() == 1, f"{buttons.count()} synlige .{kind}-toggle-knapper (skal være én)"
    return buttons.first


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["telefon", "nettbrett"])
def test_chapter_menu_opens_by_tap(browser, site_url, viewport):
    page = new_page(browser, viewport=viewport)
    try:
        goto(page, f"{site_url}chapters/02-gradientnedstigning.html")
        visible_toggle(page, "primary").tap()
        page.wait_for_selector("#pst-primary-sidebar-modal[open]")
        dialogs = page.evaluate(OPEN_DIALOGS_JS)
        links = dialogs[0]["links"]
        assert any("Tapfunksjoner" in link for link in links), f"kapittelmenyen viser ikke kapitlene: {links}"
        assert any("MNIST" in link for link in links), links
        page.keyboard.press("Escape")
        page.wait_for_selector("#pst-primary-sidebar-modal[open]", state="detached")
        visible_toggle(page, "secondary").tap()
        page.wait_for_selector("#pst-secondary-sidebar-modal[open]")
        contents = page.evaluate(OPEN_DIALOGS_JS)[0]["links"]
        assert len(contents) >= 3, f"«Innhold på siden» er tomt: {contents}"
    finally:
        close(page)
    assert not page.errors


def test_menu_button_hides_the_sidebar_on_desktop(browser, site_url):
    page = new_page(browser, viewport=DESKTOP)
    try:
        goto(page, f"{site_url}chapters/01-tapfunksjoner.html")
        sidebar = page.locator("#pst-primary-sidebar")
        assert sidebar.is_visible()
        visible_toggle(page, "primary").click()
        page.wait_for_function("() => !document.querySelector('#pst-primary-sidebar').checkVisibility({visibilityProperty: true})")
        assert not page.locator("dialog[open]").count(), "☰ åpnet et vindu i stedet for å skjule menyen"
        visible_toggle(page, "primary").click()
        page.wait_for_function("() => document.querySelector('#pst-primary-sidebar').checkVisibility({visibilityProperty: true})")
    finally:
        close(page)
    assert not page.errors


# --- Bredde på telefon -------------------------------------------------------------------------


# På en telefon (is_mobile) gjør Chromium visningen bredere når innholdet er for bredt, så
# bredden sammenlignes med skjermen testen ba om, ikke med window.innerWidth.
WIDTH_JS = """(inner) => {
  const width = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const culprits = [];
  if (width > inner) {
    for (const e of document.querySelectorAll("body *")) {
      const r = e.getBoundingClientRect();
      if (r.right > inner + 1 && e.checkVisibility() && !e.closest("dialog:not([open])")) {
        let clipped = false;
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (s.overflowX !== "visible" && p.getBoundingClientRect().right <= inner + 1) { clipped = true; break; }
        }
        if (!clipped) culprits.push(`${e.tagName.toLowerCase()}.${[...e.classList].join(".")} ${Math.round(r.right)}px «${(e.textContent || "").trim().slice(0, 30)}»`);
      }
    }
  }
  return {width, inner, culprits: culprits.slice(0, 5)};
}"""


def page_widths(browser, site_url, names, viewport) -> dict[str, dict]:
    page = new_page(browser, viewport=viewport)
    result = {}
    try:
        for name in names:
            goto(page, site_url + name)
            result[name] = page.evaluate(WIDTH_JS, viewport["width"])
    finally:
        close(page)
    return result


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390px", "320px"])
def test_no_page_is_wider_than_the_phone(browser, site_url, pages, viewport):
    widths = page_widths(browser, site_url, pages, viewport)
    wide = {name: w for name, w in widths.items() if w["width"] > w["inner"]}
    assert not wide, "sider bredere enn skjermen:\n" + "\n".join(
        f"  {name}: {w['width']} px > {w['inner']} px: {w['culprits']}" for name, w in wide.items())


def test_search_dialog_fits_the_phone(browser, site_url):
    page = new_page(browser, viewport=PHONE)
    try:
        goto(page, f"{site_url}intro.html")
        page.locator(".search-button").filter(visible=True).first.tap()
        page.wait_for_selector("#pst-search-dialog[open]")
        box = page.locator("#pst-search-dialog").bounding_box()
        field = page.locator("#pst-search-dialog input[name=q]")
        assert field.evaluate("(e) => e === document.activeElement")
    finally:
        close(page)
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"søkevinduet står utenfor skjermen: {box}"


def test_wide_formulas_scroll_instead_of_being_cut(browser, site_url, pages):
    """En formel som er bredere enn telefonen, står i en boks som kan rulles sidelengs."""
    page = new_page(browser, viewport=PHONE)
    problems = []
    try:
        for name in [n for n in pages if n.startswith("chapters/")]:
            goto(page, site_url + name)
            problems += [f"{name}: {p}" for p in page.evaluate("""() => {
              const out = [];
              for (const m of document.querySelectorAll('mjx-container[display="true"]')) {
                if (m.scrollWidth <= m.clientWidth + 1 && m.getBoundingClientRect().right <= innerWidth + 1) continue;
                const s = getComputedStyle(m);
                if (!["auto", "scroll"].includes(s.overflowX)) out.push(m.textContent.slice(0, 40));
              }
              return out;
            }""")]
    finally:
        close(page)
    assert not problems, f"brede formler som ikke kan rulles: {problems}"


# --- axe-core ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def axe_source() -> str:
    folder = bok_ressurser.cached(bok_ressurser.AXE_CORE)
    if folder is None:
        message = "axe-core er ikke hentet: kjør `.venv/bin/python _ext/bok_ressurser.py` (make test gjør det)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return (folder / "axe.min.js").read_text(encoding="utf-8")


AXE_RUN_JS = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + " — " + (n.failureSummary || "").split("\\n").slice(1, 2).join("")).slice(0, 4),
    count: v.nodes.length}));
}"""


def axe_violations(page) -> list[dict]:
    page.add_script_tag(content=axe_source())
    return page.evaluate(AXE_RUN_JS, WCAG_TAGS)


@pytest.mark.parametrize("dark", [False, True], ids=["lys", "mørk"])
def test_axe_finds_no_wcag_violations(browser, site_url, pages, dark):
    page = new_page(browser, viewport=DESKTOP, dark=dark)
    found = {}
    try:
        for name in pages:
            goto(page, site_url + name)
            violations = axe_violations(page)
            if violations:
                found[name] = violations
    finally:
        close(page)
    total = sum(v["count"] for vs in found.values() for v in vs)
    assert not found, f"{total} brudd på WCAG 2.1 A/AA ({'mørk' if dark else 'lys'} modus):\n" + "\n".join(
        f"  {name}: {v['id']} ×{v['count']} ({v['help']}): {v['nodes']}" for name, vs in found.items() for v in vs)


def test_axe_phone_dark_chapter_with_explorer(browser, site_url):
    """Utforskeren og quizen på telefon i mørk modus (kontrasten sjekkes av axe)."""
    page = new_page(browser, viewport=PHONE, dark=True)
    try:
        goto(page, f"{site_url}chapters/03-flerlags-perceptron.html")
        violations = axe_violations(page)
    finally:
        close(page)
    assert not violations, violations


# --- Tastatur og skjermleser --------------------------------------------------------------------


TAB_STOPS_JS = """() => {
  const selector = "a[href], button, input, select, textarea, summary, [tabindex]";
  const stops = [...document.querySelectorAll(selector)].filter((e) =>
    !e.disabled && e.tabIndex >= 0 && e.checkVisibility({visibilityProperty: true}) && !e.closest("dialog:not([open]), [inert]"));
  return {total: stops.length, formulas: stops.filter((e) => e.closest("mjx-container")).length};
}"""


def tab_stops(page) -> dict:
    return page.evaluate(TAB_STOPS_JS)


def test_formulas_are_not_tab_stops(browser, site_url, pages):
    page = new_page(browser, viewport=DESKTOP)
    counts = {}
    try:
        for name in [n for n in pages if n.startswith("chapters/")]:
            goto(page, site_url + name)
            counts[name] = tab_stops(page)
    finally:
        close(page)
    assert all(c["formulas"] == 0 for c in counts.values()), counts


SLIDERS_JS = """() => [...document.querySelectorAll(".bok-utforsker-rad")].map((row) => {
  const handle = row.querySelector('input[type="range"]');
  const readout = row.querySelector(`output[for="${handle.id}"]`);
  const label = document.querySelector(`label[for="${handle.id}"]`);
  const name = handle.getAttribute("aria-label") || (label ? label.textContent.trim() : "");
  const box = row.getBoundingClientRect();
  return {name, valuetext: handle.getAttribute("aria-valuetext"), now: handle.value,
          readout: readout ? readout.textContent.trim() : "",
          editable: readout ? (readout.isContentEditable || readout.tabIndex >= 0) : false,
          tooltip: label?.getAttribute("title"), right: box.right, width: innerWidth};
})"""


def chapters_with_sliders(pages) -> list[str]:
    return [f"{name}.html" for name in _chapters_with_sliders() if f"{name}.html" in pages]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["pc", "telefon"])
def test_sliders_have_names_and_norwegian_values(browser, site_url, pages, viewport):
    page = new_page(browser, viewport=viewport)
    problems = []
    try:
        for name in chapters_with_sliders(pages):
            goto(page, site_url + name)
            sliders = page.evaluate(SLIDERS_JS)
            assert sliders, f"{name}: fant ingen glidebryter"
            for i, s in enumerate(sliders):
                if not s["name"]:
                    problems.append(f"{name}: glidebryter {i} har ikke noe tilgjengelig navn")
                if not s["valuetext"] or "." in s["valuetext"] or s["valuetext"] != s["readout"]:
                    problems.append(f"{name}: aria-valuetext={s['valuetext']!r}, avlesning {s['readout']!r}")
                if s["editable"]:
                    problems.append(f"{name}: tallet ved glidebryteren kan skrives i")
                if s["tooltip"] in ("null", "undefined"):
                    problems.append(f"{name}: verktøytipset er {s['tooltip']!r}")
                if s["right"] > s["width"] + 1:
                    problems.append(f"{name}: glidebryteren går {s['right'] - s['width']:.0f} px utenfor skjermen")
            # Flytt første glidebryter med tastaturet: verdien og avlesningen følger.
            handle = page.locator('.bok-utforsker input[type="range"]').first
            handle.focus()
            page.keyboard.press("End")
            page.wait_for_timeout(100)
            after = page.evaluate(SLIDERS_JS)[0]
            if after["valuetext"] != after["readout"]:
                problems.append(f"{name}: etter End sier skjermleseren {after['valuetext']!r}, avlesningen {after['readout']!r}")
    finally:
        close(page)
    assert not problems, "\n".join(problems)


# --- Figurene på telefonen -----------------------------------------------------------------------

FIGURE_TEXT_PX = 9  # tallene på aksene i en figur: minst så mange CSS-piksler høye på telefonen


def svg_tick_label_pt(svg: Path) -> float | None:
    """Den minste skriftstørrelsen (pt) for tallene på aksene i en SVG fra matplotlib.

    Matplotlib tegner teksten som glyfer i en gruppe `translate(x y) scale(s -s)` der
    s = skriftstørrelse / 100, inne i gruppene `xtick_N` og `ytick_N`.
    """
    import re
    import xml.etree.ElementTree as ET

    sizes = []

    def walk(node, in_tick):
        in_tick = in_tick or re.fullmatch(r"[xy]tick_\d+", node.get("id", "")) is not None
        found = re.search(r"scale\((-?[0-9.]+) -?[0-9.]+\)", node.get("transform", ""))
        if in_tick and found:
            sizes.append(abs(float(found.group(1))) * 100)
        for child in node:
            walk(child, in_tick)

    walk(ET.parse(svg).getroot(), False)
    return min(sizes) if sizes else None


FIGURES_JS = """() => [...document.querySelectorAll("div.cell_output > img")].map((img) => ({
  src: img.getAttribute("src"), alt: img.alt,
  width: img.getBoundingClientRect().width, natural: img.naturalWidth,
  right: img.getBoundingClientRect().right,
}))"""


def chapters_with_figures(built_site: Path, pages) -> list[str]:
    return [n for n in pages if n.startswith("chapters/")
            and '<div class="cell_output docutils container">\n<img' in (built_site / n).read_text(encoding="utf-8")]


def test_figures_are_vector_graphics(built_site, pages):
    """Figurene i kapitlene er SVG (mlfw.plot.book_style i oppsettcellen), ikke PNG som krymper."""
    raster = {}
    for name in chapters_with_figures(built_site, pages):
        html = (built_site / name).read_text(encoding="utf-8")
        found = re.findall(r'<div class="cell_output docutils container">\n<img alt="[^"]*" src="([^"]+)"', html)
        raster[name] = [src for src in found if not src.endswith(".svg")]
    assert chapters_with_figures(built_site, pages), "fant ingen figurer i kapitlene"
    assert not any(raster.values()), f"figurer som ikke er SVG: { {k: v for k, v in raster.items() if v} }"


def test_panels_of_one_figure_do_not_repeat_the_description(built_site, pages):
    """En figur med flere panel har beskrivelsen én gang (på panel 1), ikke én gang per panel."""
    import re

    repeated, numbered = [], 0
    for name in chapters_with_figures(built_site, pages):
        html = (built_site / name).read_text(encoding="utf-8")
        for block in re.findall(r'<div class="cell_output docutils container">(.*?)</div>', html, re.DOTALL):
            alts = re.findall(r'<img alt="([^"]*)"', block)
            if len(alts) > 1:
                numbered += 1
                if len(set(alts)) < len(alts) or not alts[0].startswith(f"Panel 1 av {len(alts)}: "):
                    repeated.append(f"{name}: {alts[0][:50]}…")
    assert numbered >= 10, f"fant bare {numbered} figurer med flere panel"
    assert not repeated, "\n".join(repeated)


def test_figure_text_is_readable_on_the_phone(browser, site_url, built_site, pages):
    """På en telefon (390 px) er tallene på aksene minst FIGURE_TEXT_PX høye, og figurer med
    flere panel står under hverandre i full bredde i stedet for å krympe."""
    small, checked = [], 0
    page = new_page(browser, viewport=PHONE)
    try:
        for name in chapters_with_figures(built_site, pages):
            goto(page, site_url + name)
            column = page.evaluate("() => document.querySelector('div.cell_output').getBoundingClientRect().width")
            for figure in page.evaluate(FIGURES_JS):
                if not figure["src"].endswith(".svg") or not figure["natural"]:
                    continue
                pt = svg_tick_label_pt((built_site / name).parent / figure["src"])
                if pt is None:  # en tegning uten akser (beregningsgrafen, matrisene)
                    continue
                checked += 1
                px = pt * 4 / 3 * figure["width"] / figure["natural"]
                if px < FIGURE_TEXT_PX or figure["right"] > PHONE["width"]:
                    small.append(f"{name} {figure['src'].rsplit('/', 1)[-1][:12]}: {px:.1f} px "
                                 f"({figure['width']:.0f} av {figure['natural']} px, spalten {column:.0f} px)")
    finally:
        close(page)
    assert checked >= 20, f"bare {checked} figurer med akser ble målt"
    assert not small, "figurtekst under {} px på telefonen:\n".format(FIGURE_TEXT_PX) + "\n".join(small)


def test_panels_sit_side_by_side_on_desktop_and_stack_on_the_phone(browser, site_url):
    """Figuren med to panel i kapittel 1 (mlfw.plot.panels): én rad på PC, to på telefonen."""
    rows = {}
    for label, viewport in (("pc", DESKTOP), ("telefon", PHONE)):
        page = new_page(browser, viewport=viewport)
        try:
            goto(page, site_url + "chapters/01-tapfunksjoner.html")
            tops = page.evaluate("""() => {
              const out = [...document.querySelectorAll("div.cell_output")].find((o) => o.querySelectorAll(":scope > img").length === 2);
              return [...out.querySelectorAll(":scope > img")].map((i) => Math.round(i.getBoundingClientRect().top));
            }""")
        finally:
            close(page)
        rows[label] = len(set(tops))
    assert rows == {"pc": 1, "telefon": 2}, rows


# --- Vekt ----------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _gzip_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix in (".woff2", ".woff", ".png", ".jpg", ".gif"):  # allerede komprimert
        return len(data)
    return len(gzip.compress(data, compresslevel=6))


def page_weight(browser, site_url, html_dir: Path, name: str) -> dict:
    """Alt siden henter ved første besøk: bytes komprimert, antall og hvilke filer."""
    page = new_page(browser, viewport=DESKTOP)
    urls = []
    page.on("requestfinished", lambda r: urls.append(r.url))
    try:
        goto(page, site_url + name)
        # Ikonene i menyene (skrifter lastes først når noe bruker dem).
        page.wait_for_load_state("networkidle")
    finally:
        close(page)
    files = []
    for url in dict.fromkeys(urls):
        path = unquote(urlsplit(url).path).lstrip("/")
        file = html_dir / path
        if url.startswith(site_url) and file.is_file():
            files.append((path, _gzip_size(file)))
    return {"bytes": sum(size for _, size in files), "files": files}


def _weights(browser, site_url, built_site, names) -> dict[str, dict]:
    return {name: page_weight(browser, site_url, built_site, name) for name in names}


def _too_heavy(weights: dict[str, dict], limit: int) -> list[str]:
    heavy = []
    for name, weight in weights.items():
        if weight["bytes"] > limit:
            biggest = [(p.rsplit("/", 1)[-1][:24], f"{s / 1000:.0f} kB")
                       for p, s in sorted(weight["files"], key=lambda f: -f[1])[:4]]
            heavy.append(f"{name}: {weight['bytes'] / 1000:.0f} kB > {limit / 1000:.0f} kB {biggest}")
    return heavy


def test_page_weight_is_under_the_goal(browser, site_url, built_site, pages):
    """Kapitlene (også de med utforskere) < 1 MB, andre sider < 300 kB (komprimert, første besøk)."""
    weights = _weights(browser, site_url, built_site, pages)
    for name, weight in weights.items():
        files = [path for path, _ in weight["files"]]
        assert not any(p.endswith("fontawesome.js") for p in files), f"{name}: ikonene lastes to ganger"
        assert not any(p.endswith((".woff2", ".ttf")) and "fontawesome" in p for p in files), \
            f"{name}: hele ikonskriften lastes (se _subset_icons i _ext/bok_tilgjengelig.py)"
        _check_no_widget_fonts(name, files)
    chapters = {n: w for n, w in weights.items() if n.startswith("chapters/")}
    others = {n: w for n, w in weights.items() if not n.startswith("chapters/")}
    assert set(chapters_with_sliders(pages)) <= set(chapters) and "ordliste.html" in others
    heavy = _too_heavy(chapters, CHAPTER_LIMIT) + _too_heavy(others, PLAIN_LIMIT)
    assert not heavy, "for tunge sider:\n" + "\n".join(heavy)


def test_explorer_fetches_its_other_pictures_when_touched(browser, site_url, pages):
    """Ved første besøk hentes bare bildet hver utforsker viser. Når leseren tar i den
    (her: Tab til glidebryteren), hentes resten, så byttet etterpå er øyeblikkelig."""
    page = new_page(browser, viewport=PHONE)
    pictures = []
    page.on("requestfinished", lambda r: pictures.append(r.url) if "/_images/utforsker/" in r.url else None)
    problems = []
    try:
        for name in chapters_with_sliders(pages):
            pictures.clear()
            goto(page, site_url + name)
            explorers = page.locator(".bok-utforsker").count()
            frames = page.locator(".bok-utforsker img").count()
            if len(set(pictures)) != explorers:
                problems.append(f"{name}: {len(set(pictures))} bilder hentet ved første besøk, "
                                f"skulle vært {explorers} (ett per utforsker av {frames})")
            page.locator('.bok-utforsker input[type="range"]').first.focus()
            page.wait_for_function("""() => [...document.querySelectorAll(".bok-utforsker img")]
              .every((img) => img.complete && img.naturalWidth > 0)""")
            if len(set(pictures)) != frames:
                problems.append(f"{name}: {len(set(pictures))} av {frames} bilder hentet etter fokus")
    finally:
        close(page)
    assert not problems, "\n".join(problems)


def _check_no_widget_fonts(name: str, files: list[str]) -> None:
    """Widget-manageren har Font Awesome 5 med seg (to skrifter på 155 kB), men utforskerne
    bruker ingen ikoner; knappene i temaet skal bruke temaets egne (små) ikonskrifter."""
    fonts = [p for p in files if HTML_MANAGER_DIR in p and p.endswith((".woff2", ".woff", ".ttf", ".eot", ".svg"))]
    assert not fonts, f"{name}: henter skriftene til widget-manageren: {fonts}"
    assert not any(p.endswith("/tex-mml-chtml.js") or "/ui/menu.js" in p for p in files), \
        f"{name}: laster hele MathJax (med menyen) i stedet for delene boka bruker"


HTML_MANAGER_DIR = bok_ressurser.HTML_MANAGER.target


def test_mathjax_only_on_pages_with_math(built_site, pages):
    wrong = []
    for name in pages:
        html = (built_site / name).read_text(encoding="utf-8")
        has_math = 'class="math' in html or "\\(" in html or "$$" in html
        if MATHJAX_SCRIPT in html and not has_math:
            wrong.append(name)
    assert not wrong, f"sider som laster MathJax uten å ha matematikk: {wrong}"


def test_formulas_are_typeset_with_mathml_for_screen_readers(browser, site_url):
    """MathJax lastes i deler (uten menyen): hver formel blir satt, og hver har MathML som
    skjermlesere leser (assistive-mml), uten feil og uten rå TeX igjen."""
    page = new_page(browser, viewport=DESKTOP)
    try:
        goto(page, site_url + "chapters/03-flerlags-perceptron.html")
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
        facts = page.evaluate("""() => ({
          math: document.querySelectorAll(".math").length,
          typeset: document.querySelectorAll(".math mjx-container").length,
          mathml: document.querySelectorAll(".math mjx-container mjx-assistive-mml math").length,
          errors: document.querySelectorAll("mjx-merror").length,
          raw: [...document.querySelectorAll(".math")].filter((m) => !m.querySelector("mjx-container")).length})""")
    finally:
        close(page)
    assert facts["math"] > 50, facts
    assert facts["raw"] == 0 and facts["errors"] == 0, facts
    assert facts["mathml"] == facts["typeset"] >= facts["math"], facts
    assert not page.errors, page.errors


def test_no_thebe_configuration_pointing_at_another_host(built_site, pages):
    found = [name for name in pages if "unpkg.com" in (built_site / name).read_text(encoding="utf-8")
             or "thebe" in (built_site / name).read_text(encoding="utf-8").lower()]
    assert not found, f"sider med sphinx-thebe-oppsett: {found}"


# --- 404, søk og utskrift -------------------------------------------------------------------------


def test_norwegian_404_page(browser, site_url, built_site):
    assert (built_site / "404.html").is_file(), "mangler 404.html"
    page = new_page(browser, viewport=PHONE)
    try:
        page.goto(f"{site_url}404.html", wait_until="networkidle")
        facts = page.evaluate("""() => ({lang: document.documentElement.lang, h1: document.querySelector("h1")?.textContent,
          home: [...document.querySelectorAll("main a, article a")].map((a) => a.href)})""")
        # Fra en undermappe (leseren skrev feil adresse i kapitlene/): lenkene virker likevel.
        page.goto(f"{site_url}404.html", wait_until="networkidle")
    finally:
        close(page)
    assert facts["lang"].startswith("nb")
    assert "finnes ikke" in facts["h1"].lower() or "fant ikke" in facts["h1"].lower(), facts["h1"]
    assert any(href.endswith("/intro.html") for href in facts["home"]), facts["home"]
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert 'href="/' in html or "<base" in html, "404-siden må bruke absolutte lenker (den vises på alle adresser)"


@pytest.mark.parametrize("query, expected", [
    ("læringsrate", "chapters/02-gradientnedstigning"),
    ("tilbakepropagering", "chapters/03-flerlags-perceptron"),
    ("gradient", "chapters/02-gradientnedstigning"),
])
def test_search_finds_the_right_page_first_without_latex(browser, site_url, query, expected):
    page = new_page(browser, viewport=DESKTOP)
    try:
        goto(page, f"{site_url}search.html?q={query}")
        page.wait_for_function("() => document.querySelectorAll('#search-results li p.context').length > 0"
                               " || document.querySelector('#search-results .search-summary')?.textContent")
        page.wait_for_timeout(300)
        results = page.evaluate("""() => [...document.querySelectorAll('#search-results li')].map((li) => ({
          href: li.querySelector('a').getAttribute('href'), text: li.querySelector('p.context')?.textContent || ''}))""")
    finally:
        close(page)
    assert results, f"ingen treff for «{query}»"
    assert results[0]["href"].startswith(expected), f"første treff for «{query}»: {[r['href'] for r in results[:4]]}"
    latex = [r["text"][:80] for r in results if "\\(" in r["text"] or "\\[" in r["text"] or "\\frac" in r["text"]]
    assert not latex, f"søketreff med rå LaTeX: {latex}"


def test_print_wraps_code_and_keeps_the_chapter_number(browser, site_url):
    page = new_page(browser, viewport=DESKTOP, media="print")
    try:
        goto(page, f"{site_url}chapters/02-gradientnedstigning.html")
        facts = page.evaluate("""() => ({
          h1: [...document.querySelectorAll("h1")].filter((h) => h.checkVisibility()).map((h) => h.textContent.trim()),
          pre: getComputedStyle(document.querySelector("article pre")).whiteSpace,
          wide: [...document.querySelectorAll("article pre")].filter((p) => p.scrollWidth > p.clientWidth + 1).length,
        })""")
    finally:
        close(page)
    assert facts["h1"] and facts["h1"][0].startswith("2"), f"utskriften mangler kapittelnummeret: {facts['h1']}"
    assert facts["pre"] in ("pre-wrap", "break-spaces"), facts
    assert facts["wide"] == 0, f"{facts['wide']} kodeblokker er kuttet i utskriften"


# --- Skjermbilder ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dark", [False, True], ids=["lys", "mørk"])
def test_phone_screenshots(browser, site_url, dark):
    """Skjermbilder på telefon til test-artifacts/screenshots/ (å se på, ikke å sammenligne)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    mode = "mork" if dark else "lys"
    page = new_page(browser, viewport=PHONE, dark=dark)
    try:
        for name in ("intro.html", "chapters/01-tapfunksjoner.html", "chapters/02-gradientnedstigning.html",
                     "chapters/03-flerlags-perceptron.html", "chapters/04-mnist.html"):
            goto(page, site_url + name)
            stem = name.replace("/", "__")[:-5]
            page.screenshot(path=str(SCREENSHOTS / f"telefon-{mode}-{stem}.png"))
            panels = page.locator("div.cell_output:has(> img + img) > img").first
            if panels.count():  # en figur med flere panel, under hverandre
                panels.scroll_into_view_if_needed()
                page.screenshot(path=str(SCREENSHOTS / f"telefon-{mode}-{stem}-figur.png"))
            explorer = page.locator(".bok-utforsker").first
            if explorer.count():
                explorer.scroll_into_view_if_needed()
                page.screenshot(path=str(SCREENSHOTS / f"telefon-{mode}-{stem}-utforsker.png"))
            quiz = page.locator(".mlfw-quiz").first
            if quiz.count():
                quiz.scroll_into_view_if_needed()
                page.screenshot(path=str(SCREENSHOTS / f"telefon-{mode}-{stem}-quiz.png"))
        goto(page, f"{site_url}chapters/02-gradientnedstigning.html")
        visible_toggle(page, "primary").tap()
        page.wait_for_selector("#pst-primary-sidebar-modal[open]")
        page.screenshot(path=str(SCREENSHOTS / f"telefon-{mode}-meny.png"))
    finally:
        close(page)
    assert not page.errors


# --- Malene som erstatter temaets ------------------------------------------------------------


@pytest.mark.parametrize("template, upstream_name", [
    ("sections/header.html", "sections/header.html"),
    ("static/webpack-macros.html", "static/webpack-macros.html"),
    # pydata-sphinx-theme slår opp komponentene ved navn i templates_path.
    ("search-button-field.html", "components/search-button-field.html"),
])
def test_overridden_templates_follow_the_installed_theme(template, upstream_name):
    """Hver linje i bokas kopi (utenom kommentaren øverst) står også i temaets mal.

    Kopiene tar bare bort noe (knappene i toppfeltet, fontawesome.js, aria-label). Oppdateres
    pydata-sphinx-theme, feiler denne, og kopien må lages på nytt fra den nye malen.
    """
    import pydata_sphinx_theme

    upstream = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / upstream_name
    ours = (ROOT / "_templates" / template).read_text(encoding="utf-8")
    body = ours.split("#}", 1)[1] if ours.startswith("{#-") else ours
    theirs = {line.strip() for line in upstream.read_text(encoding="utf-8").splitlines()}
    changed = {"search-button-field.html": ("<button", "<i class", '<span class="search-button__kbd')}
    extra = [line for line in body.splitlines() if line.strip() and line.strip() not in theirs
             and not line.strip().startswith(changed.get(Path(template).name, ("\0",)))]
    assert not extra, f"linjer i _templates/{template} som ikke står i temaets mal: {extra}"
