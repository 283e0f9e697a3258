"""Quizene: HTML-en som lages, og at riktig og galt svar gir riktig tilbakemelding i en ekte nettleser."""

import functools
import http.server
import threading

import pytest

from conftest import require_tool
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


@pytest.fixture(scope="module")
def quiz_page(tmp_path_factory):
    root = tmp_path_factory.mktemp("quiz")
    (root / "index.html").write_text(
        '<!doctype html><html lang="nb"><meta charset="utf-8"><link rel="icon" href="data:,"><body>'
        + quiz_html("test-quiz", "Test deg selv", QUESTIONS) + "</body></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/index.html"
    server.shutdown()


def test_quiz_feedback_in_a_real_browser(quiz_page):
    from browser import chromium_page

    with chromium_page(require_tool("chromium")) as page:
        page.goto(quiz_page)
        choice = page.locator("fieldset[data-kind=choice]")
        assert not choice.locator(".mlfw-fb").first.is_visible()
        choice.locator("input[value='1']").check()
        assert choice.locator(".mlfw-fb[data-choice='1']").is_visible()
        assert "Ikke riktig." in choice.locator(".mlfw-fb[data-choice='1']").inner_text()
        choice.locator("input[value='0']").check()
        assert not choice.locator(".mlfw-fb[data-choice='1']").is_visible()
        assert choice.locator(".mlfw-fb[data-choice='0']").inner_text().startswith("Riktig!")

        number = page.locator("fieldset[data-kind=number]")
        number.locator("input").fill("0,3")
        number.locator("button").click()
        assert number.locator(".mlfw-fb").inner_text().startswith("Ikke helt.")
        number.locator("input").fill("0,25")
        number.locator("button").click()
        assert number.locator(".mlfw-fb").inner_text() == "Riktig! 1/4 = 0,25."
