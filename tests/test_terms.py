"""Ett ord per begrep: ingen forbudte synonymer, og alle fagord i fet skrift står i ordlista.

Ordlista er `ordliste.md` (tabellen under «Fagord»); de forbudte ordene og unntakene står
i `ordliste.yml` ved siden av. Testene leser norsk tekst slik leseren ser den:

- markdown i kapitlene, oppgavesidene, forsiden og oppgavenotebookene, uten kodeblokker,
  `kode i linja`, matematikk, lenkemål og HTML;
- i kodeceller bare tekst leseren ser: quizene (`show(...)`), figurtekster
  (`set_title`, `set_xlabel`, `label=` …) og det som skrives ut med `print`;
- i `mlfw` docstringene (uten `>>>`-eksempler og kode) og feilmeldingene (`raise`, `warn`).

Et forbudt ord treffer med ordgrense foran og bak, i vanlige bøyningsformer. Engelske ord
er lovlige i *kursiv* når lista sier `kursiv_ok`.
"""

from __future__ import annotations

import ast
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "ordliste.md"
BANNED = ROOT / "ordliste.yml"

# --- Tekst leseren ser ---------------------------------------------------------------------

_NOT_PROSE = [
    r"```.*?```",                          # kodeblokker og direktiver
    r":::.*?\n",                           # kolon-gjerder
    r"\$\$.*?\$\$",                        # matematikk i egen linje
    r"\\begin\{.*?\\end\{[^}]*\}",         # amsmath-miljøer
    r"\$(?:[^$\n]|\n(?!\n))+?\$",          # matematikk i linja
    r":math:`[^`]*`",                      # matematikk i docstrings
    r"``[^`]*``|`[^`]*`",                  # kode i linja
    r"\{[a-z:-]+\}",                       # MyST-roller som {doc}
    r"\]\([^)]*\)",                        # lenkemål (lenketeksten blir stående)
    r"https?://\S+",                       # nettadresser
    r"<[^>]+>",                            # HTML-merker
]
_ITALIC = r"(?<![*\w])\*(?!\*)(?:[^*\n]|\n(?!\n))+?\*(?![*\w])"


def strip_code(text: str) -> str:
    """Fjern alt som ikke er prosa. Linjeskift beholdes, så unntak med ^ virker."""
    for pattern in _NOT_PROSE:
        text = re.sub(pattern, lambda m: re.sub(r"[^\n]", " ", m.group()), text, flags=re.DOTALL)
    return text


def strip_italics(text: str) -> str:
    return re.sub(_ITALIC, lambda m: re.sub(r"[^\n]", " ", m.group()), text)


_SHOWN_CALLS = {"show", "print", "set_title", "set_xlabel", "set_ylabel", "suptitle", "set_label",
                "text", "annotate", "legend"}


def _strings(node: ast.AST) -> list[str]:
    """Alle strenger i et uttrykk, også de faste delene av f-strenger."""
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def shown_strings(source: str) -> str:
    """Teksten en kodecelle viser leseren: quiz, figurtekster og utskrifter."""
    source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in _SHOWN_CALLS:
            for arg in node.args:
                found += _strings(arg)
        found += [s for kw in node.keywords if kw.arg in ("label", "title") for s in _strings(kw.value)]
    return "\n".join(found)


def notebook_text(path: Path, *, code: bool = True) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    parts = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            parts.append(strip_code(source))
        elif code and cell["cell_type"] == "code":
            parts.append(shown_strings(source))
    return "\n\n".join(parts)


def _docstring_prose(doc: str) -> str:
    """En docstring uten doctest-eksempler (>>> og svarlinjene etter)."""
    kept, in_example = [], False
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped.startswith((">>>", "...")):
            in_example = True
            continue
        if in_example and stripped:
            continue
        in_example = False
        kept.append(line)
    return strip_code("\n".join(kept))


def mlfw_text(path: Path) -> str:
    """Docstringer og feilmeldinger (raise og warnings.warn) i en modul i mlfw."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node)
            if doc:
                parts.append(_docstring_prose(doc))
        if isinstance(node, ast.Raise) and node.exc is not None:
            parts.append(strip_code("".join(_strings(node.exc))))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "warn":
            parts.append(strip_code("".join(_strings(node))))
    return "\n\n".join(parts)


def checked_files() -> list[Path]:
    files = [ROOT / "intro.md"]
    files += sorted((ROOT / "chapters").glob("*.ipynb"))
    files += sorted((ROOT / "oppgaver").glob("*.md"))
    files += sorted((ROOT / "exercises" / "source").glob("*/*.ipynb"))
    files += sorted((ROOT / "mlfw").glob("*.py"))
    return [f for f in files if f.exists()]


def reader_text(path: Path) -> str:
    if path.suffix == ".ipynb":
        return notebook_text(path, code=path.parent.name == "chapters")
    if path.suffix == ".py":
        return mlfw_text(path)
    return strip_code(path.read_text(encoding="utf-8"))


# --- Bøyninger og forbudte ord -------------------------------------------------------------


def word_forms(word: str) -> set[str]:
    """Grunnformen og vanlige bøyninger av ett norsk ord (substantiv eller adjektiv)."""
    w = word.lower()
    forms = {w, w + "s"}
    if w.endswith("e"):
        forms |= {w + end for end in ("n", "t", "r", "ne", "ns", "ts", "nes")}
    else:
        forms |= {w + end for end in ("en", "et", "a", "er", "ene", "ens", "ets", "e", "t")}
    if w.endswith("el"):  # regel -> regler, reglene
        forms |= {w[:-2] + "ler", w[:-2] + "lene"}
    if w.endswith("er"):  # parameter -> parametere, parameterne
        forms |= {w + "e", w + "ne"}
    return forms


def phrase_forms(phrase: str) -> set[str]:
    """Alle kombinasjoner av bøyningene av ordene i et uttrykk («skjult lag» -> «skjulte lagene» …)."""
    forms = {""}
    for word in phrase.split():
        forms = {f"{a} {b}".strip() for a in forms for b in word_forms(word)}
    return forms


@lru_cache(maxsize=None)
def banned_list() -> dict:
    return yaml.safe_load(BANNED.read_text(encoding="utf-8"))


def banned_regex(entry: dict) -> re.Pattern:
    if "mønster" in entry:
        core = entry["mønster"]
    else:
        core = "|".join(re.escape(f) for f in sorted(phrase_forms(entry["ord"]), key=len, reverse=True))
    core = core.replace(" ", r"\s+")
    prefix = r"[\w-]*?" if entry.get("sammensatt") else ""
    return re.compile(rf"(?<![\w-]){prefix}(?:{core})(?!\w)", flags=re.IGNORECASE)


def banned_hits(text: str) -> list[tuple[str, str, str]]:
    """(treff, bruk i stedet, linja) for hvert forbudt ord i teksten."""
    hits = []
    no_italics = strip_italics(text)
    for entry in banned_list()["forbudt"]:
        source = no_italics if entry.get("kursiv_ok") else text
        allowed = [m.span() for pattern in entry.get("unntak", [])
                   for m in re.finditer(pattern, source, flags=re.IGNORECASE | re.MULTILINE)]
        for m in banned_regex(entry).finditer(source):
            if any(a < m.end() and m.start() < b for a, b in allowed):
                continue
            start = source.rfind("\n", 0, m.start()) + 1
            end = source.find("\n", m.end())
            line = " ".join(source[start:end if end >= 0 else None].split())
            hits.append((m.group(), entry["bruk"], line))
    return hits


# --- Ordlista ------------------------------------------------------------------------------


def glossary_terms() -> list[str]:
    """Oppslagsordene: første kolonne i tabellen under «## Fagord» i ordliste.md."""
    text = GLOSSARY.read_text(encoding="utf-8")
    section = text.split("## Fagord", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [row.split("|")[1].strip() for row in rows[2:]]


def glossary_forms() -> set[str]:
    extra = banned_list().get("former", {})
    forms = set()
    for term in glossary_terms():
        forms |= phrase_forms(term)
        for other in extra.get(term, []):
            forms |= phrase_forms(other)
    return forms


def bold_terms(markdown: str) -> list[str]:
    """Det som står i **fet** skrift og ser ut som et fagord (ikke overskrifter i linja)."""
    skip = {w.lower() for w in banned_list().get("ikke_fagord", [])}
    terms = []
    for m in re.finditer(r"\*\*(.+?)\*\*", markdown, flags=re.DOTALL):
        term = " ".join(m.group(1).split())
        if term[-1] in ".:!?" or "`" in term or "$" in term or term.lower() in skip:
            continue
        terms.append(term)
    return terms


def chapter_markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


# --- Testene av matchingen -----------------------------------------------------------------


@pytest.mark.parametrize("text, found", [
    ("Nettet lærer raskt.", ["Nettet"]),
    ("Spiralnettet og XOR-nettet", ["Spiralnettet", "XOR-nettet"]),
    ("Nettverket lærer. Internett er stort, og nettstedet og nettleseren virker.", []),
    ("Vi sammenligner med fasiten.", ["fasiten"]),
    ("## Fasit\n\nSvarene står her.", []),
    ("Modellen spår 3.", ["spår"]),
    ("Det gir\nmening å ende opp med noe.", ["gir\nmening", "ende opp med"]),
    ("Feilene nuller hverandre ut.", ["nuller hverandre ut"]),
    ("La oss regne.", ["La oss"]),
    ("tilbakepropagering (engelsk: *backpropagation*)", []),
    ("Vi bruker backpropagation.", ["backpropagation"]),
    ("Se `nett = Net()` og $\\text{nett}$ her.", []),
    ("Ti parametre, men parametere er greit.", ["parametre"]),
])
def test_banned_word_matching(text, found):
    assert [hit for hit, _, _ in banned_hits(strip_code(text))] == found


def test_code_cells_count_only_what_the_reader_sees():
    source = ("%matplotlib inline\nnett = Net()  # fasit i en kommentar\n"
              "ax.set_title('Nettet lærer')\nprint(f'fasiten er {y}')\nshow('q', 'T', [{'question': 'spår?'}])")
    assert [hit for hit, _, _ in banned_hits(shown_strings(source))] == ["Nettet", "fasiten", "spår"]


def test_docstrings_without_examples_and_error_messages(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""Et nett.\n\n>>> nett = 1\n"""\nx = "nettet"\n'
                      'def f():\n    raise ValueError(f"Nettet fikk {x}")\n', encoding="utf-8")
    assert [hit for hit, _, _ in banned_hits(mlfw_text(module))] == ["nett", "Nettet"]


def test_inflections_of_glossary_terms():
    assert {"skjulte lag", "skjult lag", "beslutningsgrensen", "læringsraten", "minibatcher",
            "testdataene", "elementvise produktet", "parameterne"} <= (
        phrase_forms("skjult lag") | word_forms("beslutningsgrense") | word_forms("læringsrate")
        | word_forms("minibatch") | word_forms("testdata") | phrase_forms("elementvis produkt")
        | word_forms("parameter"))


def test_bold_terms_skip_run_in_headings_and_emphasis():
    text = "**Legg merke til:** Et **skjult lag** og **Tidlig stopp.** og **Din egen `ReLU`** og **mest**"
    assert bold_terms(text) == ["skjult lag"]


def test_glossary_has_one_row_per_term_and_no_banned_word_as_a_term():
    terms = glossary_terms()
    assert len(terms) > 40 and len(terms) == len(set(terms))
    for term in terms:
        assert not banned_hits(term), f"«{term}» i ordlista står på lista over forbudte ord"


# --- Testene av boka -----------------------------------------------------------------------


@pytest.mark.parametrize("path", checked_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_banned_synonyms(path):
    hits = banned_hits(reader_text(path))
    message = "\n".join(f"  «{hit}» -> {use}:  {line[:110]}" for hit, use, line in hits)
    assert not hits, f"{len(hits)} forbudte ord i {path.relative_to(ROOT)} (se ordliste.yml):\n{message}"


@pytest.mark.parametrize("path", sorted((ROOT / "chapters").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_bold_term_is_in_the_glossary(path):
    known = glossary_forms()
    missing = sorted({term for term in bold_terms(chapter_markdown(path)) if term.lower() not in known})
    assert not missing, (f"fagord i fet skrift i {path.name} som mangler i ordliste.md: {missing} "
                         f"(er det bare utheving, legg ordet under ikke_fagord i ordliste.yml)")
