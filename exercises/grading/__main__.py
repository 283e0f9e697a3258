"""Rett alle innleveringene, mange om gangen: `python -m grading --jobs 4` (fra exercises/).

For hver innlevering i submitted/<elev>/<oppgave>/ kjøres nbgraders `autograde` (med
sandkassen fra preprocessor.py) og `generate_feedback`, i en `ProcessPoolExecutor` med
`--jobs` prosesser. Til slutt skrives lærerrapporten, rapport/<oppgave>/rapport.md og
poeng.csv (se report.py).

Karakterboka er SQLite i exercises/ som standard. Med miljøvariabelen NBGRADER_DB_URL
satt til en PostgreSQL kan flere maskiner rette hver sin del av klassen samtidig
(`--students` velger elevene); se lærerveiledningen.
"""

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

from . import report

ROOT = Path(__file__).resolve().parents[1]


def make_api(root: Path):
    """nbgraders API med kursets nbgrader_config.py og roten i `root`."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    if "Exchange" not in config or "root" not in config.Exchange:
        exchange = root / "exchange"
        exchange.mkdir(exist_ok=True)
        config.Exchange.root = str(exchange)
    return NbGraderAPI(config=config)


def grade_one(root: str, assignment: str, student: str) -> dict:
    """Rett én innlevering og lag tilbakemeldingen. Kjører i en egen prosess."""
    import warnings

    from sqlalchemy.exc import SAWarning

    # nbgraders egen karakterbok gir ufarlige SQLAlchemy-advarsler (autoflush) per elev.
    warnings.filterwarnings("ignore", category=SAWarning)
    start = time.perf_counter()
    api = make_api(Path(root))
    result = api.autograde(assignment, student, force=True, create=True)
    feedback = api.generate_feedback(assignment, student, force=True) if result["success"] else {}
    return {"assignment": assignment, "student": student, "success": bool(result["success"]),
            "feedback": bool(feedback.get("success")), "seconds": time.perf_counter() - start,
            "log": (result.get("error") or "")[-2000:] + (result.get("log") or "")[-2000:]}


def submissions(root: Path, assignments, students) -> list:
    found = []
    for path in sorted((root / "submitted").glob("*/*/*.ipynb")):
        student, assignment = path.parent.parent.name, path.parent.name
        if (not assignments or assignment in assignments) and (not students or student in students):
            if (root / "source" / assignment).is_dir():
                found.append((assignment, student))
    return sorted(set(found))


def grade_all(root: Path, jobs: int, assignments=(), students=(), log=print) -> list:
    """Rett alt som finnes (eller det som er valgt) og skriv rapportene. Gir resultatene."""
    todo = submissions(root, assignments, students)
    start = time.perf_counter()
    results = []
    # spawn: hver arbeider starter med en ren prosess (ingen delte databasetilkoblinger).
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(grade_one, str(root), a, s) for a, s in todo]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            status = "ok" if result["success"] and result["feedback"] else "FEIL"
            log(f"[{len(results)}/{len(todo)}] {result['assignment']} {result['student']}: "
                f"{status} ({result['seconds']:.1f} s)")
    elapsed = time.perf_counter() - start
    for assignment in sorted({a for a, _ in todo}):
        report.write(root, assignment)
    if todo:
        log(f"{len(todo)} innleveringer på {elapsed:.1f} s med {jobs} prosesser "
            f"({60 * len(todo) / elapsed:.1f} per minutt).")
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grading", description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="antall innleveringer som rettes samtidig")
    parser.add_argument("--assignment", action="append", default=[], help="bare denne oppgaven")
    parser.add_argument("--students", nargs="*", default=[], help="bare disse elevene")
    parser.add_argument("--root", type=Path, default=ROOT, help="kursmappa (standard: exercises/)")
    args = parser.parse_args(argv)
    from .sandbox import available

    problem = available()
    if problem:
        print(f"Kan ikke rette: {problem}", file=sys.stderr)
        return 2
    results = grade_all(args.root.resolve(), max(1, args.jobs), args.assignment, args.students)
    failed = [r for r in results if not (r["success"] and r["feedback"])]
    for r in failed:
        print(f"\n{r['assignment']} {r['student']} feilet:\n{r['log']}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
