"""Fasiten i kapitlenes quizer: tallsvarene regnes ut på nytt, og kjente feller sjekkes.

Spørsmålene finnes med et kort regulært uttrykk for det de handler om, ikke med hele
teksten, så en omskrevet setning ikke knekker testen. Et uttrykk må treffe nøyaktig ett
spørsmål i quizen.
"""

import ast
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from mlfw import Linear, Net, ReLU, Softmax
from mlfw.quiz import choice_order

ROOT = Path(__file__).resolve().parent.parent


def chapter_quizzes() -> dict[str, list[dict]]:
    """{quiz-id: spørsmål} fra show(...)-cellene i kapitlene."""
    quizzes = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and "mlfw.quiz import show" in source:
                call = ast.parse(source).body[-1].value
                quiz_id, _title, questions = (ast.literal_eval(arg) for arg in call.args)
                quizzes[quiz_id] = questions
    return quizzes


QUIZZES = chapter_quizzes()


# Tilleggene (kapitler uten nummer) har egne quiz-id-er.
APPENDICES = ["vektorer"]


def find(quiz_id: str, pattern: str) -> dict:
    """Det ene spørsmålet i quizen der `pattern` finnes (uten hensyn til store og små bokstaver)."""
    hits = [q for q in QUIZZES[quiz_id] if re.search(pattern, q["question"], flags=re.IGNORECASE)]
    assert len(hits) == 1, f"«{pattern}» traff {len(hits)} spørsmål i {quiz_id}: {[q['question'] for q in hits]}"
    return hits[0]


def right_choice(q: dict) -> str:
    (text,) = [text for text, correct, _ in q["choices"] if correct]
    return text


def test_every_chapter_has_two_quizzes_of_three_to_five_questions():
    names = [f"kap{n}" for n in range(1, 6)] + APPENDICES
    assert sorted(QUIZZES) == sorted(f"{name}-{kind}" for name in names for kind in ("for", "test"))
    assert all(3 <= len(questions) <= 5 for questions in QUIZZES.values())


def test_every_quiz_has_a_choice_and_a_number_question():
    """Nettlesertesten i test_site.py prøver ett flervalg i hver quiz og ett tallsvar per side."""
    for quiz_id, questions in QUIZZES.items():
        assert any("choices" in q for q in questions), quiz_id
    for name in [f"kap{n}" for n in range(1, 6)] + APPENDICES:
        assert any("answer" in q for kind in ("for", "test") for q in QUIZZES[f"{name}-{kind}"]), name


def test_the_right_answer_moves_around_when_shown():
    """I kilden står det riktige svaret gjerne først; på siden skal det stå på ulike plasser."""
    positions = []
    for quiz_id, questions in QUIZZES.items():
        for q in questions:
            if "choices" in q:
                order = choice_order(quiz_id, q["question"], len(q["choices"]))
                shown = [q["choices"][i][1] for i in order]
                positions.append(shown.index(True))
    assert len(positions) >= 17
    first = positions.count(0) / len(positions)
    assert 0.2 <= first <= 0.65, f"det riktige svaret står først i {first:.0%} av spørsmålene: {positions}"


def test_every_answer_has_an_explanation():
    for questions in QUIZZES.values():
        for q in questions:
            if "choices" in q:
                assert all(explanation.strip() for _, _, explanation in q["choices"])
            else:
                assert q["explanation"].strip()


def test_softmax_gives_probabilities_is_true():
    q = find("kap1-for", "softmax")
    assert right_choice(q) == "Ja"
    p = Softmax()(np.array([[2.0, -1.0, 0.5]]))
    assert np.all(p > 0) and math.isclose(p.sum(), 1.0)


@pytest.mark.parametrize("quiz_id, pattern, value", [
    ("kap1-for", "kvadratfeil", (3 - 1) ** 2),
    ("kap1-test", "absoluttfeil", np.mean(np.abs(np.array([2, 4, 6]) - [1, 4, 8]))),
    ("kap1-test", "kryssentropi", -math.log(0.5)),
    ("kap2-for", r"f′\(w\)|deriverte", 2 * 3),
    ("kap2-test", r"w = 2", 2 - 0.1 * 4),
    ("kap3-test", r"784.*128|parametere", Linear(784, 128).params["W"].size + 128),
    ("kap3-test", r"tanh", 1 - 0.5**2),
    ("kap4-for", r"28 × 28", 28 * 28),
    ("kap4-for", r"klasser", 10),
    ("kap4-test", "parametere", Net(Linear(784, 128), ReLU(), Linear(128, 10)).num_params()),
    ("kap4-test", r"0,1, 0,7 og 0,2", int(np.argmax([0.1, 0.7, 0.2]))),
    ("vektorer-for", r"prikkprodukt", np.dot([1, 2, 3], [4, 5, 6])),
    ("vektorer-for", r"\(32, 784\).*\(128, 784\)", (np.zeros((32, 784)) @ np.zeros((128, 784)).T).size),
    ("vektorer-test", r"keepdims", np.ones((5, 3)).sum(axis=1, keepdims=True).size),
    ("vektorer-test", r"W = \[\[3, 4\]\]", (np.array([[1, 2]]) @ np.array([[3, 4]]).T + 5).item()),
])
def test_numeric_answers(quiz_id, pattern, value):
    q = find(quiz_id, pattern)
    assert "answer" in q, f"«{pattern}» i {quiz_id} er ikke et tallsvar"
    assert abs(q["answer"] - value) <= q["tolerance"]


def test_learning_rate_bound_for_w_squared():
    """For f(w) = w² konvergerer w ← (1 − 2η)w nøyaktig for 0 < η < 1."""
    q = find("kap2-test", r"konvergerer")
    for lr, converges in [(0.99 * q["answer"], True), (1.01 * q["answer"], False)]:
        w = 1.0
        for _ in range(2000):
            w -= lr * 2 * w
        assert (abs(w) < 1e-3) == converges


def test_dw_is_dout_transposed_times_x():
    """Formen avgjør: (ut, B) @ (B, inn) gir (ut, inn), som W."""
    q = find("vektorer-test", r"dW")
    dout, x = np.ones((32, 10)), np.ones((32, 128))
    assert right_choice(q) == "dout.T @ x" and (dout.T @ x).shape == (10, 128)


def test_column_and_row_vector_broadcast_to_a_matrix():
    """Den klassiske fellen: (4, 1) minus (4,) gir (4, 4), ikke (4, 1)."""
    q = find("vektorer-test", r"y_hat")
    assert right_choice(q) == "(4, 4)" and (np.zeros((4, 1)) - np.zeros(4)).shape == (4, 4)


def test_matmul_needs_matching_inner_dimensions():
    q = find("vektorer-for", r"\(3, 2\)")
    assert right_choice(q).startswith("Nei")
    with pytest.raises(ValueError):
        np.ones((3, 2)) @ np.ones((3, 2))
