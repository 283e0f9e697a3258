"""Hjelpere for test_grading.py: en kopi av kursmappa, elevbesvarelser og poeng per testcelle.

Alt kjører gjennom nbgraders eget Python-API (`NbGraderAPI`) mot en kopi av
`exercises/` i en midlertidig mappe, så repoet aldri får release/, submitted/ eller
gradebook.db fra testene.
"""

import copy
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
EXERCISES = REPO / "exercises"
ASSIGNMENTS = ["01-tap", "02-gradientnedstigning", "03-tilbakepropagering", "04-mnist", "05-optimering"]
GENERATED = ["release", "submitted", "autograded", "feedback", "downloaded", "gradebook.db", "rapport",
             "gradebook.db-journal", ".nbgrader.log", ".ipynb_checkpoints", "__pycache__"]
MARKERS = [("BEGIN SOLUTION", "END SOLUTION"), ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")]


def copy_course(dest: Path) -> Path:
    """Kopier kursmappa (bare kildene, ikke det nbgrader har laget) til `dest`."""
    def ignore(folder, names):
        if Path(folder) == EXERCISES:  # bare øverst: templates/feedback er en kilde
            return [name for name in names if name in GENERATED]
        return [name for name in names if name in (".ipynb_checkpoints", "__pycache__")]

    shutil.copytree(EXERCISES, dest, ignore=ignore)
    return dest


def path_with_venv() -> str:
    """PATH med .venv/bin først.

    nbgrader starter programmet `alembic` når karakterboka lages første gang. Det ligger
    ved siden av python-programmet i .venv/bin, som ikke alltid står i PATH.
    """
    return str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


def make_api(root: Path):
    """Et NbGraderAPI med kursets egen nbgrader_config.py og roten i `root`."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    exchange = root.parent / "exchange"  # en tom utvekslingsmappe, så API-et ikke ser i /srv
    exchange.mkdir(exist_ok=True)
    config.Exchange.root = str(exchange)
    return NbGraderAPI(config=config)


def notebook_path(root: Path, folder: str, assignment: str, student: str | None = None) -> Path:
    parts = [folder] + ([student] if student else []) + [assignment, f"{assignment}.ipynb"]
    return root.joinpath(*parts)


def read(path: Path):
    return nbformat.read(path, as_version=4)


def cells_by_id(nb) -> dict:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


def solutions(source_nb) -> dict:
    """grade_id → koden i hver løsningscelle i lærerens versjon, uten BEGIN/END-linjene."""
    def strip(source):
        return "\n".join(line for line in source.splitlines() if "SOLUTION" not in line)

    return {gid: strip(c.source) for gid, c in cells_by_id(source_nb).items()
            if c.metadata["nbgrader"].get("solution")}


def answer(release_nb, replacements: dict, *, delete=()):
    """En elevbesvarelse: elevversjonen med nye kilder for noen celler og noen celler slettet."""
    nb = copy.deepcopy(release_nb)
    by_id = cells_by_id(nb)
    unknown = (set(replacements) | set(delete)) - set(by_id)
    assert not unknown, f"ukjente grade_id-er: {sorted(unknown)}"
    for gid, source in replacements.items():
        by_id[gid].source = source
    nb.cells = [c for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") not in set(delete)]
    return nb


def submit(root: Path, student: str, assignment: str, nb) -> None:
    path = notebook_path(root, "submitted", assignment, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def scores(api, assignment: str, student: str) -> dict:
    """grade_id → (poeng, maks) for alle testcellene i en rettet besvarelse."""
    with api.gradebook as gb:
        nb = gb.find_submission_notebook(assignment, assignment, student)
        return {g.name: (g.score, g.max_score) for g in nb.grades}


def marked_lines(source_nbs, markers=MARKERS) -> set:
    """De særegne linjene mellom merkene, som standard BEGIN/END SOLUTION og HIDDEN TESTS.

    En linje regnes som særegen når den er minst 8 tegn lang og ikke står noe sted
    utenfor merkene i kildenotebookene (slike linjer er offentlige uansett).
    """
    inside, outside = set(), set()
    for nb in source_nbs:
        for cell in nb.cells:
            hidden = False
            for line in cell.source.splitlines():
                text = line.strip()
                if any(begin in text for begin, _ in MARKERS):
                    hidden = any(begin in text for begin, _ in markers)
                elif any(end in text for _, end in MARKERS):
                    hidden = False
                else:
                    (inside if hidden else outside).add(text)
    return {line for line in inside - outside if len(line) >= 8}


def visible_text(html: str) -> str:
    """Teksten i en HTML-fil uten tagger, slik leseren ser den (for innholdssjekker)."""
    import html as html_lib

    text = re.sub(r"<style.*?</style>|<script.*?</script>", "", html, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", text))
