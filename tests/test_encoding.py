"""All tekst i repoet er gyldig UTF-8 uten feildekodet æ, ø og å (mojibake)."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = {".png", ".jpg", ".gz", ".ico", ".woff", ".woff2", ".db"}


def _mojibake_patterns() -> list[str]:
    """Slik æøå (og – og ’) ser ut når UTF-8 leses som Latin-1/CP1252 eller Mac Roman."""
    patterns = ["\ufffd"]
    for ch in "æøåÆØÅéü–—’“”«»":
        raw = ch.encode("utf-8")
        for wrong in ("latin-1", "cp1252", "mac_roman"):
            try:
                patterns.append(raw.decode(wrong))
            except UnicodeDecodeError:
                pass
    return sorted(set(patterns))


def tracked_text_files() -> list[Path]:
    """Alle filer git følger, unntatt bilder og andre binærfiler."""
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    paths = [ROOT / n for n in out.decode("utf-8").split("\0") if n]
    return [p for p in paths if p.suffix not in BINARY and p.is_file() and b"\0" not in p.read_bytes()[:8000]]


def find_mojibake(text: str) -> list[str]:
    return [p for p in _mojibake_patterns() if p in text]


def test_patterns_catch_typical_mojibake():
    assert find_mojibake("l" + "æ".encode().decode("latin-1") + "ringsrate")
    assert find_mojibake("gj" + "ø".encode().decode("mac_roman") + "r")
    assert find_mojibake("a " + "–".encode().decode("cp1252") + " b")
    assert not find_mojibake("læringsrate, skjult lag, på – «sitat»")


def test_every_tracked_text_file_is_clean_utf8():
    files = tracked_text_files()
    assert len(files) > 20
    problems = {}
    for path in files:
        try:
            found = find_mojibake(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError as err:
            found = [f"ikke UTF-8: {err}"]
        if found:
            problems[str(path.relative_to(ROOT))] = found
    assert problems == {}
