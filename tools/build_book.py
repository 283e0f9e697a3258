"""Bygg nettstedet: lag elevversjonene av oppgavene, så bygg boka med advarsler som feil.

Bruk: python -m tools.build_book [--output MAPPE]

`make book` og testene bruker begge denne, så de bygger på nøyaktig samme måte.
"""

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def release_assignments() -> int:
    """Lag elevversjonene i exercises/release (uten løsninger og skjulte tester).

    Oppgavesidene lenker til dem med {download}, så de må finnes før byggingen.
    `--no-db` trenger ingen karakterdatabase.
    """
    cmd = [str(BIN / "nbgrader"), "generate_assignment", "*", "--force", "--no-db"]
    return subprocess.run(cmd, cwd=ROOT / "exercises").returncode


def build(output: Path | None = None) -> int:
    """Bygg boka til `output`/_build/html (standard: prosjektmappa). Returnerer exit-koden."""
    if release_assignments() != 0:
        return 1
    cmd = [str(BIN / "jupyter-book"), "build", str(ROOT), "--warningiserror", "--nitpick",
           "--keep-going", "--all"]
    if output is not None:
        cmd += ["--path-output", str(output)]
    return subprocess.run(cmd, cwd=ROOT).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=None, help="mappe for _build (standard: prosjektmappa)")
    return build(parser.parse_args().output)


if __name__ == "__main__":
    sys.exit(main())
