"""Boka bygger uten en eneste advarsel, og en ødelagt lenke eller et manglende bilde stopper byggingen."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


def test_book_builds_without_warnings(built_site):
    assert (built_site / "intro.html").is_file()
    assert (built_site / "ordliste.html").is_file()


def _tiny_book(tmp_path: Path, page: str) -> Path:
    """En liten bok med prosjektets _config.yml (og utvidelsene, malene og katalogene den bruker) og én side."""
    book = tmp_path / "bok"
    book.mkdir()
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    for folder in ("_ext", "_templates", "locale", "_static"):
        shutil.copytree(ROOT / folder, book / folder, ignore=shutil.ignore_patterns("*.mo", "sphinx.js", "__pycache__"))
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (book / "intro.md").write_text(page, encoding="utf-8")
    return book


def _build(book: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "--warningiserror", "--nitpick", "--keep-going"],
        capture_output=True, text=True,
    )


def test_a_clean_tiny_book_builds(tmp_path):
    result = _build(_tiny_book(tmp_path, "# Forside\n\nBare tekst.\n"))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


@pytest.mark.parametrize("page, symptom", [
    ("# Forside\n\nSe {doc}`finnes-ikke`.\n", "finnes-ikke"),
    ("# Forside\n\n![Et bilde](mangler.png)\n", "mangler.png"),
    ("# Forside\n\nSe {ref}`ukjent-merke`.\n", "ukjent-merke"),
])
def test_broken_reference_or_missing_image_fails_the_build(tmp_path, page, symptom):
    result = _build(_tiny_book(tmp_path, page))
    assert result.returncode != 0
    assert symptom in result.stdout + result.stderr
