"""Quizene: HTML-en som lages, og skriptet i den (kjørt i Node med en liten, laget DOM).

I en ekte nettleser testes quizene på hvert kapittel i test_site.py.
"""

import json
import re
import subprocess

import pytest

from conftest import require_tool
from mlfw.quiz import _SCRIPT, choice_order, quiz_html

QUESTIONS = [
    {"question": "Gjør softmax poeng om til sannsynligheter?",
     "choices": [("Ja", True, "Radene blir positive og summerer til 1."),
                 ("Nei", False, "Jo, det er nettopp det softmax gjør.")]},
    {"question": "Hva er 1/4?", "answer": 0.25, "tolerance": 0.001, "explanation": "1/4 = 0,25."},
]
THREE = [("riktig", True, "a"), ("feil 1", False, "b"), ("feil 2", False, "c")]


def test_html_has_every_question_and_explanation():
    html = quiz_html("test-quiz", "Test deg selv", QUESTIONS)
    assert html.count("<fieldset") == 2
    assert "Radene blir positive og summerer til 1." in html and 'data-answer="0.25"' in html
    assert "http" not in html  # ingenting hentes fra nettet


def test_text_is_escaped():
    html = quiz_html("q", "T", [{"question": "Er 1 < 2?", "choices": [("ja", True, "x"), ("nei", False, "y")]}])
    assert "Er 1 &lt; 2?" in html


@pytest.mark.parametrize("flags", [(True, True), (False, False)])
def test_choice_question_needs_exactly_one_right_answer(flags):
    q = [{"question": "?", "choices": [("a", flags[0], "x"), ("b", flags[1], "y")]}]
    with pytest.raises(ValueError, match="nøyaktig ett riktig svar"):
        quiz_html("q", "T", q)


def test_empty_quiz_is_rejected():
    with pytest.raises(ValueError, match="ingen spørsmål"):
        quiz_html("q", "T", [])


# --- Stokkingen av svaralternativene -------------------------------------------------------


def shown_choices(html: str) -> list[tuple[str, str, str]]:
    """(value, tekst, data-correct) for hvert alternativ, i den rekkefølgen siden viser dem."""
    labels = re.findall(r'<input type="radio" name="[^"]+" value="(\d+)"> ([^<]*)</label>', html)
    verdicts = dict(re.findall(r'data-choice="(\d+)" data-correct="(true|false)"', html))
    return [(value, text, verdicts[value]) for value, text in labels]


def test_choices_are_shuffled_but_the_key_follows_the_right_answer():
    questions = [{"question": f"Spørsmål {i}?", "choices": THREE} for i in range(12)]
    html = quiz_html("stokk", "T", questions)
    positions = []
    for block in html.split("<fieldset")[1:]:
        shown = shown_choices(block)
        assert [value for value, _, _ in shown] == ["0", "1", "2"]  # value er plassen på siden
        assert sorted(text for _, text, _ in shown) == ["feil 1", "feil 2", "riktig"]
        assert [text for _, text, correct in shown if correct == "true"] == ["riktig"]
        positions.append([text for _, text, _ in shown].index("riktig"))
    assert len(set(positions)) == 3, f"det riktige svaret står alltid på samme plass: {positions}"


def test_shuffle_is_deterministic_and_depends_on_quiz_and_question():
    assert quiz_html("a", "T", QUESTIONS) == quiz_html("a", "T", QUESTIONS)
    orders = {tuple(choice_order(quiz, question, 4)) for quiz in ("a", "b", "c") for question in ("x?", "y?")}
    assert len(orders) > 1
    assert all(sorted(order) == [0, 1, 2, 3] for order in orders)


# --- Tilgjengelighet -----------------------------------------------------------------------


def test_number_field_has_a_label_and_announced_feedback():
    html = quiz_html("kap9-for", "Før du leser", QUESTIONS)
    field = re.search(r'<input id="([^"]+)" type="text"[^>]*aria-describedby="([^"]+)"', html)
    assert field, "tallfeltet mangler id eller aria-describedby"
    assert f'<label for="{field[1]}">Svar (tall):</label>' in html
    assert f'id="{field[2]}" role="status"' in html
    assert 'lang="nb"' in html and 'aria-live="polite"' in html  # flervalg leses også opp


# --- Skriptet, kjørt i Node ----------------------------------------------------------------

# En liten DOM med det skriptet bruker: getElementById, querySelector(All), dataset,
# hidden, textContent og hendelser.
FAKE_DOM = r"""
function El(props) { Object.assign(this, {dataset: {}, hidden: false, textContent: "", value: "",
                                          handlers: {}, children: {}}, props); }
El.prototype.addEventListener = function (type, fn) { (this.handlers[type] = this.handlers[type] || []).push(fn); };
El.prototype.fire = function (type, event) {
  (this.handlers[type] || []).forEach(function (fn) { fn(Object.assign({preventDefault: function () {}}, event)); });
};
El.prototype.querySelector = function (sel) { return this.children[sel]; };
El.prototype.querySelectorAll = function (sel) { return this.children[sel] || []; };

var fb = new El({}), input = new El({}), button = new El({});
var number = new El({dataset: {answer: ANSWER, tolerance: TOLERANCE, explanation: "Forklaringen."},
                     children: {"input": input, ".mlfw-fb": fb, "button": button}});
var choiceFb = [0, 1].map(function (i) { return new El({dataset: {choice: String(i)}, hidden: true,
                                                         textContent: "Svar " + i}); });
var live = new El({});
var choice = new El({children: {".mlfw-fb": choiceFb, ".mlfw-sr": live}});
var quiz = new El({children: {"fieldset[data-kind=choice]": [choice], "fieldset[data-kind=number]": [number]}});
var document = {getElementById: function () { return quiz; }};
"""

# Etter skriptet: gjør stegene og skriv ut tilstanden etter hvert av dem.
RUN_STEPS = r"""
var log = [];
function state() { return {text: fb.textContent, correct: fb.dataset.correct === undefined ? null : fb.dataset.correct}; }
STEPS.forEach(function (step) {
  if (step[0] === "type") { input.value = step[1]; input.fire("input", {}); }
  else if (step[0] === "click") { button.fire("click", {}); }
  else if (step[0] === "key") { input.fire("keydown", {key: step[1]}); }
  else if (step[0] === "choose") { choice.fire("change", {target: {value: step[1]}}); }
  log.push({fb: state(), shown: choiceFb.map(function (f) { return !f.hidden; }), live: live.textContent});
});
process.stdout.write(JSON.stringify(log));
"""


def run_script(steps: list[list[str]], answer: float = 100480.0, tolerance: float = 0.5) -> list[dict]:
    """Kjør quizskriptet i Node og returner tilstanden etter hvert steg."""
    node = require_tool("node")
    dom = FAKE_DOM.replace("ANSWER", json.dumps(repr(answer))).replace("TOLERANCE", json.dumps(repr(tolerance)))
    program = dom + _SCRIPT % {"id": "q"} + RUN_STEPS.replace("STEPS", json.dumps(steps))
    result = subprocess.run([node, "-e", program], capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("text", ["100480", "100 480", "100\u00a0480", "100\u202f480", " 100480 ",
                                  "100480,0", "100480.0", "1,0048e5"])
def test_number_answers_accept_norwegian_ways_of_writing(text):
    *_, state = run_script([["type", text], ["click"]])
    assert state["fb"] == {"text": "Riktig! Forklaringen.", "correct": "true"}


@pytest.mark.parametrize("text, answer", [("0,25", 0.25), ("0.25", 0.25), ("−2,5", -2.5), ("-2.5", -2.5)])
def test_comma_and_point_decimals_and_unicode_minus(text, answer):
    *_, state = run_script([["type", text], ["click"]], answer=answer, tolerance=1e-9)
    assert state["fb"]["correct"] == "true"


@pytest.mark.parametrize("text", ["", "   ", "abc", "12abc", "1,2,3", "100 480 x"])
def test_empty_or_not_a_number_gives_a_hint_and_never_the_solution(text):
    *_, state = run_script([["type", text], ["click"]])
    assert state["fb"]["correct"] == "hint"
    assert "Forklaringen" not in state["fb"]["text"] and "Riktig" not in state["fb"]["text"]
    assert state["fb"]["text"].startswith(("Skriv inn et tall", "Det er ikke et tall"))


def test_a_wrong_number_says_so():
    *_, state = run_script([["type", "7"], ["click"]])
    assert state["fb"] == {"text": "Ikke helt. Forklaringen.", "correct": "false"}


def test_enter_submits_and_other_keys_do_not():
    states = run_script([["type", "100 480"], ["key", "a"], ["key", "Enter"]])
    assert states[1]["fb"]["text"] == ""
    assert states[2]["fb"]["text"].startswith("Riktig!")


def test_feedback_clears_when_the_answer_changes():
    states = run_script([["type", "100480"], ["click"], ["type", "10048"]])
    assert states[1]["fb"]["correct"] == "true"
    assert states[2]["fb"] == {"text": "", "correct": None}


def test_choosing_shows_only_that_explanation_and_announces_it():
    states = run_script([["choose", "1"], ["choose", "0"]])
    assert states[0]["shown"] == [False, True] and states[0]["live"] == "Svar 1"
    assert states[1]["shown"] == [True, False] and states[1]["live"] == "Svar 0"
