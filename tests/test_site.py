"""Det bygde nettstedet, side for side, i en ekte nettleser (Chromium med Playwright).

Nettstedet serveres fra en lokal tjener på 127.0.0.1, og hver HTML-side i byggingen
åpnes én gang. For hver side sjekkes det at

- ingenting hentes fra andre vertsnavn enn den lokale tjeneren (og ingen lokal fil mangler);
- nettleserkonsollen ikke har feil, og ingen JavaScript-feil stopper siden;
- `lang` er bokmål, det er nøyaktig én synlig `h1`, og hvert bilde i innholdet har en
  tekst som sier hva det viser (ikke filnavnet);
- matematikken er satt av MathJax, uten feil;
- ingen engelsk tekst fra temaene er igjen, verken som tekst eller i aria-label, title,
  placeholder og lignende (listen kommer fra pakkene, se `ui_strings.py`).

Kapittelsidene fotograferes til test-artifacts/screenshots/. Testene for
utforskerne flytter en glidebryter og sjekker at bildet byttes. Nettleseren er
systemets Chromium (installeres av .ci/run); Playwright laster aldri ned noen nettleser.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import ROOT, require_tool
from ui_strings import find_english, phrases

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
TIMEOUT_MS = 30_000
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
SKIP_DIRS = {"_static", "_sources", "_images"}

# Tekst her er ikke grensesnitt: kode, utdata fra celler, matematikk og engelske fagord
# (de står i kursiv, se CONTRIBUTING.md), og utdragene i søketreffene (tekst fra sidene, der
# kode som `repository` står som ren tekst; sidene selv sjekkes hver for seg).
COLLECT_TEXT_JS = """() => {
  const skip = "script, style, template, pre, code, kbd, samp, mjx-container, .cell_output, .output, article em, article i, #search-results p.context";
  const attributes = ["aria-label", "title", "placeholder", "alt", "data-tooltip", "data-bs-title",
                      "data-bs-original-title", "aria-description", "aria-roledescription", "aria-placeholder"];
  const texts = [[document.title, false]];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip) || !node.textContent.trim()) continue;
    texts.push([node.textContent, !!parent.closest("article")]);
  }
  for (const element of document.querySelectorAll("*")) {
    if (element.closest("pre, code")) continue;
    for (const name of attributes) {
      const value = element.getAttribute(name);
      if (value && value.trim()) texts.push([value, false]);
    }
    if (element.matches("input[type=button], input[type=submit], input[type=reset]") && element.value)
      texts.push([element.value, false]);
  }
  // Tekster som JavaScript viser først når leseren gjør noe (kopier-knappen, sammenleggbare bokser).
  if (typeof messages !== "undefined" && typeof locale !== "undefined")
    for (const text of Object.values(messages[locale])) texts.push([text, false]);
  if (typeof toggleHintShow !== "undefined") texts.push([toggleHintShow, false], [toggleHintHide, false]);
  return texts;
}"""

PAGE_FACTS_JS = """() => {
  const visible = (e) => e.checkVisibility();
  const main = document.querySelector("#main-content") || document.body;
  return {
    lang: document.documentElement.getAttribute("lang") || "",
    h1: [...document.querySelectorAll("h1")].filter(visible).map((h) => h.textContent.trim()),
    math: document.querySelectorAll(".math").length,
    mathjax: document.querySelectorAll("mjx-container").length,
    mathErrors: [...document.querySelectorAll("mjx-merror")].map((e) => e.textContent).slice(0, 5),
    widgetErrors: [...document.querySelectorAll(".widget-subarea")].map((e) => e.textContent)
      .filter((t) => t.includes("Error displaying widget")).length,
    images: [...main.querySelectorAll("img")].map((img) => ({
      src: img.getAttribute("src") || "",
      alt: img.getAttribute("alt"),
      title: img.getAttribute("title"),
      label: img.getAttribute("aria-label"),
      widget: img.classList.contains("widget-image"),
    })),
  };
}"""


@dataclass
class Visit:
    """Det som skjedde da én side ble åpnet."""

    url: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    texts: list = field(default_factory=list)


# --- Tjener, nettleser og sider ---------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # ingen linje per forespørsel i testutskriften
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # nettleseren avbryter av og til en nedlasting
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(built_site):
    """Adressen til en lokal tjener (127.0.0.1, ledig port) for det bygde nettstedet."""
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


_RUNNING: list = []  # nettleseren som kjører; test_accessibility.py bruker samme fikstur


@pytest.fixture(scope="session")
def browser():
    """Systemets Chromium, startet én gang. Playwright laster ikke ned noen nettleser.

    Fiksturen importeres også av test_accessibility.py, og pytest lager da én per modul;
    Playwright tåler bare én sync_playwright om gangen, så den andre bruker den første.
    """
    executable = require_tool("chromium")
    if _RUNNING:
        yield _RUNNING[0]
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, timeout=TIMEOUT_MS)
        _RUNNING.append(chromium)
        try:
            yield chromium
        finally:
            _RUNNING.clear()
            chromium.close()


def site_pages(html_dir: Path) -> list[str]:
    """Alle HTML-sider i byggingen (relative stier), også search.html og genindex.html."""
    return sorted(
        p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
        if not SKIP_DIRS & set(p.relative_to(html_dir).parts)
    )


def search_index_docnames(html_dir: Path) -> list[str]:
    """Sidene søkeindeksen kjenner (alle sidene fra innholdsfortegnelsen)."""
    text = (html_dir / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1: text.rindex(")")])
    return data["docnames"]


def is_chapter(name: str) -> bool:
    return name.startswith("chapters/")


def open_page(browser, url: str):
    """Åpne `url` i en ny fane som logger forespørsler og feil. Returnerer (fane, Visit)."""
    visit = Visit(url)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nb-NO")
    page.set_default_timeout(TIMEOUT_MS)

    def on_request(request):
        visit.requests.append(request.url)
        scheme = urlsplit(request.url).scheme
        if scheme in ("http", "https", "ws", "wss") and not request.url.startswith(origin + "/"):
            visit.foreign.append(request.url)

    page.on("request", on_request)
    page.on("websocket", lambda ws: visit.foreign.append(ws.url))
    page.on("response", lambda r: visit.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    # ERR_ABORTED er en nedlasting nettleseren selv avbrøt (for eksempel når index.html
    # sender videre til forsiden), ikke en fil som mangler.
    page.on("requestfailed", lambda r: visit.failed.append(f"{r.failure} {r.url}")
            if "ERR_ABORTED" not in (r.failure or "") else None)
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    try:
        page.goto(url, wait_until="networkidle")
        wait_until_settled(page)
    except Exception:
        page.close()
        raise
    return page, visit


def wait_until_settled(page) -> None:
    """Vent til MathJax har satt all matematikk og widgetene er tegnet, og nettet er stille."""
    page.evaluate("() => window.MathJax?.startup?.promise?.then(() => true) ?? true")
    page.wait_for_function("""() => {
      const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
      const areas = [...document.querySelectorAll(".widget-subarea")];
      return areas.length >= views && areas.every((area) => area.childElementCount > 0);
    }""")
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="session")
def visits(browser, site_url, built_site) -> dict[str, Visit]:
    """Hver side åpnet én gang; kapittelsidene fotografert til test-artifacts/screenshots/."""
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    from playwright.sync_api import Error as PlaywrightError

    result = {}
    for name in site_pages(built_site):
        page, visit = None, Visit(site_url + name)
        try:
            page, visit = open_page(browser, site_url + name)
            visit.facts = page.evaluate(PAGE_FACTS_JS)
            visit.texts = page.evaluate(COLLECT_TEXT_JS)
            if is_chapter(name):
                page.screenshot(path=str(SCREENSHOTS / (name.replace("/", "__")[:-5] + ".png")), full_page=True)
        except PlaywrightError as error:  # én side som henger, skal ikke skjule resultatene for de andre
            visit.page_errors.append(f"siden kunne ikke åpnes og sjekkes: {error.message.splitlines()[0]}")
            visit.facts = visit.facts or {"lang": "", "h1": [], "math": 0, "mathjax": 0, "mathErrors": [],
                                          "widgetErrors": 0, "images": []}
        finally:
            if page is not None:
                page.close()
        result[name] = visit
    return result


# --- Alle sider --------------------------------------------------------------------------


def test_every_page_of_the_toc_is_visited(visits, built_site):
    docnames = search_index_docnames(built_site)
    missing = [d for d in docnames if f"{d}.html" not in visits]
    assert not missing, f"sider i søkeindeksen som ikke ble åpnet: {missing}"
    assert {"search.html", "genindex.html"} <= set(visits)


def test_no_page_loads_anything_from_another_host(visits):
    foreign = {name: v.foreign for name, v in visits.items() if v.foreign}
    assert not foreign, (
        "sider som henter noe fra andre nettsteder (skal ligge i byggingen, se "
        f"_ext/bok_ressurser.py): {foreign}"
    )


def test_no_local_file_is_missing(visits):
    failed = {name: v.failed for name, v in visits.items() if v.failed}
    assert not failed, f"forespørsler som feilet: {failed}"


def test_no_console_errors_or_page_errors(visits):
    errors = {name: v.console_errors + v.page_errors for name, v in visits.items()
              if v.console_errors or v.page_errors}
    assert not errors, f"feil i nettleserkonsollen: {errors}"


def test_language_is_norwegian_bokmal(visits):
    wrong = {name: v.facts["lang"] for name, v in visits.items() if not v.facts["lang"].startswith("nb")}
    assert not wrong, f"sider uten lang=\"nb-NO\": {wrong}"


def test_exactly_one_visible_h1_per_page(visits):
    wrong = {name: v.facts["h1"] for name, v in visits.items() if len(v.facts["h1"]) != 1}
    assert not wrong, f"sider uten nøyaktig én synlig h1: {wrong}"


_FILE_LIKE = re.compile(r"(^|/)[\w.-]+\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)


def _describes_image(image: dict) -> bool:
    """Har bildet en tekst (alt, aria-label eller title) som ikke bare er filnavnet?"""
    texts = [(image.get(key) or "").strip() for key in ("alt", "label", "title")]
    text = next((t for t in texts if t), "")
    return bool(text) and not _FILE_LIKE.search(text) and text != image["src"]


def test_every_image_in_the_content_says_what_it_shows(visits):
    problems = {}
    for name, visit in visits.items():
        missing = [image for image in visit.facts["images"] if not _describes_image(image)]
        figures = [image["src"].rsplit("/", 1)[-1][:12] + "…" for image in missing if not image["widget"]]
        widgets = sum(image["widget"] for image in missing)
        if figures:
            problems.setdefault(name, []).append(
                f"{len(figures)} figur(er) uten alt-tekst ({', '.join(figures)}): gi kodecellen "
                'metadata {"mystnb": {"image": {"alt": "Hva figuren viser"}}}')
        if widgets:
            problems.setdefault(name, []).append(
                f"{widgets} widget-bilde(r) uten tekst: ipywidgets.Image har ingen alt-tekst (og tooltip= "
                "får HTML-manageren til å feile), så vis bildet med widgets.HTML('<img alt=\"Hva bildet viser\" "
                "src=\"data:image/png;base64,…\">')")
    assert not problems, "bilder som ikke sier hva de viser:\n" + "\n".join(
        f"  {name}: {problem}" for name, found in problems.items() for problem in found)


def test_math_is_typeset_by_mathjax(visits):
    with_math = {name: v for name, v in visits.items() if v.facts["math"]}
    for name, visit in with_math.items():
        assert visit.facts["mathjax"] > 0, f"{name}: matematikk som MathJax ikke har satt"
        assert not visit.facts["mathErrors"], f"{name}: feil i matematikken: {visit.facts['mathErrors']}"
    if not with_math:
        pytest.skip("ingen side har matematikk ennå")


def test_widgets_render_without_errors(visits):
    broken = {name: v.facts["widgetErrors"] for name, v in visits.items() if v.facts["widgetErrors"]}
    assert not broken, f"widgeter som ikke kunne vises: {broken}"


def test_no_english_interface_text(visits):
    assert len(phrases()) > 50, "fant for få engelske tekster i temaene — er ui_strings.py ødelagt?"
    english = {}
    for name, visit in visits.items():
        hits = sorted({hit for text, in_article in visit.texts for hit in find_english(text, in_article=in_article)})
        if hits:
            english[name] = {hit: phrases()[hit] for hit in hits}
    assert not english, (
        "engelsk tekst på sidene (oversett i locale/nb_NO/LC_MESSAGES/*.po, _templates/ eller "
        "_ext/static/bok_norsk.js): " + json.dumps(english, ensure_ascii=False, indent=1)
    )


def test_english_phrases_are_recognised():
    assert find_english("Skip to main content") == ["Skip to main content"]
    assert find_english("© Copyright 2026.") == ["© Copyright"]
    assert find_english("ValueError: Searching …") == ["Searching"]
    assert find_english("Lenke til denne overskriften. Søk i boka …") == []
    assert find_english("By og land", in_article=True) == [] and find_english("By Ola") == ["By"]


def test_screenshots_of_every_chapter(visits):
    chapters = [name for name in visits if is_chapter(name)]
    for name in chapters:
        shot = SCREENSHOTS / (name.replace("/", "__")[:-5] + ".png")
        assert shot.is_file() and shot.stat().st_size > 10_000, f"mangler skjermbilde av {name}"


# --- Søk ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query, hits", [("nettverk", True), ("xqzvwk", False)])
def test_search_results_page_is_norwegian(browser, site_url, query, hits):
    page, visit = open_page(browser, f"{site_url}search.html?q={query}")
    try:
        # Søket er ferdig når overskriften ikke lenger er «Søker» (Sphinx' searchtools.js).
        page.wait_for_function("() => typeof Search !== 'undefined' && Search.title && Search.title.textContent !== Documentation.gettext('Searching')")
        summary = page.locator("#search-results .search-summary").inner_text()
        found = page.locator("#search-results li").count()
        texts = page.evaluate(COLLECT_TEXT_JS)
    finally:
        page.close()
    assert (found > 0) == hits, f"søket etter «{query}» ga {found} treff"
    english = sorted({hit for text, _ in texts for hit in find_english(text)})
    assert not english, f"engelsk tekst på søkesiden: {english}"
    assert summary.strip(), "søkesiden sier ikke hvordan søket gikk (mangler oversettelsen i translations.js?)"
    assert not (visit.foreign or visit.console_errors or visit.page_errors)


# --- Utforskerne (widgeter) ----------------------------------------------------------------


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return files


def _chapters_with_sliders() -> list[str]:
    """Kapitlene i innholdsfortegnelsen med lagrede widgeter som har en glidebryter."""
    result = []
    for name in _toc_files():
        path = ROOT / f"{name}.ipynb"
        if not path.is_file():
            continue
        state = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("widgets", {})
        models = state.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
        if any("Slider" in model.get("model_name", "") for model in models.values()):
            result.append(name)
    return result


SLIDER = ".bok-utforsker input[type=range]"


def move_slider_and_watch_image(page, index: int = 0) -> tuple[str, str, str, str]:
    """Flytt glidebryter nummer `index` ett steg med piltastene og se hva som skjer.

    Utforskerne er vanlige `input[type=range]` i `.bok-utforsker` (_ext/bok_utforsker.py).
    Flytter glidebryteren med høyre piltast (venstre hvis den står helt til høyre), og
    returnerer (bilde før, bilde etter, avlesning før, avlesning etter) for det synlige
    bildet i samme utforsker.
    """
    handle = page.locator(SLIDER).nth(index)
    handle.scroll_into_view_if_needed()
    area = handle.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' bok-utforsker ')][1]")
    visible_image = """(area) => {
      const images = [...area.querySelectorAll("img")].filter((img) => img.checkVisibility());
      return images.length === 1 && images[0].complete && images[0].naturalWidth > 0 ? images[0].src : "";
    }"""
    readout = page.locator(f'output[for="{handle.get_attribute("id")}"]')
    before, text_before = area.evaluate(visible_image), readout.inner_text()
    at_max = handle.input_value() == handle.get_attribute("max")
    handle.focus()
    page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    page.wait_for_function(f"(area) => !['', {json.dumps(before)}].includes(({visible_image})(area))",
                           arg=area.element_handle())
    return before, area.evaluate(visible_image), text_before, readout.inner_text()


@pytest.mark.parametrize("chapter", _chapters_with_sliders())
def test_moving_a_slider_changes_the_picture(browser, site_url, chapter):
    """Hver glidebryter i utforskeren (læringsrate; skjult lag og læringsrate) bytter bilde."""
    page, visit = open_page(browser, f"{site_url}{chapter}.html")
    try:
        count = page.locator(SLIDER).count()
        moves = [move_slider_and_watch_image(page, i) for i in range(count)]
    finally:
        page.close()
    assert count == (1 if chapter.startswith("chapters/02") else 2)
    for before, after, text_before, text_after in moves:
        assert before and after and before != after, "bildet i utforskeren ble ikke byttet"
        assert text_before != text_after, "avlesningen ved glidebryteren ble ikke endret"
    assert not (visit.foreign or visit.console_errors or visit.page_errors)


@pytest.mark.parametrize("chapter", _chapters_with_sliders())
def test_explorers_need_no_widget_manager(built_site, chapter):
    """Utforskerne er vanlig HTML (_ext/bok_utforsker.py): ingen widget-manager, ingen
    widget-tilstand og ingen widget igjen på siden, og hvert bilde er en egen fil."""
    html = (built_site / f"{chapter}.html").read_text(encoding="utf-8")
    assert 'class="bok-utforsker"' in html, f"{chapter}: fant ingen utforsker"
    for leftover in ("widget-view+json", "widget-state+json", "embed.js", "bok_widgets_mathjax.js"):
        assert leftover not in html, f"{chapter}: {leftover} står fortsatt på siden"
    pictures = re.findall(r'<img src="([^"]+)"[^>]*data-indeks=', html)
    assert pictures and all("_images/utforsker/" in src for src in pictures), pictures[:3]
    for src in pictures:
        assert (built_site / chapter).parent.joinpath(src).resolve().is_file(), src


# --- Kjør og last ned ----------------------------------------------------------------------


def _repository() -> tuple[str, str, str, str]:
    url = CONFIG["repository"]["url"].rstrip("/")
    org, repo = urlsplit(url).path.strip("/").split("/")[:2]
    return url, CONFIG["repository"].get("branch", "main"), org, repo


def _links(html: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', html)]


def check_launch_links(html: str, docname: str, launch: dict) -> None:
    """Lenkene i «kjør»-menyen på en kapittelside peker til kodelageret i _config.yml."""
    url, branch, org, repo = _repository()
    links = _links(html)
    notebook = f"{docname}.ipynb"
    ui = {"jupyterlab": "lab/tree", "classic": "tree"}[launch.get("notebook_interface", "classic")]
    if launch.get("binderhub_url"):
        binder = f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{org}/{repo}/{branch}?urlpath={ui}/{notebook}"
        assert binder in links, f"{docname}: fant ikke Binder-lenken {binder}"
    if launch.get("colab_url"):
        colab = f"{launch['colab_url'].rstrip('/')}/github/{org}/{repo}/blob/{branch}/{notebook}"
        assert colab in links, f"{docname}: fant ikke Colab-lenken {colab}"
    if launch.get("jupyterhub_url"):
        prefix = f"{launch['jupyterhub_url'].rstrip('/')}/hub/user-redirect/git-pull?"
        hub = [link for link in links if link.startswith(prefix)]
        assert len(hub) == 1, f"{docname}: fant ikke JupyterHub-lenken ({prefix}…)"
        query = {key: values[0] for key, values in parse_qs(urlsplit(hub[0]).query).items()}
        assert query == {"repo": url, "branch": branch, "urlpath": f"{ui}/{repo}/{notebook}"}


def test_chapters_have_launch_and_download_links(built_site):
    chapters = [name for name in site_pages(built_site) if is_chapter(name)]
    if not chapters:
        pytest.skip("ingen kapitler i innholdsfortegnelsen ennå")
    for name in chapters:
        docname = name[: -len(".html")]
        html = (built_site / name).read_text(encoding="utf-8")
        check_launch_links(html, docname, CONFIG["launch_buttons"])
        assert f"../_sources/{docname}.ipynb" in _links(html), f"{name}: mangler nedlasting av .ipynb"
        assert (built_site / "_sources" / f"{docname}.ipynb").is_file()
        assert "../nevrale-nettverk-fra-bunnen-av.pdf" in _links(html), f"{name}: mangler boka som PDF"
        assert "Last ned boka som PDF" in html


def test_every_page_links_to_the_repository(built_site):
    url = CONFIG["repository"]["url"]
    pages = {n: (built_site / n).read_text(encoding="utf-8") for n in site_pages(built_site)}
    pages = {n: html for n, html in pages.items() if 'http-equiv="refresh"' not in html.lower()}  # index.html sender videre
    missing = [n for n, html in pages.items() if url not in _links(html)]
    assert not missing, f"sider uten knapp til kodelageret {url}: {missing}"


def test_jupyterhub_link_uses_nbgitpuller(tmp_path):
    """Med en JupyterHub-adresse i _config.yml får kapitlene en nbgitpuller-lenke."""
    book = tmp_path / "bok"
    book.mkdir()
    for folder in ("_ext", "_templates", "locale", "_static"):
        shutil.copytree(ROOT / folder, book / folder, ignore=shutil.ignore_patterns("*.mo", "sphinx.js", "__pycache__"))
    config = dict(CONFIG, launch_buttons=dict(CONFIG["launch_buttons"], jupyterhub_url="https://jupyterhub.eksempel.no"))
    (book / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: chapters/kapittel\n",
                                   encoding="utf-8")
    (book / "intro.md").write_text("# Forside\n", encoding="utf-8")
    (book / "chapters").mkdir()
    notebook = {"cells": [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Kapittel\n"]}],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (book / "chapters" / "kapittel.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    result = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(book),
                             "--warningiserror", "--nitpick", "--keep-going"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    html = (book / "_build" / "html" / "chapters" / "kapittel.html").read_text(encoding="utf-8")
    check_launch_links(html, "chapters/kapittel", config["launch_buttons"])


# --- Filene for Binder og GitHub Pages -----------------------------------------------------


def test_binder_requirements_match_the_lock_file():
    lock = dict(
        line.split("==", 1) for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    lock = {name.lower().replace("_", "-"): version for name, version in lock.items()}
    pins = [line for line in (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert pins, "binder/requirements.txt er tom"
    for pin in pins:
        name, version = pin.split("==")
        assert lock.get(name.lower().replace("_", "-")) == version, f"{pin} stemmer ikke med requirements.lock"
    assert "pip install" in (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")


def test_pages_workflow_builds_with_make_book_and_deploys():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert any(step.get("run") == "make book" for step in steps)
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"


# --- Quizene -------------------------------------------------------------------------------


@pytest.mark.parametrize("chapter", [f"chapters/{p.stem}" for p in sorted((ROOT / "chapters").glob("*.ipynb"))])
def test_quizzes_give_the_right_feedback_in_the_browser(browser, site_url, chapter):
    page, visit = open_page(browser, f"{site_url}{chapter}.html")
    try:
        quizzes = page.locator(".mlfw-quiz")
        assert quizzes.count() == 2, "hvert kapittel skal ha «Før du leser» og «Test deg selv»"
        for q in range(2):
            choice = quizzes.nth(q).locator("fieldset[data-kind=choice]").first
            right = choice.locator(".mlfw-fb[data-correct=true]").get_attribute("data-choice")
            wrong = choice.locator(".mlfw-fb[data-correct=false]").first.get_attribute("data-choice")
            choice.locator(f"input[value='{wrong}']").check()
            assert choice.locator(f".mlfw-fb[data-choice='{wrong}']").inner_text().startswith("Ikke riktig.")
            choice.locator(f"input[value='{right}']").check()
            assert choice.locator(f".mlfw-fb[data-choice='{right}']").inner_text().startswith("Riktig!")
            assert not choice.locator(f".mlfw-fb[data-choice='{wrong}']").is_visible()
        number = page.locator(".mlfw-quiz fieldset[data-kind=number]").first
        answer = number.get_attribute("data-answer")
        number.locator("input").fill(str(float(answer) + 1000).replace(".", ","))
        number.locator("button").click()
        assert number.locator(".mlfw-fb").inner_text().startswith("Ikke helt.")
        number.locator("input").fill(answer.replace(".", ","))
        number.locator("button").click()
        assert number.locator(".mlfw-fb").inner_text().startswith("Riktig!")
    finally:
        page.close()
    assert not (visit.foreign or visit.console_errors or visit.page_errors)


def test_setup_cell_installs_mlfw_from_the_configured_repository():
    """Colab får bare notebooken: første kodecelle henter mlfw fra kodelageret i _config.yml."""
    url = CONFIG["repository"]["url"].rstrip("/")
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        first_code = next(c for c in cells if c["cell_type"] == "code")
        assert f'"mlfw @ git+{url}"' in "".join(first_code["source"]), path.name
        assert "remove-cell" in first_code["metadata"].get("tags", []), path.name


def test_no_solution_or_hidden_test_reaches_the_site(built_site):
    """Elevversjonene nettstedet tilbyr, og oppgavesidene, har ingen løsningslinje og ingen skjult test.

    (Kapitlene er offentlig lærestoff og kan vise kode som ligner en løsning; de sjekkes ikke her.)
    """
    import nbformat
    from grading_helpers import marked_lines

    sources = [nbformat.read(p, as_version=4) for p in sorted((ROOT / "exercises" / "source").glob("*/*.ipynb"))]
    secret = marked_lines(sources)
    assert len(secret) > 50
    downloads = sorted(built_site.glob("_downloads/*/*.ipynb"))
    assert {p.name for p in downloads} == {"01-tap.ipynb", "02-gradientnedstigning.ipynb",
                                           "03-tilbakepropagering.ipynb", "04-mnist.ipynb", "05-optimering.ipynb"}
    leaks = []
    for path in downloads:
        lines = {line.strip() for cell in nbformat.read(path, as_version=4).cells for line in cell.source.splitlines()}
        leaks += [f"{path.name}: {line}" for line in sorted(secret & lines)]
    for path in sorted(built_site.glob("oppgaver/*.html")):
        text = path.read_text(encoding="utf-8")
        leaks += [f"{path.name}: {line}" for line in sorted(secret) if line in text]
    assert leaks == []
