"""Hvor fort rettes en klasse? Innleveringer per minutt og anslått tid for 300 elever.

Lager en kopi av kursmappa i en midlertidig mappe, leverer `--students` besvarelser per
oppgave (fasiten og de gyldige variantene og ærlige feilene fra tests/grading_cases, om
hverandre) og retter dem med `python -m grading` sin `grade_all`, først én om gangen og så
med `--jobs` prosesser, i samme kjøring. Skriver ut sekunder per innlevering,
innleveringer per minutt og anslått tid for 300 elever per oppgave.

En retting har en fast kostnad (prosessene i poolen starter og importerer nbgrader, og
rapporten skrives til slutt) og en kostnad per innlevering. Derfor rettes hver oppgave to
ganger per antall prosesser, med N og 2N innleveringer (de samme N tilfellene, to ganger
i den andre runden, så blandingen er den samme): tiden per innlevering er
(t(2N) − t(N)) / N, og 300 elever tar t(N) − N · det + 300 · det. Med bare t(N) / N ville
den faste kostnaden blitt delt på noen få elever i stedet for 300.

    .venv/bin/python benchmarks/bench_grading.py --students 8 --jobs 2   (tar ≈ 10 minutter)
"""

import argparse
import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO / "exercises")]

from grading.__main__ import grade_all  # noqa: E402
from grading_helpers import (ASSIGNMENTS, answer, copy_course, make_api, notebook_path,  # noqa: E402
                             read, solutions, submit)


def submissions(root: Path, assignment: str, count: int, prefix: str, mix: int) -> None:
    """`count` besvarelser som går i ring gjennom de `mix` første tilfellene."""
    release = read(notebook_path(root, "release", assignment))
    solution = solutions(read(notebook_path(root, "source", assignment)))
    variants = [solution]
    try:
        case = importlib.import_module(f"grading_cases.a{assignment[:2]}")
        variants += [{**solution, **cells} for cells in case.VARIANTS.values()]
        variants += [{**solution, **cells} for cells, _ in case.MISTAKES.values()]
    except ModuleNotFoundError:
        pass
    for i in range(count):
        submit(root, f"{prefix}{i:03d}", assignment, answer(release, variants[i % min(mix, len(variants))]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=8, help="innleveringer per oppgave")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--assignment", action="append", default=[])
    args = parser.parse_args()
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]
    chosen = args.assignment or ASSIGNMENTS
    with tempfile.TemporaryDirectory(prefix="bench-retting-") as tmp:
        root = copy_course(Path(tmp) / "exercises")
        api = make_api(root)
        for assignment in chosen:
            assert api.generate_assignment(assignment)["success"], assignment
        print(f"{'oppgave':24s} {'s/elev, 1 prosess':>18s} {f's/elev, {args.jobs} prosesser':>22s} "
              f"{'per minutt':>11s} {'fast (s)':>9s} {'300 elever':>11s}")
        for assignment in chosen:
            per_student, fixed, raw = {}, {}, []
            for jobs in (1, args.jobs):
                seconds = []
                for count in (args.students, 2 * args.students):
                    prefix = f"p{jobs}-n{count}-"
                    submissions(root, assignment, count, prefix, mix=args.students)
                    names = [f"{prefix}{i:03d}" for i in range(count)]
                    start = time.perf_counter()
                    results = grade_all(root, jobs, [assignment], names, log=lambda *a: None)
                    seconds.append(time.perf_counter() - start)
                    raw.append(f"{count} elever med {jobs} prosess{'er' if jobs > 1 else ''}: {seconds[-1]:.1f} s")
                    assert all(r["success"] for r in results), [r["log"] for r in results][:1]
                per_student[jobs] = (seconds[1] - seconds[0]) / args.students
                fixed[jobs] = seconds[0] - args.students * per_student[jobs]
            per_minute = 60 / per_student[args.jobs]
            total = fixed[args.jobs] + 300 * per_student[args.jobs]
            print(f"{assignment:24s} {per_student[1]:18.2f} {per_student[args.jobs]:22.2f} "
                  f"{per_minute:11.1f} {fixed[args.jobs]:9.1f} {total / 60:8.1f} min")
            print("    " + "; ".join(raw))

if __name__ == "__main__":
    main()
