"""Stavekontroll av all norsk prosa med hunspell nb_NO og prosjektets ordliste."""

import pytest

from conftest import require_tool
from spelling.prose import WORDLIST, misspelled, prose, prose_files, strip_markup


@pytest.fixture(scope="module")
def hunspell():
    return require_tool("hunspell")


@pytest.mark.parametrize("path", prose_files(), ids=lambda p: p.name)
def test_prose_is_spelled_correctly(hunspell, path):
    unknown = misspelled(prose(path), hunspell)
    assert unknown == [], f"Ukjente ord i {path.name}: {unknown} — rett dem, eller legg fagord i {WORDLIST.name}"


def test_a_planted_misspelling_is_caught(hunspell):
    text = "Vi minimerer tapfunksjonen med gradientnedstigning og en liten læringsrate."
    assert misspelled(text, hunspell) == []
    assert misspelled(text.replace("læringsrate", "læringsrtae"), hunspell) == ["læringsrtae"]


def test_code_and_math_are_not_spell_checked():
    text = "Se `np.xyzzy` og $\\mathcal{L}_{qwrt}$ på https://eksempel.no/qqq."
    assert "xyzzy" not in strip_markup(text) and "qwrt" not in strip_markup(text)


def test_wordlist_is_sorted_and_unique():
    words = WORDLIST.read_text(encoding="utf-8").split()
    assert words == sorted(set(words))
