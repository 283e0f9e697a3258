"""Rettingen av oppgavene, fra elevversjon til tilbakemelding og lærerrapport.

Én modul-fixture kopierer kursmappa til en midlertidig mappe, lager elevversjonene og
leverer for hver oppgave: fasiten, den urørte elevversjonen, gyldige varianter og ærlige
feil (tests/grading_cases/aNN.py), og for oppgave 1 en rekke juksforsøk og krasj. Alt
rettes i én kjøring av `python -m grading --jobs 2`, den samme veien `make grade` går, med
ekte sandkasser (bubblewrap). Testene sjekker poengene per testcelle, funnene i
lærerrapporten, at ingen løsning eller kontroll havner hos eleven, og at
klassekameratens fil og karakterboka er urørt.
"""

import hashlib
import importlib
import json
import os
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import require_tool
from grading_helpers import (ASSIGNMENTS, REPO, answer, cells_by_id, copy_course, make_api,
                             marked_lines, notebook_path, path_with_venv, read, scores, solutions,
                             submit, visible_text)

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

TOTALS = {"01-tap": 20, "02-gradientnedstigning": 30, "03-tilbakepropagering": 40,
          "04-mnist": 27, "05-optimering": 35}  # oppgave 4 og 5 har i tillegg 5 poeng som læreren retter
# Lokalt kan GRADING_ONLY=05-optimering (kommaliste) rette bare noen oppgaver; testene for de
# andre hoppes da over. Uten variabelen rettes alt, som i CI.
ONLY = [a for a in os.environ.get("GRADING_ONLY", "").split(",") if a]
RUN = [a for a in ASSIGNMENTS if not ONLY or a in ONLY]
CASES = {a: importlib.import_module(f"grading_cases.a{a[:2]}") for a in RUN
         if importlib.util.find_spec(f"grading_cases.a{a[:2]}")}
needs_01 = pytest.mark.skipif("01-tap" not in RUN, reason="GRADING_ONLY uten 01-tap")

# --- Juks (skal gi 0 på det de sikter mot, og flagges) ------------------------------

WRONG_MSE = "def mse(y_hat, y):\n    return 0.0\n"
ATTACKS = {
    "input-transformator": WRONG_MSE + (
        "ip = get_ipython()\n"
        "ip.input_transformers_cleanup.append(lambda lines: [l.replace('assert', 'pass #') for l in lines])\n"),
    "ast-transformator": WRONG_MSE + (
        "import ast, os\n"
        "class Pass(ast.NodeTransformer):\n"
        "    def visit_Assert(self, node):\n"
        "        return ast.Pass()\n"
        "if os.environ.get('NBGRADER_EXECUTION') == 'autograde':\n"
        "    get_ipython().ast_transformers.append(Pass())\n"),
    "pre-run-cell": WRONG_MSE + (
        "from IPython.display import display\n"
        "get_ipython().events.register('pre_run_cell', lambda *a: display(4))\n"),
    "les-lærerens-fil": (
        "import glob, json\n"
        "for path in glob.glob('../../../source/*/*.ipynb') + glob.glob('/work/**/source/01-tap/*.ipynb', recursive=True):\n"
        "    for cell in json.load(open(path))['cells']:\n"
        "        if cell['cell_type'] == 'code':\n"
        "            exec(''.join(cell['source']).replace('### BEGIN SOLUTION', ''))\n"),
    "endre-karakterboka": WRONG_MSE + (
        "import subprocess\n"
        "subprocess.Popen(['sh', '-c', 'sleep 2; for f in ../../../gradebook.db /work/*/gradebook.db; do "
        "echo x > $f; done; sleep 300'], start_new_session=True)\n"),
    "overskriv-klassekamerat": WRONG_MSE + (
        "import shutil\n"
        "for target in ['../../klassekamerat/01-tap/01-tap.ipynb', '/oppgave/../klassekamerat.ipynb']:\n"
        "    try:\n"
        "        open(target, 'w').write('{}')\n"
        "    except OSError:\n"
        "        pass\n"),
    "endre-numpy": WRONG_MSE + "np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n",
    "skjult-endring": WRONG_MSE + "setattr(np, 'is' + 'close', lambda *a, **k: True)\n",
}
# Hvilken celle juksekoden står i (den erstatter elevens svar der).
ATTACK_CELL = "mse"

# Juks i de andre oppgavene: (oppgave, celle, kode, testcellen det sikter mot).
OTHER_ATTACKS = {
    "gitt-konstant": ("02-gradientnedstigning", "lr",
                      "STEP_BUDGET = 10**6\nlr = 0.001\n", "test_lr"),
    "gitt-funksjon": ("02-gradientnedstigning", "lr",
                      "f = lambda theta: 0.0\nlr = 0.5\n", "test_lr"),
    "mlfw-klasse": ("03-tilbakepropagering", "linear",
                    "from mlfw import Linear\n", "test_linear_backward"),
    "tom-underklasse": ("03-tilbakepropagering", "linear",
                        "import mlfw\n\nclass Linear(mlfw.Linear):\n    pass\n", "test_linear_forward"),
    "mlfw-optimerer": ("05-optimering", "momentum", "from mlfw import Momentum\n", "test_momentum"),
    "optimerer-underklasse": ("05-optimering", "adam", "import mlfw\n\n\nclass Adam(mlfw.Adam):\n    pass\n",
                              "test_adam"),
    "optimerer-via-alias": ("05-optimering", "adam", "import mlfw.optim as o\n\n\nclass Adam(o.Adam):\n    pass\n",
                            "test_adam"),
    "tren-på-testsifrene": ("04-mnist", "build_net",
                            "def build_net(config, seed=0):\n"
                            "    from mlfw.data import load_mnist\n"
                            "    x, x_test, y, y_test = load_mnist(test_fraction=0.5)\n"
                            "    return Net(Linear(784, 10, rng=seed))\n", "test_build_net"),
}

# --- Ærlig kode som ikke skal koste poeng i andre celler ------------------------------

CRASHES = {
    # En vanlig nybegynnerløkke som svelger avbruddet: cellen stoppes, resten rettes.
    "svelger-avbrudd": {"extra": "import time\nwhile True:\n    try:\n        time.sleep(0.1)\n    except:\n        continue\n"},
    "os-exit": {"extra": "import os\nos._exit(0)\n"},
    "advarsel": {"mse": "def mse(y_hat, y):\n    np.log(np.zeros(1))  # gir RuntimeWarning\n    return float(np.mean((y_hat - y) ** 2))\n"},
    "stor-utskrift": {"extra": "print('x' * 50_000_000)\n"},
    "stort-minne": {"extra": "big = np.ones(4 * 1024**3 // 8)\n"},
    "skriver-ut-In": {"extra": "print(In)\n"},
    "uendelig-i-mae": {"mae": "def mae(y_hat, y):\n    while True:\n        pass\n"},
}
CRASH_LOSSES = {"uendelig-i-mae": {"test_mae": 0.0}}


# Svarceller som testcellen for hele nettverket (deloppgaven som prøver alt samlet) bruker.
END_TO_END_CELLS = {"03-tilbakepropagering": None,  # None: alle cellene
                    "04-mnist": {"classes", "build_net", "configs", "compare", "best", "final"}}


def bundles(assignment: str, variants: dict) -> list:
    """Pakk gyldige varianter i få innleveringer: Varianter av ulike celler kan stå sammen
    (hver for seg riktige deler er riktige sammen), men varianter av celler som testen for
    hele nettverket bruker, leveres alene (der møtes de). Gir (navn, celler) per innlevering."""
    shared = END_TO_END_CELLS.get(assignment, set())
    out = []
    for name, cells in variants.items():
        alone = shared is None or bool(set(cells) & shared)
        for bundle in out:
            if not alone and not bundle[2] and not set(cells) & set(bundle[1]):
                bundle[0].append(name)
                bundle[1].update(cells)
                break
        else:
            out.append([[name], dict(cells), alone])
    return [("+".join(names), cells) for names, cells, _ in out]


def _attack_submission(release, solution, code):
    return answer(release, {**solution, ATTACK_CELL: code})


def _crash_submission(release, solution, spec):
    nb = answer(release, {**solution, **{k: v for k, v in spec.items() if k != "extra"}})
    if "extra" in spec:
        import nbformat

        index = next(i for i, c in enumerate(nb.cells)
                     if c.metadata.get("nbgrader", {}).get("grade_id") == "mse")
        nb.cells.insert(index + 1, nbformat.v4.new_code_cell(spec["extra"]))
    return nb


def _edited_metadata(release, solution):
    """Endret metadata: omdøpt grade_id, snudd solution-flagg, endrede poeng, slettet testcelle."""
    nb = answer(release, solution)
    by_id = cells_by_id(nb)
    by_id["mse"].metadata["nbgrader"]["grade_id"] = "mse_min_versjon"
    by_id["softmax"].metadata["nbgrader"]["solution"] = False
    by_id["softmax"].metadata["nbgrader"]["locked"] = True
    by_id["test_mae"].metadata["nbgrader"]["points"] = 100
    by_id["test_mae"].source = "pass"
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_accuracy"]
    return nb


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    require_tool("bwrap")
    from grading.__main__ import grade_all

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", path_with_venv())
        root = copy_course(tmp_path_factory.mktemp("kurs") / "exercises")
        with (root / "nbgrader_config.py").open("a", encoding="utf-8") as f:
            f.write("\nc.SandboxGrade.cell_timeout = 8  # kortere i testene\n")
        api = make_api(root)
        students, expected = {}, {}
        for assignment in RUN:
            assert api.generate_assignment(assignment)["success"], assignment
            source = read(notebook_path(root, "source", assignment))
            release = read(notebook_path(root, "release", assignment))
            solution = solutions(source)
            subs = {"fasit": answer(release, solution), "urørt": release}
            case = CASES.get(assignment)
            if case:
                for i, (names, cells) in enumerate(bundles(assignment, case.VARIANTS)):
                    subs[f"variant-{i:02d}"] = answer(release, {**solution, **cells})
                    expected[(assignment, f"variant-{i:02d}")] = (names, {})
                # Ærlige feil leveres hver for seg: en feil i én funksjon kan treffe en annen
                # funksjon eleven selv kaller derfra.
                for name, (cells, lost) in case.MISTAKES.items():
                    subs[f"feil-{name}"] = answer(release, {**solution, **cells})
                    expected[(assignment, f"feil-{name}")] = (name, lost)
            for name, (target, cell, code, _) in OTHER_ATTACKS.items():
                if target == assignment:
                    subs[f"juks-{name}"] = answer(release, {**solution, cell: code})
            if assignment == "01-tap":
                subs["klassekamerat"] = answer(release, solution)
                for name, code in ATTACKS.items():
                    subs[f"juks-{name}"] = _attack_submission(release, solution, code)
                for name, spec in CRASHES.items():
                    subs[f"krasj-{name}"] = _crash_submission(release, solution, spec)
                subs["krasj-metadata"] = _edited_metadata(release, solution)
            for student, nb in subs.items():
                submit(root, student, assignment, nb)
            students[assignment] = sorted(subs)
        classmate = notebook_path(root, "submitted", "01-tap", "klassekamerat")
        before = _digest(classmate) if classmate.exists() else None
        start = time.perf_counter()
        # Oppgave 1 én og én (sammenligningen for PostgreSQL under), resten to om gangen.
        results = grade_all(root, jobs=1, assignments=["01-tap"]) if "01-tap" in RUN else []
        results += grade_all(root, jobs=2, assignments=[a for a in RUN if a != "01-tap"])
        seconds = time.perf_counter() - start
        time.sleep(3)  # et løsrevet barn ville nå ha rukket å gjøre skade
        yield SimpleNamespace(root=root, api=make_api(root), results=results, students=students,
                              expected=expected, classmate_before=before, seconds=seconds)


def manual_cells(assignment) -> set:
    """Testceller som læreren retter for hånd (svar i tekst); de får ingen automatiske poeng."""
    source = read(notebook_path(REPO / "exercises", "source", assignment))
    return {g for g, c in cells_by_id(source).items()
            if c.metadata["nbgrader"].get("grade") and c.metadata["nbgrader"].get("solution")}


def report_for(graded, assignment, student):
    return json.loads((graded.root / "rapport" / assignment / f"{student}.json").read_text("utf-8"))


def total(graded, assignment, student):
    return sum(s for s, _ in scores(graded.api, assignment, student).values())


# --- Hele kjøringen -------------------------------------------------------------------


def test_every_submission_is_graded_with_feedback(graded):
    failed = [(r["assignment"], r["student"], r["log"]) for r in graded.results
              if not (r["success"] and r["feedback"])]
    assert not failed, failed[:2]
    assert len(graded.results) == sum(len(s) for s in graded.students.values())
    print(f"\n{len(graded.results)} innleveringer rettet på {graded.seconds:.0f} s, én om gangen")


@pytest.mark.parametrize("assignment", RUN)
def test_source_gets_full_points_and_release_zero(graded, assignment):
    manual = manual_cells(assignment)
    got = {g: v for g, v in scores(graded.api, assignment, "fasit").items() if g not in manual}
    assert got and all(s == m for s, m in got.values()), got
    if assignment in TOTALS:
        assert sum(m for _, m in got.values()) == TOTALS[assignment]
    untouched = scores(graded.api, assignment, "urørt")
    assert all(s == 0 for s, _ in untouched.values()), untouched
    for student in ("fasit", "urørt"):
        assert report_for(graded, assignment, student)["flags"] == [], student


@pytest.mark.parametrize("assignment, student", [(a, f"variant-{i:02d}") for a, c in CASES.items()
                                                  for i in range(len(bundles(a, c.VARIANTS)))])
def test_valid_variants_keep_full_points(graded, assignment, student):
    names, _ = graded.expected[(assignment, student)]
    manual = manual_cells(assignment)
    got = scores(graded.api, assignment, student)
    assert all(s == m for g, (s, m) in got.items() if g not in manual), (names, got)
    assert report_for(graded, assignment, student)["flags"] == [], names


@pytest.mark.parametrize("assignment, student", [(a, f"feil-{n}") for a, c in CASES.items()
                                                  for n in c.MISTAKES])
def test_honest_mistakes_lose_exactly_the_right_points(graded, assignment, student):
    names, lost = graded.expected[(assignment, student)]
    manual = manual_cells(assignment)
    got = {g: v for g, v in scores(graded.api, assignment, student).items() if g not in manual}
    expected = {gid: lost.get(gid, m) for gid, (_, m) in got.items()}
    assert {gid: s for gid, (s, _) in got.items()} == expected, names
    assert report_for(graded, assignment, student)["flags"] == [], names


def test_each_task_has_two_variants_and_two_mistakes():
    for assignment, case in CASES.items():
        source = read(notebook_path(REPO / "exercises", "source", assignment))
        tasks = [gid for gid, c in cells_by_id(source).items()
                 if c.metadata["nbgrader"].get("grade") and c.cell_type == "code"]
        for gid in tasks:
            mistakes = [n for n, (_, losses) in case.MISTAKES.items() if gid in losses]
            assert len(mistakes) >= 2, (assignment, gid, mistakes)
        sol_ids = {g for g, c in cells_by_id(source).items() if c.metadata["nbgrader"].get("solution")
                   and c.cell_type == "code"}
        covered = [g for cells in case.VARIANTS.values() for g in cells]
        for gid in sol_ids:
            assert covered.count(gid) >= 2 or len(case.VARIANTS) >= 2, (assignment, gid)


# --- Juks ---------------------------------------------------------------------------


@needs_01
@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_scores_zero_and_is_flagged(graded, name):
    student = f"juks-{name}"
    got = scores(graded.api, "01-tap", student)
    assert got["test_mse"][0] == 0, got
    report = report_for(graded, "01-tap", student)
    assert report["flags"], f"{name} ble ikke flagget"
    teacher = (graded.root / "rapport" / "01-tap" / "rapport.md").read_text("utf-8")
    assert f"| {student} |" in teacher


@pytest.mark.parametrize("name", [n for n, (a, *_) in OTHER_ATTACKS.items() if a in RUN])
def test_attack_in_other_assignments_scores_zero_and_is_flagged(graded, name):
    assignment, _, _, target = OTHER_ATTACKS[name]
    student = f"juks-{name}"
    assert scores(graded.api, assignment, student)[target][0] == 0
    assert report_for(graded, assignment, student)["flags"], f"{name} ble ikke flagget"


@needs_01
def test_classmate_file_and_gradebook_are_untouched(graded):
    classmate = notebook_path(graded.root, "submitted", "01-tap", "klassekamerat")
    assert _digest(classmate) == graded.classmate_before
    assert total(graded, "01-tap", "klassekamerat") == TOTALS["01-tap"]
    assert total(graded, "01-tap", "fasit") == TOTALS["01-tap"]
    assert (graded.root / "gradebook.db").read_bytes()[:15] == b"SQLite format 3"


@needs_01
def test_no_process_survives_grading(graded):
    leftover = subprocess.run(["pgrep", "-f", "sleep 300"], capture_output=True, text=True)
    assert leftover.stdout.strip() == "", leftover.stdout


def test_release_has_no_solution_and_feedback_has_no_checks(graded):
    sources = [read(notebook_path(graded.root, "source", a)) for a in RUN]
    solution_lines = marked_lines(sources)
    assert len(solution_lines) > 50
    for path in (graded.root / "release").rglob("*.ipynb"):
        lines = {line.strip() for c in read(path).cells for line in c.source.splitlines()}
        assert not solution_lines & lines, (path, sorted(solution_lines & lines)[:3])
    checks = set()
    for path in (REPO / "exercises" / "grading").glob("*.py"):
        checks |= {line.strip() for line in path.read_text("utf-8").splitlines()
                   if len(line.strip()) > 30 and not line.strip().startswith(("#", '"""', "def ", "class "))}
    pages = list((graded.root / "feedback").rglob("*.html"))
    assert len(pages) == len(graded.results)
    for page in pages:
        student, assignment = page.parent.parent.name, page.parent.name
        own = {line.strip() for c in read(notebook_path(graded.root, "submitted", assignment,
                                                          student)).cells
               for line in c.source.splitlines()}  # elevens egen kode kan ligne fasiten
        lines = {line.strip() for line in visible_text(page.read_text("utf-8")).splitlines()}
        leaked = (checks & lines) - own
        assert not leaked, (page, sorted(leaked)[:3])


# --- Krasj og ærlig kode --------------------------------------------------------------


@needs_01
@pytest.mark.parametrize("name", list(CRASHES) + ["metadata"])
def test_crash_cases_grade_the_other_cells_normally(graded, name):
    student = f"krasj-{name}"
    got = scores(graded.api, "01-tap", student)
    losses = CRASH_LOSSES.get(name, {})
    expected = {gid: losses.get(gid, m) for gid, (_, m) in got.items()}
    assert {gid: s for gid, (s, _) in got.items()} == expected
    assert report_for(graded, "01-tap", student)["flags"] == [], name


@needs_01
def test_feedback_is_bounded_and_norwegian(graded):
    page = notebook_path(graded.root, "feedback", "01-tap", "krasj-stor-utskrift").with_suffix(".html")
    assert page.stat().st_size < 2_000_000
    text = visible_text(page.read_text("utf-8"))
    assert "Utskriften er kortet ned" in text
    page = notebook_path(graded.root, "feedback", "01-tap", "krasj-svelger-avbrudd").with_suffix(".html")
    assert "ble stoppet" in visible_text(page.read_text("utf-8"))
    page = notebook_path(graded.root, "feedback", "01-tap", "feil-mse-summert").with_suffix(".html")
    text = visible_text(page.read_text("utf-8"))
    assert "Poeng:" in text and "mse med to utdata per eksempel" in text
    for english in ["Student's answer", "Score:", "No response", "Comments:"]:
        assert english not in text


@needs_01
def test_teacher_report_has_per_task_statistics(graded):
    teacher = (graded.root / "rapport" / "01-tap" / "rapport.md").read_text("utf-8")
    assert "| test_mse |" in teacher and "feiler oftest" in teacher
    csv = (graded.root / "rapport" / "01-tap" / "poeng.csv").read_text("utf-8").splitlines()
    assert csv[0].startswith("elev,") and len(csv) == 1 + len(graded.students["01-tap"])


# --- Boka ----------------------------------------------------------------------------


def test_book_pages_offer_only_the_student_version():
    import re

    targets = {}
    for page in sorted((REPO / "oppgaver").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        links = re.findall(r"\]\(([^)]+)\)", text)
        assert not [link for link in links if "exercises" in link], (page, links)
        for target in re.findall(r"\{download\}`[^`<]*<([^>`]+)>`", text):
            path = (page.parent / target).resolve()
            assert path.is_relative_to(REPO / "exercises" / "release"), (page, target)
            targets[page.stem] = path
    for assignment in ASSIGNMENTS:
        expected = (REPO / "exercises" / "release" / assignment / f"{assignment}.ipynb").resolve()
        assert targets.get(assignment) == expected, (assignment, targets.get(assignment))


def test_each_assignment_page_says_which_chapter():
    for number, assignment in enumerate(ASSIGNMENTS, start=1):
        nb = read(notebook_path(REPO / "exercises", "source", assignment))
        assert f"Gjør denne etter kapittel {number}" in nb.cells[0].source, assignment


# --- Mange rettere mot én PostgreSQL ---------------------------------------------------


@needs_01
def test_parallel_grading_against_postgresql_matches_serial_sqlite(graded, tmp_path, request):
    """40 innleveringer, fire om gangen, mot en ekte PostgreSQL: ingen databasefeil, samme poeng."""
    import shutil

    import postgres

    if postgres.binaries() is None:
        require_tool("initdb")
    from grading.__main__ import grade_all

    root = tmp_path / "exercises"
    copy_course(root)
    shutil.copytree(graded.root / "submitted", root / "submitted")
    for i in range(40 - len(graded.students["01-tap"])):  # fyll opp til 40 med flere fasiter
        shutil.copytree(root / "submitted" / "fasit", root / "submitted" / f"ekstra-{i:02d}")
    with (root / "nbgrader_config.py").open("a", encoding="utf-8") as f:
        f.write("\nc.SandboxGrade.cell_timeout = 8\n")
    import tempfile

    pg_dir = Path(tempfile.mkdtemp(prefix="nevrale-pg-"))  # utenfor pytests mapper (0700 for root)
    pg_dir.chmod(0o755)  # brukeren postgres må kunne gå inn i mappa
    request.addfinalizer(lambda: shutil.rmtree(pg_dir, ignore_errors=True))
    with postgres.server(pg_dir / "pg") as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("NBGRADER_DB_URL", url)
        patch.setenv("PATH", path_with_venv())
        api = make_api(root)
        assert api.generate_assignment("01-tap")["success"]
        start = time.perf_counter()
        results = grade_all(root, jobs=4, assignments=["01-tap"])
        seconds = time.perf_counter() - start
        assert len(results) >= 40
        errors = [r for r in results if not (r["success"] and r["feedback"])]
        assert not errors, errors[0]["log"]
        api = make_api(root)
        for student in graded.students["01-tap"]:
            assert scores(api, "01-tap", student) == scores(graded.api, "01-tap", student), student
        print(f"\n{len(results)} innleveringer mot PostgreSQL på {seconds:.0f} s med 4 prosesser")
