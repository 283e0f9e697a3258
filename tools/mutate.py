"""Mutasjonssjekk: fanger enhetstestene typiske feil i mlfw?

Hver «plantet feil» under er én liten endring i kildekoden (en feil en forfatter eller
elev realistisk kunne gjort). Skriptet kopierer mlfw/ og tests/ til en midlertidig mappe,
planter én feil om gangen, kjører bare enhetstestene (doctester i mlfw og tests/test_*.py
som hører til mlfw — ingen nbval, ingen nettleser) og skriver ut om feilen ble fanget
(minst én test feilet) eller overlevde. Koden i arbeidsmappa endres aldri.

Kjør:  python -m tools.mutate  [--list] [--only NAVN ...]     (eller `make mutate`)
Avslutter med kode 1 hvis en plantet feil overlever.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT_TESTS = [f"tests/test_{name}.py" for name in (
    "layers", "activations", "losses", "net", "train", "gradients", "data", "plot", "widgets",
    "training_explorer", "mnist", "import", "checks", "properties", "optim", "schedules", "regularization")]

# (navn, fil, tekst som byttes, ny tekst)
MUTANTS = [
    ("relu-derivert-i-0", "activations.py", "dout * (x > 0)", "dout * (x >= 0)"),
    ("relu-forward", "activations.py", "np.maximum(x, 0)", "np.maximum(x, 0.01 * x)"),
    ("tanh-derivert", "activations.py", "dout * (1.0 - out**2)", "dout * (1.0 - out)"),
    ("sigmoid-negativ-gren", "activations.py", "e / (1.0 + e))", "1.0 / (1.0 + e))"),
    ("sigmoid-derivert", "activations.py", "dout * out * (1.0 - out)", "dout * out"),
    ("softmax-uten-maks", "activations.py", "np.exp(x - x.max(axis=1, keepdims=True))", "np.exp(x)"),
    ("softmax-sum-akse", "activations.py", "e / e.sum(axis=1, keepdims=True)", "e / e.sum()"),
    ("softmax-derivert", "activations.py", "p * (dout - (dout * p).sum(axis=1, keepdims=True))", "p * dout"),
    ("linear-init-std", "layers.py", "1.0 / np.sqrt(in_features)", "1.0"),
    ("linear-uten-bias", "layers.py", "out = x @ W.T + b", "out = x @ W.T"),
    ("linear-dW-rekkefolge", "layers.py", '"W": (dout.T @ x)', '"W": (dout.T @ x) / len(x)'),
    ("linear-db-forste-rad", "layers.py", '"b": dout.sum(axis=0)', '"b": dout[0]'),
    ("linear-dx-transponert", "layers.py", "dx = dout @ W  #", "dx = dout @ W * 0.5  #"),
    ("linear-float64-regning", "layers.py", 'W = self.params["W"].astype(x.dtype, copy=False)', 'W = self.params["W"]'),
    ("update-fortegn", "module.py", "p -= lr * self.grads[key]", "p += lr * self.grads[key]"),
    ("net-backward-forlengs", "net.py", "reversed(list(enumerate(self.layers)))", "list(enumerate(self.layers))"),
    ("mse-uten-2", "losses.py", "2.0 * (y_hat - y) / y_hat.size", "(y_hat - y) / y_hat.size"),
    ("mae-fortegn", "losses.py", "np.sign(y_hat - y) / y_hat.size", "np.sign(y - y_hat) / y_hat.size"),
    ("ce-uten-batchsnitt", "losses.py", "-1.0 / (len(y) * np.clip", "-1.0 / (1 * np.clip"),
    ("ce-klipp-float64-i-float32", "losses.py", "prob_clip(p.dtype)[0], 1.0))))", "1e-50, 1.0))))"),
    ("bce-derivert", "losses.py", "(p - y) / (p * (1.0 - p) * p.size)", "(p - y) / p.size"),
    ("bce-klipp-uten-dtype", "losses.py", "np.clip(y_hat, *prob_clip(y_hat.dtype))", "np.clip(y_hat, 1e-12, 1 - 1e-12)"),
    ("accuracy-terskel", "losses.py", "predicted = y_hat[:, 0] >= 0.5", "predicted = y_hat[:, 0] > 0.5"),
    ("accuracy-argmin", "losses.py", "predicted = y_hat.argmax(axis=1)", "predicted = y_hat.argmin(axis=1)"),
    ("accuracy-uten-etikettkontroll", "losses.py", "y = check_labels(y, who, max(y_hat.shape[1], 2))",
     "y = np.asarray(y).reshape(len(y), -1)[:, 0]"),
    ("prob-clip-uten-finfo", "_checks.py", "1.0 - max(1e-12, float(info.epsneg))", "1.0 - 1e-12"),
    ("train-siste-batch-borte", "train.py", "for start in range(0, len(x), batch_size):",
     "for start in range(0, len(x) - batch_size + 1, batch_size):"),
    ("train-ingen-stokking", "train.py", "rng.permutation(len(x)) if shuffle", "np.arange(len(x)) if shuffle"),
    ("train-tap-per-batch", "train.py", "total_loss += batch_loss * len(idx)", "total_loss += batch_loss"),
    ("train-ingen-metningssjekk", "train.py", "if classify and history.loss[-1] > -0.5", "if False and history.loss[-1] > -0.5"),
    ("train-ingen-vekstgrense", "train.py", "limit = GROWTH_LIMIT * max(batch_loss, 1.0)", "limit = np.inf"),
    ("gradcheck-ensidig", "gradcheck.py", "(f_plus - f_minus) / (2 * eps)", "(f_plus - f_minus) / eps"),
    ("gradcheck-bare-x", "gradcheck.py", "max(_relative_error(analytic[k], numeric[k]) for k in numeric)",
     '_relative_error(analytic["x"], numeric["x"])'),
    ("descent-fortegn", "descent.py", "theta = theta - lr * g", "theta = theta + lr * g"),
    ("linear_2d-margin-borte", "data.py", "np.where(y == 1, margin, -margin)", "np.where(y == 1, 0.0, 0.0)"),
    ("circles-byttet-etiketter", "data.py", "outer = np.column_stack", "outer = factor * np.column_stack"),
    ("moons-uten-stoy", "data.py", "np.vstack([upper, lower]) + rng.normal(0, noise, size=(n, 2))",
     "np.vstack([upper, lower])"),
    ("split-overlapp", "data.py", "test, train = order[:n_test], order[n_test:]", "test, train = order[:n_test], order"),
    ("lr-utforsker-statisk-samme-lr", "widgets.py", "self._draw(*self.compute(lr, self.steps), lr)",
     "self._draw(*self.compute(self.lr, self.steps), lr)"),
    ("plot-klasse-0.5", "plot.py", "label = (p[:, 0] >= 0.5)", "label = (p[:, 0] >= 0.0)"),
    # kapittel 5: optimerere, planer, dropout og train med optimerer
    ("sgd-fortegn", "optim.py", "p -= step  # p ← p − η·g", "p += step  # p ← p − η·g"),
    ("momentum-fortegn", "optim.py", "p -= step  # p ← p − η·v", "p += step  # p ← p − η·v"),
    ("momentum-ema-form", "optim.py", "v += g  # v ← β·v + g", "v += (1.0 - self.beta) * g  # v ← β·v + g"),
    ("optim-glemmer-tilstanden", "optim.py", "state = self.state.get(key)", "state = None"),
    ("vektforfall-ogsa-pa-b", "optim.py", 'if decay and key.rpartition(".")[2] == "W":', "if decay:"),
    ("vektforfall-fortegn", "optim.py", 'np.multiply(p, decay, out=state["g"])', 'np.multiply(p, -decay, out=state["g"])'),
    ("optim-ingen-nan-sjekk", "optim.py", "if not math.isfinite(flat @ flat):", "if False:"),
    ("adam-uten-skjevhetskorrigering-m", "optim.py", "c1 = 1.0 - self.beta1 ** self.t", "c1 = 1.0"),
    ("adam-uten-skjevhetskorrigering-v", "optim.py", "sqrt_c2 = math.sqrt(1.0 - self.beta2 ** self.t)", "sqrt_c2 = 1.0"),
    ("adam-t-alltid-1", "optim.py", "self.t += 1", "self.t = 1"),
    ("adam-beta1-byttet", "optim.py", "buf *= 1.0 - self.beta1", "buf *= self.beta1"),
    ("adam-v-uten-kvadrat", "optim.py", "np.multiply(g, g, out=buf)", "np.abs(g, out=buf)"),
    ("adam-eps-uten-korrigering", "optim.py", "denom += self._eps_hat", "denom += self.eps"),
    ("dropout-uten-skalering", "regularization.py", "scaled_mask *= 1.0 / (1.0 - self.p)", "scaled_mask *= 1.0"),
    ("dropout-p-beholder", "regularization.py", "self.rng.random(x.shape) >= self.p", "self.rng.random(x.shape) < self.p"),
    ("dropout-ogsa-i-evaluering", "regularization.py", "if not self.training or self.p == 0.0:", "if self.p == 0.0:"),
    ("dropout-backward-uten-maske", "regularization.py", "return dout * scaled_mask", "return dout"),
    ("train-evaluering-etterpa-borte", "train.py", "net.set_training(False)  # et trent", "pass  # et trent"),
    ("train-validering-i-treningsmodus", "train.py", "net.set_training(False)  # valideringen", "pass  # valideringen"),
    ("train-optimerer-ignorert", "train.py", "    optimizer.step()", "    net.update(lr)"),
    ("train-plan-ignorert-med-optimerer", "train.py", "optimizer.lr = new_lr", "pass"),
    ("train-ingen-history-lr", "train.py", "history.lr.append(lr)", "pass"),
    ("step-decay-forskjovet", "schedules.py", "factor ** ((epoch - 1) // every)", "factor ** (epoch // every)"),
    ("warmup-forskjovet", "schedules.py", "return lr * epoch / warmup", "return lr * (epoch - 0.5) / warmup"),
    ("cosinus-uten-halv", "schedules.py", "lr * 0.5 * (1.0 + math.cos(", "lr * (1.0 + math.cos("),
    ("lr-test-lineaer", "schedules.py", "lr_min * (lr_max / lr_min) ** (np.arange(steps) / (steps - 1))",
     "np.linspace(lr_min, lr_max, steps)"),
    ("lr-test-stopper-aldri", "schedules.py", "if batch_loss > 4 * min(losses):", "if False:"),
]


def run_one(workdir: Path, mutant, timeout: int) -> tuple[str, float]:
    name, filename, old, new = mutant
    path = workdir / "mlfw" / filename
    original = path.read_text(encoding="utf-8")
    if original.count(old) != 1:
        return "ugyldig", 0.0  # teksten finnes ikke (lenger) nøyaktig én gang
    path.write_text(original.replace(old, new), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{workdir}{os.pathsep}{workdir / 'tests'}",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:nbval", "-p", "no:cacheprovider",
           "-o", "addopts=--doctest-modules", "-o", "pythonpath=. tests", "mlfw", *UNIT_TESTS]
    start = time.perf_counter()
    try:
        result = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout)
        status = "overlevde" if result.returncode == 0 else "fanget"
    except subprocess.TimeoutExpired:
        status = "fanget (tidsavbrudd)"
    finally:
        path.write_text(original, encoding="utf-8")
    return status, time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="vis de plantede feilene og avslutt")
    parser.add_argument("--only", nargs="*", help="kjør bare disse (navn)")
    parser.add_argument("--timeout", type=int, default=300, help="sekunder per plantet feil")
    args = parser.parse_args(argv)
    mutants = [m for m in MUTANTS if not args.only or m[0] in args.only]
    if args.list:
        for name, filename, old, new in mutants:
            print(f"{name:32} mlfw/{filename}: {old!r} -> {new!r}")
        return 0
    with tempfile.TemporaryDirectory(prefix="mlfw-mutate-") as tmp:
        workdir = Path(tmp)
        shutil.copytree(ROOT / "mlfw", workdir / "mlfw", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "tests", workdir / "tests", ignore=shutil.ignore_patterns("__pycache__"))
        check = subprocess.run([sys.executable, "-c", "import mlfw; print(mlfw.__file__)"], cwd=workdir,
                               env={**os.environ, "PYTHONPATH": str(workdir)}, capture_output=True, text=True)
        if not check.stdout.startswith(str(workdir)):
            print(f"mutate: testene ville brukt mlfw fra {check.stdout.strip()}, ikke kopien — avbryter.")
            return 2
        counts: dict[str, int] = {}
        survivors = []
        for mutant in mutants:
            status, seconds = run_one(workdir, mutant, args.timeout)
            counts[status.split()[0]] = counts.get(status.split()[0], 0) + 1
            if status in ("overlevde", "ugyldig"):
                survivors.append(mutant[0])
            print(f"  {status:22} {mutant[0]:32} ({seconds:.1f} s)", flush=True)
    caught = counts.get("fanget", 0)
    print(f"Enhetstestene fanget {caught} av {len(mutants)} plantede feil"
          + (f"; overlevde eller ugyldige: {', '.join(survivors)}" if survivors else "."))
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
