"""nbgrader-trinnene for rettingen: `RepairCells` (rydding) og `SandboxGrade` (retting).

nbgrader_config.py setter dem inn i `Autograde` i stedet for nbgraders egen kjøring av
notebooken. For hver besvarelse:

1. `RepairCells` bygger notebooken på nytt fra elevversjonen (se cells.py), så endret
   metadata aldri krasjer rettingen.
2. `SandboxGrade` kjører notebooken i en sandkasse (bare for tilbakemeldingen), kjører
   kontrollene i en ny sandkasse (runner.py), vurderer svarene utenfor sandkassen
   (judges_*.py) og skriver poengene som resultat i hver testcelle. nbgraders
   `SaveAutoGrades` lagrer dem så i karakterboka — utenfor sandkassen.

Funn fra scan.py og runner.py gir 0 poeng på oppgavene de gjelder, og havner i
lærerrapporten (rapport/<oppgave>/<elev>.json; se report.py).
"""

import importlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Float, Integer

from . import cells, sandbox, scan
from .judge_tools import Answers, Check, passed

INSIDE = Path(__file__).resolve().parent / "inside"
SPECS = {"01-tap": "judges_01", "02-gradientnedstigning": "judges_02",
         "03-tilbakepropagering": "judges_03", "04-mnist": "judges_04", "05-optimering": "judges_05"}


def course_root(resources) -> Path:
    """Kursmappa: metadata.path er <rot>/<submitted|autograded>/<elev>/<oppgave>."""
    return Path(resources["metadata"]["path"]).resolve().parents[2]


def spec_for(assignment: str):
    return importlib.import_module(f"grading.{SPECS[assignment]}")


class RepairCells(NbGraderPreprocessor):
    """Gi besvarelsen malens struktur (elevversjonen i release/)."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        template = course_root(resources) / "release" / info["assignment"] / f"{info['notebook']}.ipynb"
        return cells.repair(nb, nbformat.read(template, as_version=4)), resources


def _stream(text: str):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def _verdict(score: float, max_score: float, checks: list, note: str = ""):
    lines = ([note] if note else []) + [("✓ " if c.passed else "✗ ") + c.message for c in checks]
    result = nbformat.v4.new_output(
        "execute_result", data={"text/plain": f"{score:g}",
                                "text/html": f"<p><strong>Poeng: {score:g} av {max_score:g}</strong></p>"},
        execution_count=None)
    return [result, _stream("\n".join(lines) + "\n")]


def _without_test_cells(nb):
    """En kopi uten koden i testcellene, til kjøringen for tilbakemeldingen.

    Utdataene fra testcellene byttes uansett ut med dommen fra kontrollene, og kontrollene
    (runner.py) ser heller ikke variabler fra testcellene. Å hoppe over dem gir samme
    tilbakemelding, holder de skjulte testene utenfor sandkassen og sparer tid: en
    testcelle som trener et nettverk, trenes ikke en gang til.
    """
    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in copy.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            cell.source = ""
    return copy


class SandboxGrade(NbGraderPreprocessor):
    """Kjør og rett én besvarelse i sandkasser. Se modulteksten."""

    cell_timeout = Integer(120, help="Sekunder per celle i kjøringen for tilbakemeldingen").tag(config=True)
    notebook_timeout = Float(600.0, help="Sekunder for hele kjøringen for tilbakemeldingen").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        if info["assignment"] not in SPECS:
            return self._notebook_only(nb, resources)
        spec = spec_for(info["assignment"])
        start = time.perf_counter()
        student = cells.student_code(nb)
        given = cells.given_code(nb)
        grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                     if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
        protected = spec.protected(given, nb)
        flags = scan.scan(student, protected=protected, forbidden=spec.FORBIDDEN)
        with tempfile.TemporaryDirectory(prefix="retting-") as tmp:
            tmp = Path(tmp)
            executed = self._run_notebook(_without_test_cells(nb), tmp / "kjøring")
            runner_report, answers = self._run_checks(spec, given, student, protected, grade_ids, tmp)
        runtime = runner_report.get("runtime_flags", [])
        report = {"student": info["student"], "assignment": info["assignment"], "scores": {},
                  "flags": [{"cell": f.cell, "line": f.line, "what": f.what, "scope": sorted(f.scope)}
                            for f in flags] + [{"cell": None, "line": 0, "what": w, "scope": ["*"]}
                                               for w in runtime],
                  "errors": runner_report.get("errors", []), "checks": {},
                  "tasks": runner_report.get("tasks", {})}
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):
                cell.outputs = self._grade_cell(spec, meta, answers, flags, runtime, report)
            else:
                cell.outputs = executed[index] if index < len(executed) else []
        report["seconds"] = round(time.perf_counter() - start, 2)
        self._write_report(resources, report)
        return nb, resources

    def _notebook_only(self, nb, resources):
        """En oppgave uten egne kontroller (judges_*.py): testcellene rettes slik nbgrader
        gjør, ut fra utdataene fra kjøringen i sandkassen (med de skjulte testene)."""
        with tempfile.TemporaryDirectory(prefix="retting-") as tmp:
            executed = self._run_notebook(nb, Path(tmp) / "kjøring")
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                cell.outputs = executed[index] if index < len(executed) else []
        return nb, resources

    def _grade_cell(self, spec, meta, answers, flags, runtime, report):
        gid, max_score = meta["grade_id"], float(meta["points"])
        task = spec.TASKS[gid]
        hits = [f for f in flags if scan.ALL in f.scope or set(task.uses) & f.scope]
        if hits or runtime:
            where = ", ".join(f"celle {f.cell}" for f in hits[:3]) or "koden"
            what = (hits[0].what if hits else runtime[0])
            checks = [Check(max_score, False, f"Satt til 0 poeng til læreren har sett på det: "
                                              f"{where} {what}.")]
        else:
            checks = task.judge(answers.get(gid, Answers({}, "ingen svar")))
        total = sum(c.points for c in checks)
        if abs(total - max_score) > 1e-9:
            raise RuntimeError(f"{gid}: kontrollene gir {total} poeng, men cellen har {max_score}")
        score = passed(checks)
        report["scores"][gid] = [score, max_score]
        report["checks"][gid] = [[c.points, c.passed, c.message] for c in checks]
        return _verdict(score, max_score, checks)

    def _run_notebook(self, nb, work: Path) -> list:
        """Utdataene per celle fra kjøringen i sandkassen (tomme lister om den feilet helt)."""
        work.mkdir()
        nbformat.write(nb, work / "oppgave.ipynb")
        limits = sandbox.Limits(wall=self.notebook_timeout, cpu=int(self.notebook_timeout))
        result = sandbox.run(work, [sandbox.PYTHON, "/retting/kernel_run.py", "oppgave.ipynb",
                                    "kjort.ipynb", str(self.cell_timeout)], limits,
                             extra_ro={"/retting": INSIDE})
        path = work / "kjort.ipynb"
        if path.exists() and path.stat().st_size < 50 * 1024**2:
            try:
                return [c.get("outputs", []) for c in nbformat.read(path, as_version=4).cells]
            except Exception:  # noqa: BLE001  (fila kan være ødelagt fra sandkassen)
                pass
        reason = "tidsgrensen for hele notebooken" if result.timed_out else "en feil i kjøringen"
        self.log.warning("Kjøringen for tilbakemeldingen stoppet: %s", result.stderr[-500:])
        return [[_stream(f"[Notebooken kunne ikke kjøres for tilbakemeldingen ({reason}). "
                         f"Poengene er satt av kontrollene.]\n")] for _ in nb.cells]

    def _run_checks(self, spec, given, student, protected, grade_ids, tmp: Path):
        work, results, data = tmp / "kontroll", tmp / "resultater", tmp / "data"
        for path in (work, results, data):
            path.mkdir()
        spec.write_data(data)
        job = {"given": given, "student": student, "protected": sorted(protected),
               "forbidden": sorted(spec.FORBIDDEN), "probes": spec.PROBES,
               "tasks": {gid: {"cpu": spec.TASKS[gid].cpu, "wall": 2 * spec.TASKS[gid].cpu + 10}
                         for gid in grade_ids if gid in spec.TASKS}}
        wall = 30 + sum(t["wall"] for t in job["tasks"].values())
        result = sandbox.run(work, [sandbox.PYTHON, "-I", "/retting/runner.py"],
                             sandbox.Limits(wall=wall, cpu=wall),
                             stdin=json.dumps(job).encode(), extra_ro={"/retting": INSIDE, "/data": data},
                             extra_rw={"/resultater": results}, hide=spec.HIDE)
        try:
            report = json.loads((results / "runner.json").read_text(encoding="utf-8")[:5_000_000])
        except (OSError, ValueError):
            self.log.warning("Kontrollene stoppet: %s", result.stderr[-2000:].decode(errors="replace"))
            report = {"errors": ["Kontrollene stoppet før de var ferdige."], "tasks": {}}
        answers = {gid: Answers.load(results / f"{gid}.npz",
                                     str(report.get("tasks", {}).get(gid, {}).get("status", "ingen svar")))
                   for gid in job["tasks"]}
        return report, answers

    def _write_report(self, resources, report) -> None:
        folder = course_root(resources) / "rapport" / report["assignment"]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{report['student']}.json"
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)
