"""Små quizer med forklaring til hvert svar, som virker både i Jupyter og på nettstedet.

En quiz er vanlig HTML med litt JavaScript i linja, uten noe som hentes fra nettet.
Den lagres som utdata når kapitlet kjøres, så nettstedet viser den uten Python.

Et spørsmål er en ordbok:

- flervalg: ``{"question": ..., "choices": [(tekst, riktig, forklaring), ...]}``
- tallsvar: ``{"question": ..., "answer": 0.5, "tolerance": 0.01, "explanation": ...}``

>>> q = [{"question": "Er 2 + 2 = 4?", "choices": [("Ja", True, "Riktig."), ("Nei", False, "Prøv igjen.")]}]
>>> "Er 2 + 2 = 4?" in quiz_html("demo", "Test deg selv", q)
True
"""

from html import escape

_STYLE = """
.mlfw-quiz{border:1px solid #888;border-radius:6px;padding:.6em 1em;margin:1em 0;background:rgba(127,127,127,.06)}
.mlfw-quiz fieldset{border:0;margin:.8em 0;padding:0}
.mlfw-quiz legend{font-weight:bold;font-size:1rem;line-height:1.4;margin-bottom:.3em}
.mlfw-quiz label{display:block;margin:.15em 0;cursor:pointer}
.mlfw-quiz .mlfw-fb{margin:.3em 0 .3em 1.6em;padding:.2em .6em;border-left:4px solid #555}
.mlfw-quiz .mlfw-fb[data-correct="true"]{border-left-style:solid}
.mlfw-quiz .mlfw-fb[data-correct="false"]{border-left-style:dashed}
"""

# Viser forklaringen til valgt svar; tallsvar godtar både 0,5 og 0.5.
_SCRIPT = """
(function () {
  var quiz = document.getElementById("%(id)s");
  if (!quiz || quiz.dataset.ready) return;
  quiz.dataset.ready = "1";
  quiz.querySelectorAll("fieldset[data-kind=choice]").forEach(function (q) {
    q.addEventListener("change", function (e) {
      q.querySelectorAll(".mlfw-fb").forEach(function (fb) {
        fb.hidden = fb.dataset.choice !== e.target.value;
      });
    });
  });
  quiz.querySelectorAll("fieldset[data-kind=number]").forEach(function (q) {
    var input = q.querySelector("input"), fb = q.querySelector(".mlfw-fb");
    q.querySelector("button").addEventListener("click", function () {
      var value = parseFloat(input.value.replace(",", ".").trim());
      var ok = Math.abs(value - parseFloat(q.dataset.answer)) <= parseFloat(q.dataset.tolerance);
      fb.dataset.correct = String(ok);
      fb.textContent = (ok ? "Riktig! " : "Ikke helt. ") + q.dataset.explanation;
      fb.hidden = false;
    });
  });
})();
"""


def _choice(quiz_id: str, number: int, q: dict) -> str:
    name = f"{quiz_id}-{number}"
    if sum(bool(correct) for _, correct, _ in q["choices"]) != 1:
        raise ValueError(f"Spørsmål {number} i quizen «{quiz_id}» må ha nøyaktig ett riktig svar.")
    parts = [f'<fieldset data-kind="choice"><legend>{number}. {escape(q["question"])}</legend>']
    for i, (text, correct, explanation) in enumerate(q["choices"]):
        verdict = "Riktig!" if correct else "Ikke riktig."
        parts.append(f'<label><input type="radio" name="{name}" value="{i}"> {escape(text)}</label>')
        parts.append(f'<div class="mlfw-fb" data-choice="{i}" data-correct="{str(bool(correct)).lower()}" '
                     f'role="status" hidden>{verdict} {escape(explanation)}</div>')
    parts.append("</fieldset>")
    return "\n".join(parts)


def _number(number: int, q: dict) -> str:
    return (
        f'<fieldset data-kind="number" data-answer="{q["answer"]!r}" '
        f'data-tolerance="{q.get("tolerance", 1e-9)!r}" data-explanation="{escape(q["explanation"])}">'
        f'<legend>{number}. {escape(q["question"])}</legend>'
        f'<label>Svar: <input type="text" inputmode="decimal" size="8"></label> '
        f'<button type="button">Sjekk svaret</button>'
        f'<div class="mlfw-fb" role="status" hidden></div></fieldset>'
    )


def quiz_html(quiz_id: str, title: str, questions: list[dict]) -> str:
    """HTML for en quiz. `quiz_id` må være unik på siden (for eksempel «kap1-for»)."""
    if not questions:
        raise ValueError(f"Quizen «{quiz_id}» har ingen spørsmål.")
    body = [_choice(quiz_id, n, q) if "choices" in q else _number(n, q) for n, q in enumerate(questions, 1)]
    return (
        f'<div class="mlfw-quiz" id="{quiz_id}"><style>{_STYLE}</style>'
        f'<p><strong>{escape(title)}</strong></p>\n' + "\n".join(body)
        + f"\n<script>{_SCRIPT % {'id': quiz_id}}</script></div>"
    )


def show(quiz_id: str, title: str, questions: list[dict]):
    """Vis quizen i notebooken (og lagre den som HTML-utdata for nettstedet)."""
    from IPython.display import HTML

    return HTML(quiz_html(quiz_id, title, questions))
