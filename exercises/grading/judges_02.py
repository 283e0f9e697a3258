"""Dommerne for oppgave 2 (gradientnedstigning). Fasiten regnes ut her, utenfor sandkassen."""

import numpy as np

from .judge_tools import Check as _Check, Task, close, inside_module, protected as _protected, unchanged

PROBES = "probes_02"
FORBIDDEN = {"descent_path": ["descent_path"], "gradcheck": ["numeric_grad"],
             "train": ["sgd_linear_regression"]}
HIDE = []
STEP_BUDGET = 50  # samme som i oppgaveteksten; elevens verdi brukes ikke


def Check(points, ok, message):
    return _Check(points, bool(ok), message)


def write_data(folder) -> None:
    """Oppgave 2 trenger ingen data i sandkassen."""


P = inside_module(PROBES)


def _untouched(a, key, originals, what, names=("y_hat", "y")):
    """Besto når kallet ga svar og alle inndataene er like etterpå."""
    ok = a.problem(key) is None and all(
        np.array_equal(a.get(f"{key}_{n}"), v) for n, v in zip(names, originals))
    return Check(0.5, ok, what + (": riktig." if ok else ": feil, eller inndataene ble endret. "
                                  "Lag en kopi."))


# --- 1 og 2 --------------------------------------------------------------------------------
def _grad_checks(a, name, formula, extra):
    c = P.LOSS_CASES
    basic = "basic_mse" if name == "mse_grad" else "basic_mae"
    checks = [
        close(a, basic, formula(*c[basic]), 1, f"{name} for to eksempler (synlig test)",
              hint="Husk å dele på N, antall tall i y_hat."),
        close(a, "multi", formula(*c["multi"]), 1 - 0.5 * bool(extra),
              f"{name} med tre utdata per eksempel", hint="N er y_hat.size, alle tallene i y_hat."),
    ]
    checks += [close(a, key, formula(*c[key]), 0.5, what, hint=hint) for key, what, hint in extra]
    checks += [
        close(a, "single", formula(*c["single"]), 0.5, f"{name} for en batch med ett eksempel"),
        _untouched(a, "multi", c["multi"], f"{name} lar inndataene være urørt"),
    ]
    return checks


def judge_mse_grad(a):
    return _grad_checks(a, "mse_grad", lambda y_hat, y: 2 * (y_hat - y) / y_hat.size, [])


def judge_mae_grad(a):
    return _grad_checks(a, "mae_grad", lambda y_hat, y: np.sign(y_hat - y) / y_hat.size,
                        [("tie", "mae_grad når en prediksjon treffer etiketten nøyaktig",
                          "Der y_hat = y skal den deriverte være 0, slik np.sign(0) gir.")])


# --- 3 -------------------------------------------------------------------------------------
def _central(fn, theta, eps):
    out = np.zeros_like(theta)
    for j in range(theta.size):
        e = np.zeros_like(theta)
        e[j] = eps
        out[j] = (fn(theta + e) - fn(theta - e)) / (2 * eps)
    return out


def judge_numeric_grad(a):
    c = P.NUMERIC_CASES
    exact = {"basic": np.array([2.0, 3.0]),
             "three": np.array([np.cos(0.3), 2.0 ** 2, 2 * -1.2 * 2.0]),
             "one": np.array([np.exp(0.5)])}
    checks = [
        close(a, "basic", exact["basic"], 1, "numeric_grad for θ₀² + 3θ₁ (synlig test)",
              rtol=1e-4, atol=1e-4),
        close(a, "three", exact["three"], 0.5, "numeric_grad for en funksjon av tre parametere",
              rtol=1e-4, atol=1e-4, hint="Flytt én parameter om gangen."),
        close(a, "one", exact["one"], 0.5, "numeric_grad for én parameter", rtol=1e-4, atol=1e-4),
        close(a, "eps", _central(c["eps"][0], c["eps"][1], 0.1), 0.5,
              "numeric_grad med eps = 0,1", rtol=1e-6, atol=1e-8,
              hint="Bruk argumentet eps, og del på 2·eps."),
    ]
    ok = all(a.problem(k) is None and np.array_equal(a.get(f"{k}_theta"), c[k][1]) for k in c)
    checks.append(Check(0.5, ok, "numeric_grad lar theta være urørt" +
                        (": riktig." if ok else ": feil, eller theta ble endret. Lag en kopi.")))
    return checks


# --- 4 -------------------------------------------------------------------------------------
def _grad_f(t):
    return np.array([2.0 * (t[0] - 3.0), 20.0 * (t[1] + 1.0)])


def judge_grad_f(a):
    pts = P.GRAD_F_POINTS
    checks = [close(a, "p0", _grad_f(pts[0]), 1, "grad_f i (0, 0) (synlig test)")]
    rest = [close(a, f"p{i}", _grad_f(p), 0, "") for i, p in enumerate(pts) if i]
    ok = all(c.passed for c in rest) and all(
        np.array_equal(a.get(f"p{i}_theta"), p) for i, p in enumerate(pts))
    checks.append(Check(1, ok, "grad_f i fire andre punkter, og theta er urørt" +
                        (": riktig." if ok else ": feil svar i minst ett punkt, eller theta ble endret.")))
    return checks


# --- 5 -------------------------------------------------------------------------------------
def _path(grad, start, lr, steps):
    theta = np.array(start, dtype=float)
    path = [theta]
    for _ in range(steps):
        theta = theta - lr * grad(theta)
        path.append(theta)
    return np.array(path)


def judge_descent_path(a):
    c = P.DESCENT_CASES
    checks = [
        close(a, "square", _path(*c["square"]), 2, "descent_path for L(w) = w² (synlig test)",
              hint="Rad 0 er startpunktet; hvert steg går mot minus gradienten."),
        close(a, "three", _path(*c["three"]), 1, "descent_path med tre parametere og en annen "
              "gradientfunksjon", hint="Bruk funksjonen grad du får inn, ikke grad_f."),
        close(a, "bowl", _path(*c["bowl"]), 0.5, "descent_path på skåla f, 10 steg"),
        close(a, "zero", _path(*c["zero"]), 0.5, "descent_path med steps=0 (bare startpunktet, "
              "form (1, p))"),
    ]
    ok = all(a.problem(k) is None and np.array_equal(a.get(f"{k}_start"), c[k][1]) for k in c)
    checks.append(Check(1, ok, "descent_path lar start være urørt" +
                        (": riktig." if ok else ": feil, eller start ble endret. Lag en kopi.")))
    return checks


# --- 6 -------------------------------------------------------------------------------------
def f(theta):
    return (theta[0] - 3.0) ** 2 + 10.0 * (theta[1] + 1.0) ** 2


def judge_lr(a):
    what = f"gradientnedstigning med lr fra (0, 0) i {STEP_BUDGET} steg"
    problem = a.problem("lr")
    value = np.asarray(a.get("lr")) if problem is None else None
    if problem is None and (value.ndim != 0 or value.dtype.kind not in "iuf"):
        problem = "lr skal være ett tall"
    if problem is None and not float(value) > 0:
        problem = "lr skal være et positivt tall"
    if problem:
        return [Check(1, False, f"{what}: {problem}."), Check(2, False, "f < 1e-3: ikke sjekket."),
                Check(2, False, "f < 1e-6: ikke sjekket.")]
    lr = float(value)
    theta = np.zeros(2)
    with np.errstate(all="ignore"):
        for _ in range(STEP_BUDGET):
            theta = theta - lr * _grad_f(theta)
        end = f(theta)
    finite = bool(np.isfinite(end))
    return [
        Check(1, finite and end < f(np.zeros(2)), f"{what}: f er lavere enn i startpunktet" +
              ("." if finite and end < f(np.zeros(2)) else
               " — nei, læringsraten er for stor, så stegene hopper over bunnen.")),
        Check(2, finite and end < 1e-3, "f < 1e-3 etter stegene" + (": ja." if finite and end < 1e-3
              else ": nei. Prøv en annen læringsrate.")),
        Check(2, finite and end < 1e-6, "f < 1e-6 etter stegene" + (": ja." if finite and end < 1e-6
              else ": nei. Se hintet om retningen θ₁.")),
    ]


# --- 7 -------------------------------------------------------------------------------------
def _linear(W, b, x, y):
    r = 2.0 * (x @ W.T + b - y) / len(x)
    return r.T @ x, r.sum(axis=0)


def judge_linear_grads(a):
    c = P.LINEAR_CASES
    checks = []
    for key, pts, what in [("basic", 1, "for tre eksempler (synlig test)"),
                           ("three", 0.75, "med tre egenskaper"),
                           ("single", 0.75, "for en batch med ett eksempel")]:
        dW, db = _linear(*c[key])
        first = close(a, f"{key}_dW", dW, 0, "")
        second = close(a, f"{key}_db", db, 0, "")
        problem = a.problem(key)
        ok = problem is None and first.passed and second.passed
        msg = f"linear_grads {what}: " + ("riktig." if ok else (f"{problem}." if problem else
              "feil svar. Sjekk formene: dW (1, d), db (1,), og del på antall eksempler B."))
        checks.append(Check(pts, ok, msg))
    ok = a.problem("three") is None and all(
        np.array_equal(a.get(f"three_{n}"), v) for n, v in zip("Wbxy", c["three"]))
    checks.append(Check(0.5, ok, "linear_grads lar inndataene være urørt" +
                        (": riktig." if ok else ": feil, eller inndataene ble endret.")))
    return checks


# --- 8 -------------------------------------------------------------------------------------
def _run(a, key):
    """(W, b, losses) som matriser, eller en forklaring på hvorfor ikke."""
    problem = a.problem(key) or a.problem(f"{key}_W") or a.problem(f"{key}_b") \
        or a.problem(f"{key}_losses")
    if problem:
        return None, problem
    W, b, losses = (np.asarray(a.get(f"{key}_{n}"), dtype=float) for n in ("W", "b", "losses"))
    return (W, b, losses), None


def _gd(x, y, lr, epochs):
    W, b, losses = np.zeros((1, x.shape[1])), np.zeros(1), []
    for _ in range(epochs):
        dW, db = _linear(W, b, x, y)
        W, b = W - lr * dW, b - lr * db
        losses.append(np.mean((x @ W.T + b - y) ** 2))
    return W, b, np.array(losses)


def _near(run, W, b, atol):
    return (run[0].shape == (1, W.shape[1]) and run[1].shape == (1,)
            and np.allclose(run[0], W, atol=atol) and np.allclose(run[1], b, atol=atol))


def judge_sgd(a):
    checks = []
    x, y = P.linear_data()
    main, problem = _run(a, "main")
    ok = main is not None and _near(main, np.array([[2.0, -3.0]]), np.array([0.5]), 0.1) \
        and main[2].shape == (30,)
    checks.append(Check(1.5, ok, "x_lin, y_lin med lr = 0,1, 30 epoker og batch_size=16 (synlig "
                        "test): W nær (2, −3), b nær 0,5 og 30 tap" + (": riktig." if ok else
                        f": {problem}." if problem else ": nei.")))
    ok = False
    if main is not None and main[0].shape == (1, 2) and main[1].shape == (1,) and len(main[2]) > 1:
        last = np.mean((x @ main[0].T + main[1] - y) ** 2)
        ok = bool(main[2][-1] < main[2][0] and np.isclose(main[2][-1], last, rtol=1e-4))
    checks.append(Check(0.5, ok, "tapet synker, og det siste tallet i losses er MSE for alle "
                        "dataene med W og b etter siste epoke" + (": riktig." if ok else ": nei.")))
    full, problem = _run(a, "full")
    W, b, losses = _gd(x, y, 0.1, 5)
    ok = full is not None and _near(full, W, b, 1e-6) and full[2].shape == losses.shape \
        and np.allclose(full[2], losses, rtol=1e-5, atol=1e-8)
    checks.append(Check(1, ok, "batch_size=n (200) gir vanlig gradientnedstigning, med samme W, b "
                        "og tap per epoke" + (": riktig." if ok else f": {problem}." if problem else
                        ": nei. Ett steg per epoke med gradienten over alle dataene.")))
    three, problem = _run(a, "three")
    ok = three is not None and _near(three, np.array([[1.0, 0.0, -1.0]]), np.array([-2.0]), 0.02)
    one, problem1 = _run(a, "one")
    ok1 = one is not None and _near(one, np.array([[2.0, -3.0]]), np.array([0.5]), 0.1)
    checks.append(Check(0.5, ok and ok1, "tre egenskaper (batch_size=10), og batch_size=1" +
                        (": riktig." if ok and ok1 else f": {problem or problem1 or 'nei'}.")))
    same, p1 = _run(a, "same")
    same2, p2 = _run(a, "same2")
    ok = same is not None and same2 is not None and all(
        u.shape == v.shape and np.array_equal(u, v) for u, v in zip(same, same2))
    checks.append(Check(0.5, ok, "samme seed gir samme svar" + (": riktig." if ok else
                        ": nei. Lag rng = np.random.default_rng(seed) og bruk den til stokkingen.")))
    checks.append(_minibatches(a))
    ok = all(a.problem(k) is None and np.array_equal(a.get(f"{k}_x"), P._data(d)[0])
             and np.array_equal(a.get(f"{k}_y"), P._data(d)[1]) for k, (d, *_) in P.SGD_RUNS.items())
    checks.append(Check(0.5, ok, "x og y er urørt etter treningen" + (": riktig." if ok else
                        ": nei, eller treningen feilet.")))
    return checks


def _minibatches(a):
    """To epoker med 200 eksempler og batch_size=64: 64, 64, 64, 8 i hver, alle én gang."""
    what = "minibatchene (200 eksempler, batch_size=64, to epoker)"
    problem = a.problem("spy") or a.problem("spy_rows") or a.problem("spy_sizes")
    if problem:
        return Check(1.5, False, f"{what}: {problem}.")
    rows, sizes = np.asarray(a.get("spy_rows")), np.asarray(a.get("spy_sizes"))
    if len(sizes) != 8 or sizes.sum() != 400:
        return Check(1.5, False, f"{what}: linear_grads skal kalles fire ganger per epoke (64, 64, "
                                 f"64 og 8 eksempler), men ble kalt {len(sizes)} ganger.")
    epochs = [rows[:200], rows[200:]]
    if any(sorted(sizes[i * 4:(i + 1) * 4].tolist()) != [8, 64, 64, 64] for i in range(2)):
        return Check(1.5, False, f"{what}: minibatchene skal ha batch_size eksempler (den siste "
                                 f"kan være mindre).")
    if any(sorted(e.tolist()) != list(range(200)) for e in epochs):
        return Check(1.5, False, f"{what}: hvert eksempel skal brukes nøyaktig én gang per epoke.")
    if np.array_equal(epochs[0], epochs[1]) or np.array_equal(epochs[0], np.arange(200)):
        return Check(1.5, False, f"{what}: rekkefølgen skal stokkes på nytt i hver epoke.")
    return Check(1.5, True, f"{what}: riktig.")


TASKS = {
    "test_mse_grad": Task(judge_mse_grad, ("mse_grad",)),
    "test_mae_grad": Task(judge_mae_grad, ("mae_grad",)),
    "test_numeric_grad": Task(judge_numeric_grad, ("numeric_grad",)),
    "test_grad_f": Task(judge_grad_f, ("grad_f",)),
    "test_descent_path": Task(judge_descent_path, ("descent_path",)),
    "test_lr": Task(judge_lr, ("lr",)),
    "test_linear_grads": Task(judge_linear_grads, ("linear_grads",)),
    "test_sgd": Task(judge_sgd, ("sgd_linear_regression",), cpu=30),
}


def protected(given, nb):
    return _protected(given, nb, TASKS)
