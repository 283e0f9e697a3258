"""Fasiten i kapitlenes quizer: tallsvarene regnes ut på nytt, og kjente feller sjekkes."""

import ast
import json
import math
from pathlib import Path

import numpy as np
import pytest

from mlfw import Linear, Net, ReLU, Softmax

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


def find(quiz_id: str, start: str) -> dict:
    (question,) = [q for q in QUIZZES[quiz_id] if q["question"].startswith(start)]
    return question


def test_every_chapter_has_two_quizzes_of_three_to_five_questions():
    assert sorted(QUIZZES) == [f"kap{n}-{kind}" for n in range(1, 5) for kind in ("for", "test")]
    assert all(3 <= len(questions) <= 5 for questions in QUIZZES.values())


def test_every_answer_has_an_explanation():
    for questions in QUIZZES.values():
        for q in questions:
            if "choices" in q:
                assert all(explanation.strip() for _, _, explanation in q["choices"])
            else:
                assert q["explanation"].strip()


def test_softmax_gives_probabilities_is_true():
    q = find("kap1-for", "Gjør softmax")
    assert [text for text, correct, _ in q["choices"] if correct] == ["Ja"]
    p = Softmax()(np.array([[2.0, -1.0, 0.5]]))
    assert np.all(p > 0) and math.isclose(p.sum(), 1.0)


@pytest.mark.parametrize("quiz_id, start, value", [
    ("kap1-for", "Modellen spår 3", (3 - 1) ** 2),
    ("kap1-test", "Prediksjonene er 2, 4 og 6", np.mean(np.abs(np.array([2, 4, 6]) - [1, 4, 8]))),
    ("kap1-test", "Modellen gir sannsynligheten 0,5", -math.log(0.5)),
    ("kap2-for", "f(w) = w²", 2 * 3),
    ("kap2-test", "Vi har w = 2", 2 - 0.1 * 4),
    ("kap3-test", "Et Linear-lag har 784", Linear(784, 128).params["W"].size + 128),
    ("kap3-test", "Tanh gir y = 0,5", 1 - 0.5**2),
    ("kap4-for", "Et MNIST-bilde", 28 * 28),
    ("kap4-test", "Hvor mange parametere", Net(Linear(784, 128), ReLU(), Linear(128, 10)).num_params()),
    ("kap4-test", "Nettet gir sannsynlighetene", int(np.argmax([0.1, 0.7, 0.2]))),
])
def test_numeric_answers(quiz_id, start, value):
    q = find(quiz_id, start)
    assert abs(q["answer"] - value) <= q["tolerance"]


def test_learning_rate_bound_for_w_squared():
    """For f(w) = w² konvergerer w ← (1 − 2η)w nøyaktig for 0 < η < 1."""
    q = find("kap2-test", "For f(w) = w²")
    for lr, converges in [(0.99 * q["answer"], True), (1.01 * q["answer"], False)]:
        w = 1.0
        for _ in range(2000):
            w -= lr * 2 * w
        assert (abs(w) < 1e-3) == converges
