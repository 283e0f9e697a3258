"""Bygg PDF-utgaven: Jupyter Books LaTeX-bygger, så XeLaTeX med latexmk.

Bruk: python -m tools.build_pdf [--book MAPPE] [--output MAPPE]

`make pdf` og tests/test_pdf.py bruker begge denne. Innstillingene for LaTeX står i
`_config.yml` (`latex:` og `latex_*`/`nb_mime_priority_overrides` under `sphinx.config`),
og `_ext/bok_pdf.py` gjør resten (svarene bakerst, kapittelnumre, ordregister, SVG).
Resultatet er `_build/pdf/nevrale-nettverk-fra-bunnen-av.pdf`.

Byggingen feiler, som nettstedet, på advarsler fra Sphinx, på feil fra LaTeX, på
referanser som ikke finnes (som ellers blir «??» i PDF-en) og på tegn fonten mangler.
`--book` bygger en annen kopi av boka (for eksempel med kapitler kjørt på nytt i en
midlertidig mappe); standard er prosjektmappa.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools.build_book import BIN, ROOT, release_assignments

NAME = "nevrale-nettverk-fra-bunnen-av"

# Linjer i LaTeX-loggen som gjør byggingen ugyldig, med en forklaring på norsk.
LOG_ERRORS = [
    (re.compile(r"LaTeX Warning: (?:Hyper )?[Rr]eference `[^']*' .*undefined"), "referanse som ikke finnes («??»)"),
    (re.compile(r"LaTeX Warning: There were undefined references"), "referanser som ikke finnes («??»)"),
    (re.compile(r"LaTeX Warning: Citation `[^']*' .*undefined"), "kilde som ikke finnes"),
    (re.compile(r"Missing character: There is no (.*)"), "tegn som fonten mangler"),
]


def latex_problems(log: str) -> list[str]:
    """Linjene i LaTeX-loggen som betyr at PDF-en har feil, med forklaring.

    >>> latex_problems("LaTeX Warning: Reference `ordliste:x' on page 3 undefined on input line 9.")
    ["referanse som ikke finnes («??»): LaTeX Warning: Reference `ordliste:x' on page 3 undefined on input line 9."]
    >>> latex_problems("Overfull \\\\hbox (1.5pt too wide) in paragraph")
    []
    """
    found = []
    for line in log.splitlines():
        for pattern, reason in LOG_ERRORS:
            if pattern.search(line):
                found.append(f"{reason}: {line.strip()}")
    return found


def run_latex(latex_dir: Path) -> int:
    """Kjør latexmk med XeLaTeX (og makeindex for registeret) til alle referanser er på plass."""
    if shutil.which("latexmk") is None or shutil.which("xelatex") is None:
        print("Fant ikke latexmk og xelatex. Installer TeX-pakkene som står i README.md "
              "(.ci/run gjør det med apt).", file=sys.stderr)
        return 1
    env = dict(os.environ, LATEXOPTS="-interaction=nonstopmode -halt-on-error -file-line-error")
    cmd = ["latexmk", "-pdfxe", "-e", "$makeindex = q/makeindex -s python.ist %O -o %D %S/",
           "-interaction=nonstopmode", "-halt-on-error", f"{NAME}.tex"]
    result = subprocess.run(cmd, cwd=latex_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace")
    log_path = latex_dir / f"{NAME}.log"
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    if result.returncode != 0:
        print(result.stdout[-6000:], file=sys.stderr)
        print(f"XeLaTeX feilet; se {log_path}.", file=sys.stderr)
        return result.returncode
    problems = latex_problems(log)
    if problems:
        print("PDF-en er bygget, men har feil:", *problems[:20], sep="\n  ", file=sys.stderr)
        return 1
    return 0


def build(book: Path = ROOT, output: Path | None = None) -> int:
    """Bygg PDF-en til `output`/_build/pdf (standard: mappa til boka). Returnerer exit-koden."""
    start = time.monotonic()
    output = Path(output or book).resolve()
    if release_assignments() != 0:
        return 1
    cmd = [str(BIN / "jupyter-book"), "build", str(book), "--builder", "latex", "--warningiserror",
           "--nitpick", "--keep-going", "--all", "--path-output", str(output)]
    if subprocess.run(cmd, cwd=book).returncode != 0:
        return 1
    latex_dir = output / "_build" / "latex"
    code = run_latex(latex_dir)
    if code != 0:
        return code
    pdf = output / "_build" / "pdf" / f"{NAME}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(latex_dir / f"{NAME}.pdf", pdf)
    site = output / "_build" / "html"
    if site.is_dir():  # nettstedet lenker til PDF-en fra forsiden («Last ned boka som PDF»)
        shutil.copyfile(pdf, site / pdf.name)
    print(f"PDF: {pdf} ({pdf.stat().st_size / 1e6:.1f} MB, {time.monotonic() - start:.0f} s)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--book", type=Path, default=ROOT, help="mappa med boka (standard: prosjektmappa)")
    parser.add_argument("--output", type=Path, default=None, help="mappe for _build (standard: mappa til boka)")
    args = parser.parse_args()
    return build(args.book.resolve(), args.output)


if __name__ == "__main__":
    sys.exit(main())
