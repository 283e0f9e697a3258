"""Kapittel 5 og mlfw sier det samme: kapitlets dropout-lag mot `mlfw.Dropout`, og fasiten i quizene.

Kapitlet skriver sin egen `SimpleDropout` (formelen med den deriverte rett under). Testen
henter klassen fra notebooken, gir den og `mlfw.Dropout` samme inndata og samme frø, og
krever like utdata og gradienter i trenings- og evalueringsmodus. Tallsvarene i quizene
regnes ut på nytt med optimererne i mlfw.
"""

import ast
import json
from pathlib import Path

import numpy as np
import pytest

from mlfw import Adam, Dropout, Linear, Module, Momentum, Net

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "chapters" / "05-trening-som-virker.ipynb"


def _cells() -> list[dict]:
    return json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]


def _chapter_class(name: str):
    """Klassen `name` fra kodecellen i kapitlet der den skrives (bare klassen, ikke resten av cellen)."""
    for cell in _cells():
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and f"class {name}(" in source:
            tree = ast.parse(source)
            (node,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name]
            namespace = {"np": np, "Module": Module}
            exec(compile(ast.Module(body=[node], type_ignores=[]), str(CHAPTER), "exec"), namespace)
            return namespace[name]
    raise AssertionError(f"fant ikke class {name} i {CHAPTER.name}")


def _quiz(quiz_id: str) -> list[dict]:
    for cell in _cells():
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and f"show('{quiz_id}'" in source:
            call = ast.parse(source).body[-1].value
            return ast.literal_eval(call.args[2])
    raise AssertionError(f"fant ikke quizen {quiz_id}")


def _question(quiz_id: str, word: str) -> dict:
    hits = [q for q in _quiz(quiz_id) if word.lower() in q["question"].lower()]
    assert len(hits) == 1, f"«{word}» traff {len(hits)} spørsmål i {quiz_id}"
    return hits[0]


@pytest.mark.parametrize("p", [0.0, 0.3, 0.5, 0.9])
def test_chapter_dropout_agrees_with_mlfw(p):
    SimpleDropout = _chapter_class("SimpleDropout")
    rng = np.random.default_rng(0)
    ours, theirs = SimpleDropout(p, rng=11), Dropout(p, rng=11)
    for _ in range(3):  # en ny maske hver gang, i samme rekkefølge
        x, dout = rng.normal(size=(8, 6)), rng.normal(size=(8, 6))
        np.testing.assert_array_equal(ours(x), theirs(x))
        np.testing.assert_array_equal(ours.backward(dout), theirs.backward(dout))
    ours.set_training(False)
    theirs.set_training(False)
    x, dout = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    np.testing.assert_array_equal(ours(x), x)
    np.testing.assert_array_equal(ours(x), theirs(x))
    np.testing.assert_array_equal(ours.backward(dout), theirs.backward(dout))


def test_chapter_dropout_drops_about_p_and_keeps_the_mean():
    SimpleDropout = _chapter_class("SimpleDropout")
    out = SimpleDropout(0.3, rng=0)(np.ones((200, 100)))
    assert abs((out == 0).mean() - 0.3) < 0.01
    assert abs(out.mean() - 1.0) < 0.02


def _one_weight_net():
    net = Net(Linear(1, 1, rng=0))
    net.params["0.W"][:] = 0.0
    net.params["0.b"][:] = 0.0
    return net


def _feed(net, g):
    net.layers[0].grads = {"W": np.array([[g]]), "b": np.array([0.0])}


def test_quiz_momentum_velocity_after_two_steps():
    q = _question("kap5-test", "Momentum med β")
    net = _one_weight_net()
    opt = Momentum(net, lr=0.1, beta=0.9)
    for _ in range(2):
        _feed(net, 1.0)
        opt.step()
    velocity = -net.params["0.W"][0, 0] / 0.1 - 1.0  # W = −η(v₁ + v₂) og v₁ = 1
    assert abs(q["answer"] - velocity) <= q["tolerance"]


def test_quiz_adam_first_moment_before_correction():
    q = _question("kap5-test", "skjevhetskorrigeringen")
    net = _one_weight_net()
    opt = Adam(net, lr=0.1, beta1=0.9)
    _feed(net, 2.0)
    opt.step()
    (state,) = [s for key, s in opt.state.items() if key == "0.W"]
    assert abs(q["answer"] - float(state["m"][0, 0])) <= q["tolerance"]


def test_quiz_dropout_scale():
    q = _question("kap5-test", "dropout har p = 0,5")
    out = Dropout(0.5, rng=0)(np.ones((10, 10)))
    assert abs(q["answer"] - out.max()) <= q["tolerance"]


def test_quiz_plain_step():
    q = _question("kap5-for", "Gradienten for en vekt er 2")
    assert abs(q["answer"] - 0.1 * 2) <= q["tolerance"]


def test_quiz_weight_decay_only_on_weights():
    q = _question("kap5-test", "vektforfallet")
    (right,) = [text for text, correct, _ in q["choices"] if correct]
    net = Net(Linear(1, 1, rng=0))
    net.params["0.W"][:] = 1.0
    net.params["0.b"][:] = 1.0
    net.layers[0].grads = {"W": np.array([[0.0]]), "b": np.array([0.0])}
    Adam(net, lr=0.1, weight_decay=0.5).step()
    assert right.startswith("Bare vektmatrisene")
    assert net.params["0.W"][0, 0] < 1.0 and net.params["0.b"][0] == 1.0


def test_both_quizzes_have_three_to_five_questions_with_a_choice_and_a_number():
    for quiz_id in ("kap5-for", "kap5-test"):
        questions = _quiz(quiz_id)
        assert 3 <= len(questions) <= 5
        assert any("choices" in q for q in questions) and any("answer" in q for q in questions)
