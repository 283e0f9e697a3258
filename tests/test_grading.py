"""Rettingen av oppgavene i exercises/ med nbgrader, fra elevversjon til tilbakemelding.

Én modul-fixture kopierer kursmappa til en midlertidig mappe, lager elevversjonene og
retter en håndfull besvarelser per oppgave: fasiten, den urørte elevversjonen, typiske
feil, en endret testcelle, en slettet testcelle og en uendelig løkke. Testene under
sjekker poengene per testcelle, at ingen løsning eller skjult test havner hos eleven, og
at tilbakemeldingene er på norsk. Tidene skrives ut (kjør med `-s` for å se dem).
"""

import re
import time
from types import SimpleNamespace

import pytest

from grading_helpers import (ASSIGNMENTS, MARKERS, REPO, answer, cells_by_id, copy_course,
                             make_api, marked_lines, notebook_path, path_with_venv, read, scores,
                             solutions, submit, visible_text)

# nbgraders egen karakterbok gir SQLAlchemy-advarsler når vi leser poengene; de er ufarlige.
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

TOTALS = {"01-tap": 30, "02-gradientnedstigning": 30, "03-tilbakepropagering": 35,
          "04-mnist": 30}

MSE_SUMMED = '''
def mse(y_hat, y):
    return float(np.sum((y_hat - y) ** 2))
'''
SOFTMAX_WITHOUT_MAX = '''
def softmax(x):
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)
'''
UNDERTRAINED = '''
net = build_net(64, seed=0)
history = train(net, CrossEntropyLoss(), flatten_images(x_train), y_train, epochs=1, lr=0.001,
                seed=0, progress=False)
'''
INFINITE_LOOP = "while True:\n    pass"


def bias_not_summed(solution: str) -> str:
    """Linear.backward som glemmer å summere bias-gradienten over batchen."""
    wrong = solution.replace('"b": dy.sum(axis=0),', '"b": dy,')
    assert wrong != solution
    return wrong


# (oppgave, elev) → (celler som byttes ut, testcellene som da skal gi 0 poeng).
# En verdi som er en funksjon, får løsningen i kildenotebooken og returnerer den nye koden.
WRONG_ANSWERS = {
    ("01-tap", "mse-summert"): ({"mse": MSE_SUMMED}, {"test_mse"}),
    ("01-tap", "softmax-uten-maks"): ({"softmax": SOFTMAX_WITHOUT_MAX}, {"test_softmax"}),
    ("01-tap", "endeløs-løkke"): ({"mae": INFINITE_LOOP}, {"test_mae"}),
    ("02-gradientnedstigning", "for-stor-lr"): ({"lr": "lr = 0.15"}, {"test_lr"}),
    ("02-gradientnedstigning", "endret-test"): ({"lr": "lr = 0.15", "test_lr": "pass"},
                                                {"test_lr"}),
    ("03-tilbakepropagering", "bias-ikke-summert"): (
        {"linear": bias_not_summed},
        {"test_linear_backward", "test_train_moons", "test_heldout_moons"}),
    ("04-mnist", "for-lite-trent"): ({"train_mnist": UNDERTRAINED},
                                     {"test_val_accuracy", "test_test_accuracy"}),
}
DELETED = ("03-tilbakepropagering", "slettet-testcelle", "test_tanh_backward")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Kopi av kursmappa med elevversjonene laget av nbgrader."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", path_with_venv())
        root = copy_course(tmp_path_factory.mktemp("kurs") / "exercises")
        api = make_api(root)
        generated = {}
        for assignment in ASSIGNMENTS:
            start = time.perf_counter()
            generated[assignment] = api.generate_assignment(assignment)
            generated[assignment]["seconds"] = time.perf_counter() - start
        yield SimpleNamespace(root=root, api=api, config=api.config, generated=generated)


@pytest.fixture(scope="module")
def graded(course):
    """Retter alle besvarelsene og lager tilbakemeldinger. Fasiten rettes alene og tas tid på."""
    root, api = course.root, course.api
    single, batch, feedback = {}, {}, {}
    for assignment in ASSIGNMENTS:
        if not course.generated[assignment]["success"]:
            continue
        source = read(notebook_path(root, "source", assignment))
        release = read(notebook_path(root, "release", assignment))
        solution = solutions(source)
        submit(root, "fasit", assignment, answer(release, solution))
        submit(root, "urørt", assignment, release)
        for (name, student), (replacements, _) in WRONG_ANSWERS.items():
            if name == assignment:
                new = {gid: code(solution[gid]) if callable(code) else code
                       for gid, code in replacements.items()}
                submit(root, student, assignment, answer(release, {**solution, **new}))
        if assignment == DELETED[0]:
            submit(root, DELETED[1], assignment, answer(release, solution, delete=[DELETED[2]]))

        start = time.perf_counter()
        single[assignment] = api.autograde(assignment, "fasit")
        single[assignment]["seconds"] = time.perf_counter() - start
        # Resten av elevene i én kjøring; fasiten er rettet og hoppes over (force=False).
        start = time.perf_counter()
        batch[assignment] = api.autograde(assignment, "*", force=False)
        batch[assignment]["seconds"] = time.perf_counter() - start
        feedback[assignment] = api.generate_feedback(assignment)
    return SimpleNamespace(single=single, batch=batch, feedback=feedback)


def _log(result) -> str:
    return result.get("error", "") + "\n" + result.get("log", "")[-3000:]


def _students(assignment):
    names = ["fasit", "urørt"] + [s for (a, s) in WRONG_ANSWERS if a == assignment]
    return names + ([DELETED[1]] if assignment == DELETED[0] else [])


# --- Elevversjonene -----------------------------------------------------------------


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_generate_assignment_succeeds(course, assignment):
    result = course.generated[assignment]
    assert result["success"], _log(result)
    release = read(notebook_path(course.root, "release", assignment))
    text = "\n".join(c.source for c in release.cells)
    assert re.search(r"# DIN KODE HER\n *raise NotImplementedError\(\)", text), assignment
    assert "YOUR CODE HERE" not in text and "YOUR ANSWER HERE" not in text


def test_release_contains_no_solution_or_hidden_test(course):
    sources = [read(notebook_path(course.root, "source", a)) for a in ASSIGNMENTS]
    secret = marked_lines(sources)
    assert len(secret) > 100, "fant for få linjer mellom merkene — er merkene endret?"
    files = [p for p in (course.root / "release").rglob("*") if p.is_file()]
    assert len(files) == len(ASSIGNMENTS), files
    for path in files:
        text = path.read_text(encoding="utf-8")
        for begin, end in MARKERS:
            assert begin not in text and end not in text, f"{path}: merket {begin!r} står igjen"
        lines = {line.strip() for cell in read(path).cells for line in cell.source.splitlines()}
        leaked = sorted(secret & lines)
        assert not leaked, f"{path.name} inneholder løsning eller skjulte tester: {leaked[:5]}"


def test_cell_metadata_follows_nbgrader_conventions(course):
    for assignment in ASSIGNMENTS:
        nb = read(notebook_path(course.root, "source", assignment))
        ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
        assert len(ids) == len(set(ids)), assignment
        for cell in nb.cells:
            meta = cell.metadata["nbgrader"]
            assert meta["schema_version"] == 3
            if meta["grade"]:
                assert meta["locked"] and not meta["solution"] and meta["points"] > 0
            else:
                assert meta["solution"] != meta["locked"], (assignment, meta["grade_id"])
        assert sum(c.metadata["nbgrader"].get("points", 0) for c in nb.cells) == TOTALS[assignment]


# --- Retting ------------------------------------------------------------------------


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_gets_full_points(course, graded, assignment):
    assert graded.single[assignment]["success"], _log(graded.single[assignment])
    got = scores(course.api, assignment, "fasit")
    assert {gid: s for gid, (s, _) in got.items()} == {gid: m for gid, (_, m) in got.items()}
    assert sum(m for _, m in got.values()) == TOTALS[assignment]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_student_version_gets_zero(course, graded, assignment):
    assert graded.batch[assignment]["success"], _log(graded.batch[assignment])
    got = scores(course.api, assignment, "urørt")
    assert got and all(score == 0 for score, _ in got.values()), got


@pytest.mark.parametrize("assignment, student", list(WRONG_ANSWERS))
def test_wrong_answer_loses_exactly_the_failing_cells(course, graded, assignment, student):
    assert graded.batch[assignment]["success"], _log(graded.batch[assignment])
    failing = WRONG_ANSWERS[(assignment, student)][1]
    got = scores(course.api, assignment, student)
    expected = {gid: 0.0 if gid in failing else max_score for gid, (_, max_score) in got.items()}
    assert {gid: score for gid, (score, _) in got.items()} == expected


def test_edited_test_cell_is_restored(course, graded):
    assignment = "02-gradientnedstigning"
    source = cells_by_id(read(notebook_path(course.root, "source", assignment)))
    autograded = cells_by_id(read(notebook_path(course.root, "autograded", assignment,
                                                "endret-test")))
    assert autograded["test_lr"].source == source["test_lr"].source
    assert scores(course.api, assignment, "endret-test")["test_lr"] == (0.0, 6.0)


def test_infinite_loop_times_out_and_the_rest_is_graded(course, graded):
    timeout = course.config.Execute.timeout
    assert timeout == 30  # Execute.timeout er navnet nbgrader 0.9 bruker (se nbgrader_config.py)
    assignment, student = "01-tap", "endeløs-løkke"
    run = graded.batch[assignment]
    assert run["success"], _log(run)
    assert "Timeout waiting for execute reply (30s)" in run["log"]
    # Kjøringen ventet på løkka i minst timeout sekunder, men ble ikke hengende.
    assert timeout <= run["seconds"] < timeout + 120, run["seconds"]
    cell = cells_by_id(read(notebook_path(course.root, "autograded", assignment, student)))["mae"]
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert errors and errors[-1].ename == "CellTimeoutError", cell.outputs
    assert "Cellen brukte mer enn 30 sekunder" in errors[-1].evalue
    # De andre elevene i samme kjøring er rettet som vanlig.
    for other in ["urørt", "mse-summert", "softmax-uten-maks"]:
        assert notebook_path(course.root, "autograded", assignment, other).exists()
    assert sum(s for s, _ in scores(course.api, assignment, "mse-summert").values()) == 26


def test_deleted_test_cell_does_not_crash_grading(course, graded):
    assignment, student, deleted = DELETED
    assert graded.batch[assignment]["success"], _log(graded.batch[assignment])
    got = scores(course.api, assignment, student)
    assert got[deleted] == (0.0, 4.0)  # nbgrader gir 0 og merker cellen for manuell retting
    assert all(score == max_score for gid, (score, max_score) in got.items() if gid != deleted)


# --- Tilbakemeldinger -----------------------------------------------------------------


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_is_html_in_norwegian(course, graded, assignment):
    assert graded.feedback[assignment]["success"], _log(graded.feedback[assignment])
    for student in _students(assignment):
        path = notebook_path(course.root, "feedback", assignment, student).with_suffix(".html")
        html = path.read_text(encoding="utf-8")
        text = visible_text(html)
        assert "Tilbakemelding på" in text and "poeng" in text, path
        for english in ["Student's answer", "Score:", "Test cell", "Comments:"]:
            assert english not in text, (path, english)


def test_feedback_shows_norwegian_assert_messages(course, graded):
    def text(assignment, student):
        path = notebook_path(course.root, "feedback", assignment, student).with_suffix(".html")
        return visible_text(path.read_text(encoding="utf-8"))

    assert "som er summen av kvadratfeilene" in text("01-tap", "mse-summert")
    assert "Trekk fra den største verdien i hver rad" in text("01-tap", "softmax-uten-maks")
    assert "Cellen brukte mer enn 30 sekunder" in text("01-tap", "endeløs-løkke")
    assert "Læringsraten er for stor" in text("02-gradientnedstigning", "for-stor-lr")
    assert "Husk å summere over batchen" in text("03-tilbakepropagering", "bias-ikke-summert")
    assert "men kravet er minst 0,90" in text("04-mnist", "for-lite-trent")


def test_feedback_hides_hidden_tests(course, graded):
    sources = [read(notebook_path(course.root, "source", a)) for a in ASSIGNMENTS]
    hidden = marked_lines(sources, markers=[("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")])
    assert len(hidden) > 50
    pages = list((course.root / "feedback").rglob("*.html"))
    assert len(pages) == sum(len(_students(a)) for a in ASSIGNMENTS)
    for page in pages:
        lines = {line.strip() for line in visible_text(page.read_text(encoding="utf-8")).splitlines()}
        leaked = sorted(hidden & lines)
        assert not leaked, f"{page}: skjulte tester i tilbakemeldingen: {leaked[:3]}"


# --- Tid -----------------------------------------------------------------------------


def test_grading_time_for_one_student(course, graded):
    print("\nTid for nbgrader (sekunder):")
    for assignment in ASSIGNMENTS:
        print(f"  {assignment:24s} generate_assignment {course.generated[assignment]['seconds']:5.1f}"
              f"   autograde, én elev {graded.single[assignment]['seconds']:5.1f}"
              f"   autograde, {len(_students(assignment)) - 1} elever {graded.batch[assignment]['seconds']:5.1f}")
    assert graded.single["04-mnist"]["seconds"] < 60


# --- Boka ----------------------------------------------------------------------------


def test_book_pages_offer_only_the_student_version():
    targets = {}
    for page in sorted((REPO / "oppgaver").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        links = re.findall(r"\]\(([^)]+)\)", text)  # vanlige lenker kan ikke peke inn i exercises/
        assert not [link for link in links if "exercises" in link], (page, links)
        for target in re.findall(r"\{download\}`[^`<]*<([^>`]+)>`", text):
            path = (page.parent / target).resolve()
            assert path.is_relative_to(REPO / "exercises" / "release"), (page, target)
            targets[page.stem] = path
    for assignment in ASSIGNMENTS:
        expected = (REPO / "exercises" / "release" / assignment / f"{assignment}.ipynb").resolve()
        assert targets.get(assignment) == expected, (assignment, targets.get(assignment))
