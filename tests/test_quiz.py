"""Quizene: HTML-en som lages. (I nettleseren testes de på hvert kapittel i test_site.py.)"""

import pytest

from mlfw.quiz import quiz_html

QUESTIONS = [
    {"question": "Gjør softmax poeng om til sannsynligheter?",
     "choices": [("Ja", True, "Radene blir positive og summerer til 1."),
                 ("Nei", False, "Jo, det er nettopp det softmax gjør.")]},
    {"question": "Hva er 1/4?", "answer": 0.25, "tolerance": 0.001, "explanation": "1/4 = 0,25."},
]


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
