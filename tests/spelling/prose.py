"""Hent ut norsk prosa fra bokas sider og kjør hunspell på den."""

import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORDLIST = Path(__file__).with_name("ordliste.txt")

# Det som ikke er prosa: kodeblokker, matematikk, kode i linja, lenker, roller og HTML.
_STRIP = [
    (r"```.*?```", " "),                   # kodeblokker og direktiver
    (r":::.*?\n", " "),                    # kolon-gjerder
    (r"\$\$.*?\$\$", " "),                 # matematikk i egen linje
    (r"\\begin\{.*?\\end\{[^}]*\}", " "),  # amsmath-miljøer
    (r"\$(?:[^$\n]|\n(?!\n))+?\$", " "),  # matematikk i linja (kan gå over linjeskift)
    (r"``[^`]*``|`[^`]*`", " "),           # kode i linja (og mål for MyST-roller)
    (r"\{[a-z:-]+\}", " "),                # MyST-roller som {doc}
    (r"\]\([^)]*\)", "]"),                 # lenkemål
    (r"https?://\S+", " "),                # nettadresser
    (r"<[^>]+>", " "),                     # HTML-merker
    (r"\(\w+:[^)]*\)=", " "),              # MyST-merker som (navn)=
    (r"(?<![*\w])\*(?!\*)(?:[^*\n]|\n(?!\n))+?\*(?![*\w])", " "),  # engelske ord står i *kursiv*
]


def strip_markup(text: str) -> str:
    for pattern, repl in _STRIP:
        text = re.sub(pattern, repl, text, flags=re.DOTALL)
    return text


def prose_files() -> list[Path]:
    """Alle sider med norsk prosa: forside, ordliste, oppgavesider og kapitlene."""
    files = [ROOT / "intro.md", ROOT / "ordliste.md", ROOT / "publisering.md"]
    files += sorted((ROOT / "oppgaver").glob("*.md"))
    files += sorted((ROOT / "chapters").glob("*.ipynb"))
    return [f for f in files if f.exists()]


def prose(path: Path) -> str:
    """Prosaen i en fil: markdown-celler for notebooks, hele teksten ellers."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return strip_markup(text)


def misspelled(text: str, hunspell: str) -> list[str]:
    """Ordene hunspell nb_NO (med prosjektets ordliste) ikke kjenner, sortert og unike."""
    result = subprocess.run(
        [hunspell, "-d", "nb_NO", "-p", str(WORDLIST), "-l"],
        input=text, capture_output=True, text=True, encoding="utf-8", check=True,
    )
    return sorted(set(result.stdout.split()))
