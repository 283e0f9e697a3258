"""Kontrollene: elevens definisjoner i en ny Python-prosess, én barneprosess per oppgave.

Kjører i sandkassen: python -I runner.py < jobb.json. Uten IPython: Ingen kroker,
transformatorer eller magi fra elevens celler kan virke her. Fra elevens celler tas bare
definisjonene med: import, def, class og enkle tilordninger (konstanter og kall til
NumPy), i samme rekkefølge som i notebooken. Så gjenopprettes de gitte navnene, og for
hver oppgave forkes en barneprosess med egen CPU-grense som kaller elevens funksjoner
(probes_*.py) og skriver svarene til /resultater/<oppgave>.npz. Et krasj, en uendelig
løkke eller en endring i én oppgave kan derfor ikke påvirke de andre.
"""

import ast
import importlib
import io
import json
import os
import resource
import select
import signal
import sys
import time

import numpy as np
from IPython.core.inputtransformer2 import TransformerManager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe_tools import encode  # noqa: E402

RESULTS = "/resultater"
SAFE_CALLS = {"int", "float", "dict", "list", "tuple", "set", "str", "bool", "range", "len",
              "abs", "min", "max", "round", "sum", "zip", "enumerate", "sorted", "frozenset"}
WATCHED = ["numpy", "numpy.random", "numpy.linalg", "numpy.testing", "builtins", "math", "mlfw",
           "mlfw.layers", "mlfw.activations", "mlfw.losses", "mlfw.net", "mlfw.train",
           "mlfw.gradcheck", "mlfw.data", "mlfw.module", "mlfw.optim", "mlfw.schedules", "mlfw.regularization"]


class FakeIPython:
    """Står for get_ipython() uten IPython. Magi som %matplotlib godtas; alt annet noteres."""

    def __init__(self, seen: list) -> None:
        object.__setattr__(self, "_seen", seen)

    def run_line_magic(self, *args, **kwargs):
        return None

    run_cell_magic = run_line_magic

    def __getattr__(self, name):
        self._seen.append(f"bruker get_ipython().{name} (IPython-krok)")
        return FakeIPython(self._seen)

    def __call__(self, *args, **kwargs):
        return FakeIPython(self._seen)

    def __setattr__(self, name, value):
        self._seen.append(f"endrer get_ipython().{name}")


def snapshot() -> dict:
    snap = {}
    for name in WATCHED:
        module = sys.modules.get(name)
        if module is not None:
            snap.update({(name, k): id(v) for k, v in vars(module).items()})
    return snap


def changed(before: dict) -> list:
    after = snapshot()
    return sorted({f"{m}.{k}" for (m, k), v in before.items() if after.get((m, k), v) != v}
                  | {f"{m}.{k}" for (m, k) in after if (m, k) not in before
                     and not k.startswith("__") and m in ("numpy", "builtins", "math")})


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def is_cheap(value, modules: set) -> bool:
    """En konstant eller et uttrykk med bare NumPy- og enkle innebygde kall."""
    for node in ast.walk(value):
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.DictComp, ast.SetComp,
                             ast.GeneratorExp, ast.Await, ast.Yield, ast.NamedExpr)):
            return False
        if isinstance(node, ast.Call):
            root = _root(node.func)
            if not (root in modules or (isinstance(node.func, ast.Name) and root in SAFE_CALLS)):
                return False
    return True


def definitions(source: str, modules: set) -> list:
    """De toppnivå-setningene i en celle som blir med i kontrollene."""
    tree = ast.parse(TransformerManager().transform_cell(source))
    kept = []
    for stmt in tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for alias in stmt.names:
                modules.add((alias.asname or alias.name).split(".")[0])
            kept.append(stmt)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            kept.append(stmt)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None \
                and is_cheap(stmt.value, modules):
            kept.append(stmt)
    return kept


def forbid(names: list) -> None:
    """Bytt ut mlfws ferdige versjoner av det eleven skal skrive med en forklarende feil."""
    for name in names:
        def stub(*args, _name=name, **kwargs):
            raise TypeError(f"{_name} fra mlfw er ikke med i rettingen — du skal skrive din egen "
                            f"{_name}.")
        for module in [m for k, m in list(sys.modules.items()) if k == "mlfw" or k.startswith("mlfw.")]:
            if hasattr(module, name):
                setattr(module, name, stub)


def run_task(ns: dict, probe, task: str, cpu: int, before: dict) -> bytes:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    out = {}
    try:
        probe(ns, out)
    except BaseException as err:  # noqa: BLE001  (også SystemExit fra elevens kode)
        out["_avbrutt.feil"] = f"{type(err).__name__}: {str(err)[:300]}"
    arrays = encode(out)
    arrays["_endret.tekst"] = np.array("\n".join(changed(before)))
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def main() -> None:
    job = json.load(sys.stdin)
    report = {"errors": [], "runtime_flags": [], "tasks": {}}
    seen = []
    ns = {"__name__": "__main__", "get_ipython": FakeIPython(seen)}
    for source in job["given"]:
        try:
            exec(compile(source, "<gitt kode>", "exec"), ns)
        except Exception:  # data som bare finnes i notebooken (f.eks. MNIST) er skjult her
            pass
    import mlfw  # noqa: F401  (så stubbene under dekker mlfw selv om eleven importerer senere)
    forbid(job["forbidden"])
    protected = {name: ns[name] for name in job["protected"] if name in ns}
    modules = {"np", "numpy", "math", "mlfw"}
    before = snapshot()
    for index, source in job["student"]:
        try:
            statements = definitions(source, modules)
        except SyntaxError as err:
            report["errors"].append(f"Celle {index}: syntaksfeil på linje {err.lineno}: {err.msg}")
            continue
        for stmt in statements:
            code = compile(ast.Module(body=[stmt], type_ignores=[]), f"<celle {index}>", "exec")
            try:
                exec(code, ns)
            except BaseException as err:  # noqa: BLE001
                report["errors"].append(f"Celle {index}, linje {stmt.lineno}: "
                                        f"{type(err).__name__}: {str(err)[:200]}")
    ns.update(protected)
    report["runtime_flags"] += [f"endret {name}" for name in changed(before)] + seen
    ns["get_ipython"] = FakeIPython(seen)

    probes = importlib.import_module(job["probes"])
    for task, limits in job["tasks"].items():
        start = time.monotonic()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # barnet: én oppgave
            os.close(read_end)
            try:
                data = run_task(ns, probes.PROBES[task], task, limits["cpu"], before)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
            finally:
                os._exit(0)
        os.close(write_end)
        chunks, deadline, status = [], start + limits["wall"], "ok"
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                status = "tidsgrense"
                os.kill(pid, signal.SIGKILL)
                break
            ready, _, _ = select.select([read_end], [], [], left)
            if ready:
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                if sum(map(len, chunks)) > 64 * 1024**2:
                    status = "for store svar"
                    os.kill(pid, signal.SIGKILL)
                    break
        os.close(read_end)
        _, code = os.waitpid(pid, 0)
        if status == "ok" and os.WIFSIGNALED(code):
            status = ("tidsgrense" if os.WTERMSIG(code) in (signal.SIGXCPU, signal.SIGKILL)
                      else f"signal {os.WTERMSIG(code)}")
        if status == "ok" and chunks:
            with open(os.path.join(RESULTS, f"{task}.npz"), "wb") as f:
                f.write(b"".join(chunks))
        elif status == "ok":
            status = "prosessen stoppet uten svar"
        report["tasks"][task] = {"status": status, "seconds": round(time.monotonic() - start, 3)}
    with open(os.path.join(RESULTS, "runner.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
