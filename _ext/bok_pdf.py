"""Sphinx-utvidelse: PDF-utgaven av boka (LaTeX-byggeren). Nettstedet merker ingenting.

`make pdf` (tools/build_pdf.py) bygger boka med `jupyter-book build --builder latex` og
XeLaTeX. Denne utvidelsen gjør fire ting, alle bare når byggeren er LaTeX:

- **Utskriftsform eller feil.** En utdata som bare har en widget eller HTML (og ellers
  bare `text/plain`, som «VBox(children=…» eller «<IPython.core.display.HTML object>»),
  gir en advarsel, så byggingen stopper. Quizene og utforskerne i `mlfw` har en
  Markdown-utgave for papiret; mangler den, er kapitlet kjørt med en eldre `mlfw`.
- **Svarene bakerst.** Quizene skriver spørsmålene der quizen står, og svarene med
  forklaringer mellom merkene `<!-- mlfw-svar -->` og `<!-- /mlfw-svar -->`. De flyttes til
  et eget avsnitt «Fasit» sist i kapitlet.
- **Kapittelnumre som på nettstedet.** Deler uten nummer i `_toc.yml` (tillegget,
  oppgavene, ordlista) får ingen nummer i PDF-en heller, så kapittel 3 heter 3 også der.
- **Ordregister.** Hvert fagord i ordlista får en oppføring, og der ordet står i **fet**
  skrift i et kapittel (der det innføres), peker registeret dit.

I tillegg blir SVG-figurene PDF med `rsvg-convert`, så de forblir vektorgrafikk.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.transforms.post_transforms.images import ImageConverter
from sphinx.util import logging

logger = logging.getLogger(__name__)

WIDGET = "application/vnd.jupyter.widget-view+json"
SCREEN_ONLY = {WIDGET, "text/html", "application/javascript"}
PRINTABLE = {"application/pdf", "image/png", "image/jpeg", "image/svg+xml", "text/latex", "text/markdown"}
ANSWERS_START, ANSWERS_END = "<!-- mlfw-svar -->", "<!-- /mlfw-svar -->"
GLOSSARY_DOC = "ordliste"


def _is_latex(app) -> bool:
    return app.builder.format == "latex"


class SvgToPdf(ImageConverter):
    """SVG → PDF med rsvg-convert (librsvg2-bin), så figurene blir vektor også på papiret."""

    default_priority = 190  # før sphinx.ext.imgconverter (200), som ville laget PNG
    conversion_rules = [("image/svg+xml", "application/pdf")]

    def is_available(self) -> bool:
        return shutil.which("rsvg-convert") is not None

    def convert(self, _from: str, _to: str) -> bool:
        subprocess.run(["rsvg-convert", "-f", "pdf", "-o", _to, _from], check=True)
        return True


class ShortImageNames(SphinxPostTransform):
    """Kort navn i loggen for bildene utforskerne har i Markdown (data:-adresser på 200 kB)."""

    default_priority = 151  # rett etter Sphinx sin DataURIExtractor (150)
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        originals = self.env.original_image_uri
        for path, uri in list(originals.items()):
            if uri.startswith("data:"):
                originals[path] = "utforsker-" + path.rsplit("/", 1)[-1][:12] + ".png"


class CheckPrintForm(SphinxPostTransform):
    """Advar om utdata som bare finnes for skjermen (kjøres før myst-nb velger mime-type)."""

    default_priority = 3  # myst-nb sin SelectMimeType har 4
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for bundle in self.document.findall(nodes.container):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            types = {child.get("mime_type") for child in bundle.children}
            if types & SCREEN_ONLY and not types & PRINTABLE:
                logger.warning(
                    "utdata uten utskriftsform (%s): kjør kapitlet på nytt med dagens mlfw "
                    "(make notebooks), så quizer og utforskere får en Markdown-utgave for PDF-en",
                    ", ".join(sorted(types)), location=bundle, type="bok_pdf", subtype="print_form")


def _walk(node, kind, document=None):
    """(node, kapittel) for hver `kind` under `node`; kapitlet er nærmeste `start_of_file`.

    Sphinx setter sammen boka ved å flytte barna til hvert kapittel inn i en ny
    `start_of_file` uten å oppdatere `.parent`, så vi går ovenfra og ned i stedet.
    """
    document = node if document is None else document
    for child in node.children:
        if not isinstance(child, nodes.Element):
            continue
        if isinstance(child, addnodes.start_of_file):
            yield from _walk(child, kind, child)
            continue
        if isinstance(child, kind):
            yield child, document
        yield from _walk(child, kind, document)


def _docname(doc, env) -> str:
    return doc.get("docname") or env.path2doc(doc.get("source", "")) or ""


class MoveAnswers(SphinxPostTransform):
    """Flytt svarene fra quizene til avsnittet «Fasit» sist i hvert kapittel.

    Sphinx kjører etterbehandlingen både på hvert dokument og på hele boka satt sammen;
    kapitlet er derfor nærmeste `start_of_file` over quizen, eller selve dokumentet.
    """

    default_priority = 20  # etter at myst-nb har valgt Markdown-utgaven
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        found: dict[int, tuple[nodes.Element, list[nodes.Node]]] = {}
        for start, doc in list(_walk(self.document, nodes.raw)):
            if start.astext().strip() != ANSWERS_START or start.parent is None:
                continue
            parent, moved = start.parent, []
            node = start.next_node(descend=False, siblings=True)
            while node is not None and not (isinstance(node, nodes.raw) and node.astext().strip() == ANSWERS_END):
                following = node.next_node(descend=False, siblings=True)
                parent.remove(node)
                moved.append(node)
                node = following
            parent.remove(start)
            if node is not None:
                parent.remove(node)
            found.setdefault(id(doc), (doc, []))[1].extend(moved)
        for doc, moved in found.values():
            top = next(iter(doc.findall(nodes.section)), None)
            if top is None:
                continue
            slug = re.sub(r"[^a-z0-9]+", "-", _docname(doc, self.env).lower()).strip("-")
            section = nodes.section("", nodes.title("", "Fasit"), ids=[f"fasit-{slug}"], names=[f"fasit {slug}"])
            section.extend(moved)
            top.append(section)


class ChapterNumbers(SphinxPostTransform):
    """Ingen nummer for dokumenter i unummererte deler av _toc.yml, som på nettstedet."""

    default_priority = 800  # etter sphinx-jupyterbook-latex (700), som lager delene
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        numbered = {doc for doc, numbers in self.env.toc_secnumbers.items() if numbers}
        for start in list(self.document.findall(addnodes.start_of_file)):
            depth = r"\bokvanligdybde" if start.get("docname") in numbered else "-2"
            raw = nodes.raw("", r"\setcounter{secnumdepth}{%s}" % depth + "\n", format="latex")
            start.parent.insert(start.parent.index(start), raw)


class GlossaryIndex(SphinxPostTransform):
    """Ordregister: fagordene i ordlista, og der de står i fet skrift i kapitlene."""

    default_priority = 810
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        if GLOSSARY_DOC not in self.env.all_docs:
            return
        terms = {term.lower(): term for term in _glossary_terms(self.env.get_doctree(GLOSSARY_DOC))}
        for strong, doc in list(_walk(self.document, nodes.strong)):
            term = terms.get(strong.astext().strip().lower())
            index = strong.parent.index(strong)
            if term is None or (index and isinstance(strong.parent[index - 1], addnodes.index)):
                continue  # ikke et fagord, eller allerede i registeret
            strong.parent.insert(index, _index(term, main=_docname(doc, self.env) == GLOSSARY_DOC))
        # Første kolonne i ordlista: fagordet selv (oppføringen med uthevet sidetall).
        for table, doc in list(_walk(self.document, nodes.table)):
            if _docname(doc, self.env) != GLOSSARY_DOC:
                continue
            for row in next(iter(table.findall(nodes.tbody))).findall(nodes.row):
                entry = row.children[0]
                term = entry.astext().strip()
                if term.lower() in terms and entry.children and not entry.next_node(addnodes.index):
                    entry.children[0].insert(0, _index(term, main=True))
            break


def _glossary_terms(doctree) -> list[str]:
    """Fagordene i første kolonne av den første tabellen i ordlista («Fagord»)."""
    table = next(iter(doctree.findall(nodes.table)), None)
    if table is None:
        return []
    return [row.children[0].astext().strip() for row in next(iter(table.findall(nodes.tbody))).findall(nodes.row)
            if row.children[0].astext().strip()]


def _index(term: str, main: bool = False) -> addnodes.index:
    node = addnodes.index(entries=[("single", term, "", "main" if main else "", None)])
    node["inline"] = True
    return node


def setup(app):
    app.add_post_transform(SvgToPdf)
    app.add_post_transform(CheckPrintForm)
    app.add_post_transform(ShortImageNames)
    app.add_post_transform(MoveAnswers)
    app.add_post_transform(ChapterNumbers)
    app.add_post_transform(GlossaryIndex)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
