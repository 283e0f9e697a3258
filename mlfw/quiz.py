"""Små quizer med forklaring til hvert svar, som virker både i Jupyter og på nettstedet.

En quiz er vanlig HTML med litt JavaScript i linja, uten noe som hentes fra internett.
Den lagres som utdata når kapitlet kjøres, så nettstedet viser den uten Python.

Et spørsmål er en ordbok:

- flervalg: ``{"question": ..., "choices": [(tekst, riktig, forklaring), ...]}``
- tallsvar: ``{"question": ..., "answer": 0.5, "tolerance": 0.01, "explanation": ...}``

I kilden kan det riktige svaret gjerne stå først. Når quizen lages, stokkes
svaralternativene i en fast rekkefølge som bare avhenger av quizens id og
spørsmålsteksten (se :func:`choice_order`), så det riktige svaret havner på ulike
plasser, og HTML-en blir den samme hver gang kapitlet kjøres.

Tallsvar godtar desimalkomma og desimalpunktum (``0,5`` og ``0.5``), mellomrom mellom
tusener (``100 480``) og minustegnet ``−``. Et tomt svar, eller noe som ikke er et tall,
gir et hint og viser ikke løsningen. Tilbakemeldingen forsvinner når du endrer svaret,
og Enter i svarfeltet sjekker svaret.

>>> q = [{"question": "Er 2 + 2 = 4?", "choices": [("Ja", True, "Riktig."), ("Nei", False, "Prøv igjen.")]}]
>>> "Er 2 + 2 = 4?" in quiz_html("demo", "Test deg selv", q)
True

På papir (PDF-utgaven) kan ingen klikke. Derfor har quizen også en Markdown-utgave,
:func:`quiz_markdown`: spørsmålene med svaralternativene a), b), c) der quizen står, og
svarene med forklaringer mellom merkene ``<!-- mlfw-svar -->`` og ``<!-- /mlfw-svar -->``.
PDF-byggingen (``_ext/bok_pdf.py``) flytter dem til en løsningsdel sist i kapitlet.
Nettstedet og Jupyter viser HTML-en som før.
"""

import hashlib
import re
from html import escape

_STYLE = """
.mlfw-quiz{border:1px solid #888;border-radius:6px;padding:.6em 1em;margin:1em 0;background:rgba(127,127,127,.06)}
.mlfw-quiz fieldset{border:0;margin:.8em 0;padding:0;min-width:0}
.mlfw-quiz legend{font-weight:bold;font-size:1rem;line-height:1.4;margin-bottom:.3em}
.mlfw-quiz label{display:block;margin:.15em 0;cursor:pointer}
.mlfw-quiz .mlfw-fb{margin:.3em 0 .3em 1.6em;padding:.2em .6em;border-left:4px solid #555}
.mlfw-quiz .mlfw-fb:empty{margin:0;padding:0;border:0}
.mlfw-quiz .mlfw-fb[data-correct="true"]{border-left-style:solid}
.mlfw-quiz .mlfw-fb[data-correct="false"]{border-left-style:dashed}
.mlfw-quiz .mlfw-fb[data-correct="hint"]{border-left-style:dotted}
.mlfw-quiz input[type=text]{max-width:100%;font:inherit}
.mlfw-quiz :focus-visible{outline:2px solid currentColor;outline-offset:2px}
.mlfw-quiz .mlfw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
"""

# Flervalg: vis forklaringen til valgt svar og les den opp (aria-live).
# Tallsvar: godta 0,5 og 0.5, «100 480» og «−2»; tomt svar gir et hint, ikke løsningen.
_SCRIPT = """
(function () {
  var quiz = document.getElementById("%(id)s");
  if (!quiz || quiz.dataset.ready) return;
  quiz.dataset.ready = "1";
  quiz.querySelectorAll("fieldset[data-kind=choice]").forEach(function (q) {
    var live = q.querySelector(".mlfw-sr");
    q.addEventListener("change", function (e) {
      q.querySelectorAll(".mlfw-fb").forEach(function (fb) {
        fb.hidden = fb.dataset.choice !== e.target.value;
        if (!fb.hidden) live.textContent = fb.textContent;
      });
    });
  });
  function parse(text) {
    var s = text.replace(/[\\s\\u00a0\\u202f\\u2009]/g, "").replace(/\\u2212/g, "-").replace(",", ".");
    return /^[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?$/i.test(s) ? parseFloat(s) : NaN;
  }
  quiz.querySelectorAll("fieldset[data-kind=number]").forEach(function (q) {
    var input = q.querySelector("input"), fb = q.querySelector(".mlfw-fb");
    function show(kind, text) { fb.dataset.correct = kind; fb.textContent = text; }
    function check() {
      if (!input.value.trim()) return show("hint", "Skriv inn et tall først.");
      var value = parse(input.value);
      if (isNaN(value)) return show("hint", "Det er ikke et tall. Skriv for eksempel 0,5 eller 100 480.");
      var ok = Math.abs(value - parseFloat(q.dataset.answer)) <= parseFloat(q.dataset.tolerance);
      show(String(ok), (ok ? "Riktig! " : "Ikke helt. ") + q.dataset.explanation);
    }
    q.querySelector("button").addEventListener("click", check);
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); check(); }
    });
    input.addEventListener("input", function () { fb.textContent = ""; delete fb.dataset.correct; });
  });
})();
"""


def choice_order(quiz_id: str, question: str, n: int) -> list[int]:
    """Rekkefølgen svaralternativene vises i: en fast stokking av 0, …, n − 1.

    Stokkingen avhenger bare av quizens id og spørsmålsteksten, ikke av Python-versjon
    eller tilfeldige frø, så HTML-en er den samme hver gang.

    >>> sorted(choice_order("kap1-for", "Hva måler en tapfunksjon?", 3))
    [0, 1, 2]
    >>> choice_order("q", "?", 4) == choice_order("q", "?", 4)
    True
    """
    def key(i: int) -> str:
        return hashlib.sha256(f"{quiz_id}\n{question}\n{i}".encode("utf-8")).hexdigest()

    return sorted(range(n), key=key)


def _choice(quiz_id: str, number: int, q: dict) -> str:
    name = f"{quiz_id}-{number}"
    if sum(bool(correct) for _, correct, _ in q["choices"]) != 1:
        raise ValueError(f"Spørsmål {number} i quizen «{quiz_id}» må ha nøyaktig ett riktig svar.")
    parts = [f'<fieldset data-kind="choice"><legend>{number}. {escape(q["question"])}</legend>']
    order = choice_order(quiz_id, q["question"], len(q["choices"]))
    for shown, original in enumerate(order):
        text, correct, explanation = q["choices"][original]
        verdict = "Riktig!" if correct else "Ikke riktig."
        parts.append(f'<label><input type="radio" name="{name}" value="{shown}"> {escape(text)}</label>')
        parts.append(f'<div class="mlfw-fb" data-choice="{shown}" data-correct="{str(bool(correct)).lower()}" '
                     f'hidden>{verdict} {escape(explanation)}</div>')
    parts.append('<div class="mlfw-sr" aria-live="polite"></div></fieldset>')
    return "\n".join(parts)


def _number(quiz_id: str, number: int, q: dict) -> str:
    field = f"{quiz_id}-{number}-svar"
    return (
        f'<fieldset data-kind="number" data-answer="{q["answer"]!r}" '
        f'data-tolerance="{q.get("tolerance", 1e-9)!r}" data-explanation="{escape(q["explanation"])}">'
        f'<legend>{number}. {escape(q["question"])}</legend>'
        f'<label for="{field}">Svar (tall):</label> '
        f'<input id="{field}" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" '
        f'size="10" aria-describedby="{field}-fb"> '
        f'<button type="button">Sjekk svaret</button>'
        f'<div class="mlfw-fb" id="{field}-fb" role="status"></div></fieldset>'
    )


def quiz_html(quiz_id: str, title: str, questions: list[dict]) -> str:
    """HTML for en quiz. `quiz_id` må være unik på siden (for eksempel «kap1-for»)."""
    if not questions:
        raise ValueError(f"Quizen «{quiz_id}» har ingen spørsmål.")
    body = [_choice(quiz_id, n, q) if "choices" in q else _number(quiz_id, n, q)
            for n, q in enumerate(questions, 1)]
    return (
        f'<div class="mlfw-quiz" id="{quiz_id}" lang="nb"><style>{_STYLE}</style>'
        f'<p><strong>{escape(title)}</strong></p>\n' + "\n".join(body)
        + f"\n<script>{_SCRIPT % {'id': quiz_id}}</script></div>"
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~])")
ANSWERS_START, ANSWERS_END = "<!-- mlfw-svar -->", "<!-- /mlfw-svar -->"


def _md(text: str) -> str:
    """Tekst som Markdown viser bokstavelig (tegn som `*` og `_` får en skråstrek foran)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _number_text(value: float) -> str:
    """Et tall i norsk tekst: 1,6 og 100 480 (hardt mellomrom mellom tusener)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u00a0").replace("-", "−")
    return f"{value:g}".replace(".", ",").replace("-", "−")


def quiz_markdown(quiz_id: str, title: str, questions: list[dict]) -> str:
    """Quizen for papir: spørsmålene med alternativene a), b), … og så svarene med forklaring.

    Svarene står mellom ``<!-- mlfw-svar -->`` og ``<!-- /mlfw-svar -->`` (usynlig i
    Markdown), så PDF-byggingen kan flytte dem bakerst i kapitlet.

    >>> q = [{"question": "Er 2 + 2 = 4?", "choices": [("Ja", True, "Riktig."), ("Nei", False, "Nei.")]},
    ...      {"question": "Hva er 3 / 2?", "answer": 1.5, "explanation": "Halvannen."}]
    >>> print(quiz_markdown("demo", "Test deg selv", q))  # doctest: +NORMALIZE_WHITESPACE
    **Test deg selv**
    <BLANKLINE>
    1. Er 2 + 2 = 4?
    <BLANKLINE>
       - a) Nei
       - b) Ja
    <BLANKLINE>
    2. Hva er 3 / 2?
    <BLANKLINE>
       Svar: ……………
    <BLANKLINE>
    <!-- mlfw-svar -->
    <BLANKLINE>
    **Test deg selv**
    <BLANKLINE>
    1. Svar: b) Ja. Riktig.
    2. Svar: 1,5. Halvannen.
    <BLANKLINE>
    <!-- /mlfw-svar -->
    """
    if not questions:
        raise ValueError(f"Quizen «{quiz_id}» har ingen spørsmål.")
    asked, answers = [f"**{_md(title)}**", ""], []
    for n, q in enumerate(questions, 1):
        asked += [f"{n}. {_md(q['question'])}", ""]
        if "choices" in q:
            order = choice_order(quiz_id, q["question"], len(q["choices"]))
            for shown, original in enumerate(order):
                text, correct, explanation = q["choices"][original]
                label = f"{'abcdefghij'[shown]})"
                asked.append(f"   - {label} {_md(text)}")
                if correct:
                    answers.append(f"{n}. Svar: {label} {_md(text).rstrip('.')}. {_md(explanation)}")
            asked.append("")
        else:
            asked += ["   Svar: ……………", ""]
            answers.append(f"{n}. Svar: {_number_text(q['answer'])}. {_md(q['explanation'])}")
    return "\n".join(asked + [ANSWERS_START, "", f"**{_md(title)}**", "", *answers, "", ANSWERS_END])


class Quiz:
    """Det `show` gir: HTML for skjermen, Markdown for papir og en kort tekst.

    Jupyter og nettstedet velger HTML-en; PDF-byggingen (LaTeX) velger Markdown-utgaven.
    """

    def __init__(self, quiz_id: str, title: str, questions: list[dict]) -> None:
        self.html = quiz_html(quiz_id, title, questions)
        self.markdown = quiz_markdown(quiz_id, title, questions)
        self.title = title

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html, "text/markdown": self.markdown, "text/plain": f"Quiz: {self.title}"}


def show(quiz_id: str, title: str, questions: list[dict]) -> Quiz:
    """Vis quizen i notebooken (og lagre den som HTML- og Markdown-utdata for nettstedet og PDF-en)."""
    return Quiz(quiz_id, title, questions)
