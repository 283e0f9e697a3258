"""Dommerne for oppgave 3 (tilbakepropagering). Fasiten regnes ut her, utenfor sandkassen."""

import numpy as np

from .judge_tools import Check as _Check, Task, close, inside_module, protected as _protected

PROBES = "probes_03"
FORBIDDEN = {"Linear": ["Linear"], "Tanh": ["Tanh"], "ReLU": ["ReLU"], "Net": ["Net"],
             "Module": ["Linear"], "train": ["train_loop"],
             "CrossEntropyLoss": ["SoftmaxCrossEntropy"], "Softmax": ["SoftmaxCrossEntropy"]}
HIDE = []
TEST_SEED = 123  # de skjulte halvmåne-punktene; bare her, utenfor sandkassen


def Check(points, ok, message):
    return _Check(points, bool(ok), message)


def _test_moons():
    from mlfw.data import moons

    return moons(1000, noise=0.15, seed=TEST_SEED)


def write_data(folder) -> None:
    """Punktene (uten etiketter) for deloppgave 9. Etikettene blir her."""
    from pathlib import Path

    np.save(Path(folder) / "moons_test.npy", _test_moons()[0])


P = inside_module(PROBES)


def _all(a, keys_expected, what, points, hint="", **kw):
    """Én kontroll som består når alle (nøkkel, fasit) er riktige."""
    for key, expected in keys_expected:
        c = close(a, key, expected, 0, what, **kw)
        if not c.passed:
            return Check(points, False, c.message + (f" {hint}" if hint and "feil svar" in c.message
                                                     and hint not in c.message else ""))
    return Check(points, True, what + ": riktig.")


# --- 1 -------------------------------------------------------------------------------------
def judge_linear_forward(a):
    F = P.FWD
    problem = a.problem("init") or a.problem("init_W") or a.problem("init_b")
    W, b = a.get("init_W"), a.get("init_b")
    ok = problem is None and a.text("init_keys") == "W,b" and np.shape(W) == (2, 3) \
        and np.shape(b) == (2,) and np.all(b == 0) and a.problem("none") is None
    checks = [Check(0.5, ok, "Linear(3, 2, rng=0): params med «W» (2, 3) og «b» (2,) med nuller, "
                    "og Linear(2, 2) uten rng" + (": riktig." if ok else f": {problem or 'nei'}."))]
    ok = problem is None and a.problem("again_W") is None and a.problem("other_W") is None and \
        np.array_equal(a.get("again_W"), W) and not np.allclose(a.get("other_W"), W)
    checks.append(Check(0.5, ok, "samme rng gir samme vekter, en annen rng andre vekter" +
                        (": riktig." if ok else ": nei. Lag generatoren med np.random.default_rng(rng).")))
    big = a.get("big")
    ok = a.problem("big") is None and big is not None and big[0] == 300 and big[1] == 400 and \
        abs(big[2]) < 0.005 and abs(big[3] - 0.05) < 0.005
    checks.append(Check(0.5, ok, "Linear(400, 300): W med form (300, 400), snitt 0 og standardavvik "
                        "1/√400" + (": riktig." if ok else ": nei. Bruk rng.normal(0.0, 1.0 / "
                                    "np.sqrt(in_features), size=(out_features, in_features)).")))
    checks.append(close(a, "basic", F["x"] @ F["W"].T + F["b"], 1.5, "Linear.forward med vektene "
                        "fra den synlige testen", hint="Bruk x @ W.T + b med vektene i self.params."))
    checks.append(close(a, "single", F["x1"] @ F["W4"].T + F["b4"], 0.5,
                        "Linear.forward for en batch med ett eksempel"))
    ok = a.problem("single") is None and np.array_equal(a.get("single_x"), F["x1"])
    checks.append(Check(0.5, ok, "Linear.forward lar x være urørt" +
                        (": riktig." if ok else ": nei, eller forward feilet.")))
    return checks


# --- 2 -------------------------------------------------------------------------------------
def judge_linear_backward(a):
    B = P.BWD
    W = B["W"]
    ok = a.problem("dx") is None and a.text("keys") == "W,b"
    checks = [Check(0.5, ok, "backward fyller self.grads med nøklene «W» og «b»" +
                    (": riktig." if ok else ": nei."))]
    checks.append(close(a, "dW", B["dout"].T @ B["x"], 1.5, "grads['W'] for en batch med sju eksempler",
                        hint="dW = dout.T @ x, med x fra forward."))
    checks.append(close(a, "db", B["dout"].sum(axis=0), 1, "grads['b'] for en batch med sju "
                        "eksempler", hint="Summer dout over batchen (axis=0)."))
    checks.append(close(a, "dx", B["dout"] @ W, 1.5, "dx for en batch med sju eksempler",
                        hint="dx = dout @ W."))
    checks.append(_all(a, [("latest_dW", B["doutB"].T @ B["xB"]), ("latest_dx", B["doutB"] @ W)],
                       "backward etter to kall til forward bruker x fra det siste", 0.75))
    checks.append(_all(a, [("one_dW", B["dout1"].T @ B["x1"]), ("one_db", B["dout1"].sum(axis=0)),
                           ("one_dx", B["dout1"] @ W)], "backward for en batch med ett eksempel",
                       0.75, hint="grads['b'] skal ha form (ut,) også her."))
    return checks


# --- 3 -------------------------------------------------------------------------------------
def judge_linear_update(a):
    U = P.UPD
    W1, b1 = U["W"] - 0.1 * U["dW"], U["b"] - 0.1 * U["db"]
    return [
        close(a, "W1", W1, 1, "W etter update(0.1)", hint="W = W − lr · grads['W']."),
        close(a, "b1", b1, 0.5, "b etter update(0.1)"),
        _all(a, [("W2", W1 - 0.5 * U["dW2"]), ("b2", b1 - 0.5 * U["db2"])],
             "et nytt steg med update(0.5) og nye gradienter", 0.5),
    ]


# --- 4 og 5 ----------------------------------------------------------------------------------
def _activation(a, name, x, forward, derivative, hint):
    A = P.ACT
    checks = [
        _all(a, [("out", forward(x)), ("rand_out", forward(A["xr"]))], f"{name}.forward", 1),
        _all(a, [("dx", A["dout"] * derivative(x)), ("rand_dx", A["doutr"] * derivative(A["xr"]))],
             f"{name}.backward", 1.5, hint=hint),
    ]
    ok = a.problem("out") is None and np.array_equal(a.get("x_after"), x)
    checks.append(Check(0.5, ok, f"{name}.forward lar x være urørt" + (": riktig." if ok else ": nei.")))
    return checks


def judge_tanh(a):
    return _activation(a, "Tanh", P.ACT["x"], np.tanh, lambda x: 1 - np.tanh(x) ** 2,
                       "dx = dout · (1 − h²) med h = tanh(x).")


def judge_relu(a):
    return _activation(a, "ReLU", np.array([[-2.0, 0.5, 3.0], [1.5, -0.25, -4.0]]),
                       lambda x: np.maximum(x, 0), lambda x: (x > 0).astype(float),
                       "dx = dout der x > 0, ellers 0.")


# --- 6 -------------------------------------------------------------------------------------
def _sce(z, y):
    s = z - z.max(axis=1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    dz = np.exp(log_p)
    dz[np.arange(len(y)), y] -= 1
    return -np.mean(log_p[np.arange(len(y)), y]), dz / len(y)


def judge_softmax_ce(a):
    c = P.SCE_CASES
    exp = {k: _sce(*v) for k, v in c.items()}
    checks = [
        close(a, "basic_loss", exp["basic"][0], 1, "tapet for poengene i den synlige testen",
              scalar=True, hint="Ta snittet over batchen av −log p for riktig klasse."),
        close(a, "basic_dz", exp["basic"][1], 1.5, "dz for poengene i den synlige testen",
              hint="dz = (p − onehot(y)) / B."),
        _pair(a, "large", exp["large"], 1.5, "tap og dz for store poeng (som 1000)",
              "Trekk fra radens største poeng før np.exp."),
        _three_single(a, exp),
    ]
    ok = all(a.problem(f"{k}_loss") is None and np.array_equal(a.get(f"{k}_z"), c[k][0]) for k in c)
    checks.append(Check(0.5, ok, "forward lar z være urørt" + (": riktig." if ok else ": nei.")))
    return checks


def _pair(a, key, expected, points, what, hint):
    loss = close(a, f"{key}_loss", expected[0], 0, what, scalar=True)
    dz = close(a, f"{key}_dz", expected[1], 0, what)
    ok = loss.passed and dz.passed
    bad = loss if not loss.passed else dz
    return Check(points, ok, what + (": riktig." if ok else bad.message[len(what):] +
                                     (f" {hint}" if hint and "feil svar" in bad.message else "")))


def _three_single(a, exp):
    first = _pair(a, "three", exp["three"], 0, "tre klasser og fire eksempler", "")
    second = _pair(a, "single", exp["single"], 0, "en batch med ett eksempel", "")
    ok = first.passed and second.passed
    return Check(1.5, ok, "tap og dz for tre klasser og for en batch med ett eksempel" +
                 (": riktig." if ok else ": " + (first if not first.passed else second).message))


# --- 7 -------------------------------------------------------------------------------------
def _ref_net():
    N = P.NET
    z1 = N["x"] @ N["W1"].T + N["b1"]
    h = np.tanh(z1)
    out = h @ N["W2"].T + N["b2"]
    dh = N["dout"] @ N["W2"]
    dz1 = dh * (1 - h ** 2)
    grads = {"0.W": dz1.T @ N["x"], "0.b": dz1.sum(axis=0), "2.W": N["dout"].T @ h,
             "2.b": N["dout"].sum(axis=0)}
    return out, dz1 @ N["W1"], grads


def judge_net(a):
    N = P.NET
    out, dx, grads = _ref_net()
    checks = [close(a, "fwd", out, 0.5, "Net.forward gjennom Linear, Tanh og Linear")]
    parts = [("dx", dx)] + [(f"grads_{k}", g) for k, g in grads.items()]
    ok_keys = a.text("grads") == "0.W,0.b,2.W,2.b"
    c = _all(a, parts, "Net.backward: dx og net.grads etter backward", 1)
    checks.append(Check(1, c.passed and ok_keys, c.message if not c.passed else
                        c.message if ok_keys else "Net.backward: net.grads skal ha nøklene 0.W, "
                        "0.b, 2.W og 2.b (lagnummer, punktum, nøkkel)."))
    log = a.text("spy_log")
    want = "f0 f1 f2 b2 b1 b0 u0:0.25 u1:0.25 u2:0.25"
    ok = a.problem("spy_dx") is None and log == want and np.allclose(a.get("spy_dx"), 24.0)
    checks.append(Check(1, ok, "rekkefølgen: forward gjennom lagene forlengs, backward baklengs med "
                        "dx videre som dout, update(lr) på hvert lag" + (": riktig." if ok else
                        ": nei." + (f" Kallene var: {log[:120]}." if log else ""))))
    W0 = N["W1"] - 0.1 * grads["0.W"]
    b2 = N["b2"] - 0.1 * grads["2.b"]
    ok = a.problem("update") is None and np.allclose(a.get("layer0_W"), W0) and \
        np.allclose(a.get("layer2_b"), b2)
    checks.append(Check(0.5, ok, "Net.update(0.1) oppdaterer alle lagene" + (": riktig." if ok else ": nei.")))
    ok = a.text("params") == "0.W,0.b,2.W,2.b" and a.problem("params_0.W") is None and \
        np.allclose(a.get("params_0.W"), W0) and np.allclose(a.get("params_2.b"), b2)
    checks.append(Check(0.5, ok, "net.params har nøklene 0.W, 0.b, 2.W og 2.b og viser verdiene "
                        "etter update" + (": riktig." if ok else ": nei. Tips: @property.")))
    checks.append(_all(a, [("single_fwd", N["x3"] @ N["W3"].T + N["b3"]),
                           ("single_dx", N["dout3"] @ N["W3"])], "et nettverk med bare ett lag", 0.5))
    return checks


# --- 8 -------------------------------------------------------------------------------------
def _epochs(rows, sizes, n):
    """Del radene i epoker ut fra minibatch-størrelsene. None om det ikke går opp."""
    out, batches, start, count, current = [], [], 0, 0, []
    for s in sizes:
        current.append(s)
        count += s
        if count == n:
            out.append(rows[start:start + n])
            batches.append(current)
            start, count, current = start + n, 0, []
        elif count > n:
            return None, None
    return (out, batches) if not current else (None, None)


def _training_steps(log, rows, sizes, labels, z_ok, dout_ok, lrs):
    """Bare kallene som hører til hele treningssteg (forward, tap, backward, backward, update).

    En løkke som i tillegg kjører forward (og tapet) for å måle underveis, er like riktig;
    de ekstra kallene tas ut her. Gir de filtrerte tabellene og om det fantes backward eller
    update utenfor et helt steg (det er feil)."""
    chunks, start = [], 0
    for s in sizes:
        chunks.append(rows[start:start + s])
        start += s
    keep = {"f": [], "l": [], "b": [], "u": []}
    counters = dict.fromkeys("flkbu", 0)
    label_chunks, last_size, pos, i = [], 0, 0, 0
    stray = False
    while i < len(log):
        if log.startswith("flkbu", i):
            for kind in "flbu":
                keep[kind].append(counters[kind])
            for kind in "flkbu":
                counters[kind] += 1
            i += 5
            continue
        kind = log[i]
        stray |= kind in "kbu"
        counters[kind] += 1
        i += 1
    # etikettene: hvert tap-kall får like mange som forrige forward
    sizes_f, fi = [], 0
    for kind in log:
        if kind == "f":
            last_size = sizes[fi] if fi < len(sizes) else 0
            fi += 1
        elif kind == "l":
            sizes_f.append(last_size)
    for s in sizes_f:
        label_chunks.append(labels[pos:pos + s])
        pos += s
    pick = lambda seq, idx: [seq[j] for j in idx if j < len(seq)]  # noqa: E731
    rows_t = pick(chunks, keep["f"])
    return (np.concatenate(rows_t) if rows_t else np.array([], dtype=int),
            np.array([len(c) for c in rows_t], dtype=int),
            np.concatenate(pick(label_chunks, keep["l"])) if keep["l"] else np.array([], dtype=int),
            np.array(pick(list(z_ok), keep["l"]), dtype=bool),
            np.array(pick(list(dout_ok), keep["b"]), dtype=bool),
            np.array(pick(list(lrs), keep["u"]), dtype=float), stray)


def judge_train_loop(a):
    n, bs, ep, lr = P.SPY_N, P.SPY_BATCH, P.SPY_EPOCHS, P.SPY_LR
    problem = a.problem("spy")
    what = f"spioner med {n} eksempler, batch_size={bs}, {ep} epoker"
    if problem:
        return [Check(1, False, f"{what}: {problem}."), Check(1.5, False, "minibatchene: ikke sjekket."),
                Check(1, False, "tap og etiketter: ikke sjekket."), Check(1, False, "stokkingen: ikke sjekket."),
                Check(1, False, "tapet per epoke: ikke sjekket."), _real(a)]
    log, rows, sizes = a.text("spy_log"), np.asarray(a.get("spy_rows")), np.asarray(a.get("spy_sizes"))
    labels, z_ok, d_ok = (np.asarray(a.get(f"spy_{k}")) for k in ("labels", "z_ok", "dout_ok"))
    rows, sizes, labels, z_ok, d_ok, lrs, stray = _training_steps(
        log, rows, sizes, labels, z_ok, d_ok, np.asarray(a.get("spy_lrs")))
    nb = len(sizes)
    ok = nb > 0 and not stray and len(lrs) == nb and np.allclose(lrs, lr)
    checks = [Check(1, ok, f"{what}: for hver minibatch forward, tap, loss_fn.backward, net.backward "
                    f"og update(lr), i den rekkefølgen" + (": riktig." if ok else ": nei."))]
    epochs, batches = _epochs(rows, sizes, n)
    ok = epochs is not None and len(epochs) == ep and all(
        sorted(e.tolist()) == list(range(n)) for e in epochs) and all(
        sorted(b) == [n % bs] + [bs] * (n // bs) for b in batches)
    checks.append(Check(1.5, ok, f"minibatchene: hvert eksempel nøyaktig én gang per epoke, i "
                        f"minibatcher på batch_size (den siste mindre)" + (": riktig." if ok else ": nei.")))
    ok = labels.shape == rows.shape and np.array_equal(labels, rows) and z_ok.size == nb and \
        bool(z_ok.all()) and d_ok.size == nb and bool(d_ok.all())
    checks.append(Check(1, ok, "loss_fn får nettverkets utdata og etikettene til de samme "
                        "eksemplene, og net.backward får det loss_fn.backward() gir" +
                        (": riktig." if ok else ": nei. Bruk samme indekser for x og y.")))
    again = _training_steps(a.text("again_log"), np.asarray(a.get("again_rows")),
                            np.asarray(a.get("again_sizes")), np.asarray(a.get("again_labels")),
                            np.asarray(a.get("again_z_ok")), np.asarray(a.get("again_dout_ok")),
                            np.asarray(a.get("again_lrs")))[0]
    ok = epochs is not None and len(epochs) > 1 and not np.array_equal(epochs[0], epochs[1]) and \
        not np.array_equal(epochs[0], np.arange(n)) and again.shape == rows.shape and \
        np.array_equal(again, rows)
    checks.append(Check(1, ok, "stokkingen: ny rekkefølge hver epoke, og samme seed gir samme "
                        "rekkefølge" + (": riktig." if ok else ": nei. Lag rng = np.random."
                                        "default_rng(seed) én gang, og stokk i hver epoke.")))
    losses = a.get("spy_losses")
    ok = False
    if a.problem("spy_losses") is None and epochs is not None and np.shape(losses) == (ep,):
        ok = True
        start = 0
        for e, b in enumerate(batches):
            parts, bl = [], []
            for s in b:
                bl.append(1.0 + rows[start:start + s].mean() / 100.0)
                parts.append(s)
                start += s
            plain, weighted = np.mean(bl), np.average(bl, weights=parts)
            ok &= bool(np.isclose(losses[e], plain, rtol=1e-6) or np.isclose(losses[e], weighted, rtol=1e-6))
    checks.append(Check(1, ok, "tapet per epoke er snittet av tapene for minibatchene, ett tall per "
                        "epoke" + (": riktig." if ok else ": nei.")))
    checks.append(_real(a))
    return checks


def _real(a):
    problem = a.problem("real") or a.problem("real_losses")
    losses = a.get("real_losses")
    ok = problem is None and np.shape(losses) == (30,) and np.all(np.isfinite(losses)) and \
        losses[-1] < 0.8 * losses[0]
    return Check(0.5, ok, "en ekte trening (Linear, Tanh, Linear og softmax med kryssentropi, 30 "
                 "epoker): tapet synker" + (": riktig." if ok else f": {problem or 'nei'}."))


# --- 9 -------------------------------------------------------------------------------------
def judge_moons(a):
    what = "halvmånene: nøyaktighet på 1000 nye punkter etter treningen"
    problem = a.problem("config") or a.problem("build") or a.problem("train") or a.problem("z") \
        or a.problem("pred")
    y_test = _test_moons()[1]
    pred = a.get("pred")
    if problem or np.shape(pred) != y_test.shape:
        why = problem or "nettverket skal gi to poeng per punkt, form (B, 2)"
        return [Check(2, False, f"{what}: {why}."), Check(2, False, "minst 0,90: ikke sjekket."),
                Check(2, False, "minst 0,95: ikke sjekket.")]
    acc = float(np.mean(pred == y_test))
    return [Check(2, acc >= 0.85, f"{what}: minst 0,85" + (": ja." if acc >= 0.85 else ": nei.")),
            Check(2, acc >= 0.90, "minst 0,90" + (": ja." if acc >= 0.90 else ": nei.")),
            Check(2, acc >= 0.95, "minst 0,95" + (": ja." if acc >= 0.95 else
                                                  ": nei. Prøv flere epoker, et større skjult lag "
                                                  "eller en annen læringsrate."))]


TASKS = {
    "test_linear_forward": Task(judge_linear_forward, ("Linear",)),
    "test_linear_backward": Task(judge_linear_backward, ("Linear",)),
    "test_linear_update": Task(judge_linear_update, ("Linear",)),
    "test_tanh": Task(judge_tanh, ("Tanh",)),
    "test_relu": Task(judge_relu, ("ReLU",)),
    "test_softmax_ce": Task(judge_softmax_ce, ("SoftmaxCrossEntropy",)),
    "test_net": Task(judge_net, ("Net",)),
    "test_train_loop": Task(judge_train_loop, ("train_loop",)),
    "test_moons": Task(judge_moons, ("build_moons_net", "MOONS_CONFIG", "Linear", "Tanh", "ReLU",
                                     "Net", "SoftmaxCrossEntropy", "train_loop"), cpu=60),
}


def protected(given, nb):
    return _protected(given, nb, TASKS)
