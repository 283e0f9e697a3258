"""Dommerne for oppgave 5 (optimering og regularisering). Fasiten regnes ut her, utenfor
sandkassen, med vanlig NumPy (ikke mlfw.optim).

Deloppgave 4 trener `build_net(seed=0)` med elevens egen optimerer fra
`make_optimizer(net)` på treningsdelen av de offentlige sifrene og måler på 1 000 sifre
eleven aldri får (mlfw.mnist._reserved_split). Bare bildene av dem legges i sandkassen;
etikettene blir her.
"""

import functools
from pathlib import Path

import numpy as np

from .judge_tools import Check as _Check, Task, inside_module, mnist_hide, protected as _protected


def Check(points, ok, message):  # noqa: N802  (NumPy-bool blir vanlig bool, for rapporten i JSON)
    return _Check(points, bool(ok), message)


PROBES = "probes_05"
# mlfw sine ferdige optimerere: navn → deloppgavene som bruker dem (0 poeng og et funn).
FORBIDDEN = {"SGD": ["Momentum", "Adam"], "Momentum": ["Momentum"], "Adam": ["Adam"]}
TIERS = ((0.80, 3), (0.85, 2), (0.88, 1), (0.90, 1))  # (minst, poeng), til sammen 7
NOISE = 0.01
SUSPICIOUS_GAP = 0.07
RTOL, ATOL = 1e-4, 1e-7  # mot fasiten (eleven kan regne i float32)
SAME = dict(rtol=1e-6, atol=1e-10)  # elevens optimerer mot seg selv


HIDE = mnist_hide()  # så elevens kode ikke finner de holdt tilbake sifrene i sandkassen
P = inside_module(PROBES)


@functools.lru_cache(maxsize=1)
def _data():
    """Samme deling som oppsettet i notebooken: load_mnist() og så split(..., seed=1)."""
    from mlfw.data import load_mnist, split
    from mlfw.mnist import _reserved_split

    images_all, _, y_all, _ = load_mnist()
    images_train, images_val, y_train, y_val = split(images_all, y_all, test_fraction=0.2, seed=1)
    _, _, images_hidden, y_hidden = _reserved_split()
    flat = lambda a: a.reshape(len(a), -1).astype(np.float32)  # noqa: E731
    x_hidden = images_hidden.reshape(len(images_hidden), -1).astype(np.float64)
    x_hidden = x_hidden + np.random.default_rng(5).normal(0.0, NOISE, size=x_hidden.shape)
    x_hidden = np.clip(x_hidden, 0.0, 1.0).astype(np.float32)
    return (flat(images_train), y_train.astype(np.int64), x_hidden, y_hidden.astype(np.int64),
            flat(images_val), y_val.astype(np.int64))


def write_data(folder) -> None:
    """Trenings- og valideringsdelen (offentlige, med etiketter) og bare bildene av de holdt
    tilbake sifrene."""
    x_train, y_train, x_hidden, _, x_val, y_val = _data()
    folder = Path(folder)
    for name, value in (("train_x", x_train), ("train_y", y_train), ("reserved_x", x_hidden),
                        ("val_x", x_val), ("val_y", y_val)):
        np.save(folder / f"{name}.npy", value)


def _decimal(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


# --- fasiten: de samme formlene som i oppgaveteksten, med vanlig NumPy ---------------------


def _is_weight(key: str) -> bool:
    return key.rpartition(".")[2] == "W"


def ref_steps(rule, params, grads, *, lr, lr_at=None, weight_decay=0.0, **hyper):
    """Parameterne etter hvert steg, som rader (nøklene sortert), med regelen `rule`."""
    p = {k: np.array(v, dtype=float) for k, v in params.items()}
    state, rows = {}, []
    for t, g in enumerate(grads, start=1):
        if lr_at and t - 1 in lr_at:
            lr = lr_at[t - 1]
        for k in p:
            gk = np.array(g[k], dtype=float)
            if weight_decay and _is_weight(k):
                gk = gk + weight_decay * p[k]
            p[k] = p[k] - rule(state.setdefault(k, {}), gk, t, lr, **hyper)
        rows.append(np.concatenate([p[k].ravel() for k in sorted(p)]))
    return np.array(rows)


def momentum_rule(s, g, t, lr, beta=0.9):
    s["v"] = beta * s.get("v", 0.0) + g
    return lr * s["v"]


def adam_rule(s, g, t, lr, beta1=0.9, beta2=0.999, eps=1e-8, efficient=False):
    s["m"] = beta1 * s.get("m", 0.0) + (1 - beta1) * g
    s["v"] = beta2 * s.get("v", 0.0) + (1 - beta2) * g * g
    if efficient:  # artikkelens «effektive» form: ε utenfor skaleringen
        return lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t) * s["m"] / (np.sqrt(s["v"]) + eps)
    m_hat, v_hat = s["m"] / (1 - beta1 ** t), s["v"] / (1 - beta2 ** t)
    return lr * m_hat / (np.sqrt(v_hat) + eps)


# --- felles for deloppgave 1 og 2 ------------------------------------------------------


def _rows(a, key):
    """(rader, None) eller (None, hvorfor ikke)."""
    if "_mangler.tekst" in a.values:
        return None, a.text("_mangler")
    problem = a.problem(key)
    if problem:
        return None, problem
    return np.asarray(a.get(key), dtype=float), None


def _match(a, key, expected, points, what, hint="", rows=None, **tol):
    """Består når radene for `key` (eventuelt bare `rows`) ligner en av fasitene i `expected`."""
    got, problem = _rows(a, key)
    if problem:
        return Check(points, False, f"{what}: {problem}.")
    tol = tol or dict(rtol=RTOL, atol=ATOL)
    for exp in expected:
        exp = exp if rows is None else exp[rows]
        part = got if rows is None else got[rows] if got.ndim == 2 and len(got) >= max(rows) + 1 else None
        if part is not None and part.shape == exp.shape and np.all(np.isfinite(part)) and \
                np.allclose(part, exp, **tol):
            return Check(points, True, f"{what}: riktig.")
    return Check(points, False, f"{what}: feil svar." + (f" {hint}" if hint else ""))


def _twins(a, points, what):
    got, problem = _rows(a, "twins")
    parts = [_rows(a, f"single_{k}") for k in sorted(P.TWINS)]
    problem = problem or next((p for _, p in parts if p), None)
    if problem:
        return Check(points, False, f"{what}: {problem}.")
    joined = np.concatenate([r for r, _ in parts], axis=1) if all(
        r.ndim == 2 and len(r) == len(got) for r, _ in parts) else None
    start = np.concatenate([np.ravel(P.TWINS[k]) for k in sorted(P.TWINS)])
    ok = joined is not None and joined.shape == got.shape and np.allclose(got, joined, **SAME) and \
        not np.allclose(got[-1], start)
    return Check(points, ok, what + (": riktig." if ok else ": nei. Hver nøkkel skal ha sin egen "
                                     "tilstand, og steget skal ikke avhenge av de andre nøklene."))


def _inplace(a, points):
    what = "parameterne oppdateres på plass: de samme tabellene i net.params er endret"
    problem = a.problem("inplace")
    if "_mangler.tekst" in a.values:
        problem = a.text("_mangler")
    if problem:
        return Check(points, False, f"{what}: {problem}.")
    held, now, before = (np.asarray(a.get(k)) for k in ("inplace_held", "inplace_now", "inplace_before"))
    ok = held.shape == now.shape == before.shape and np.array_equal(held, now) and \
        not np.array_equal(now, before)
    return Check(points, ok, what + (": riktig." if ok else ": nei. Skriv p -= ... (eller p[...] = "
                                     "...), så nettverkets egne tabeller endres."))


def _lr_attribute(a, points):
    """opt.lr = ... mellom to steg skal endre de neste stegene, men ikke det første.

    Bare det, ikke hvor mye: Skrivemåten v ← β·v + η·g, p ← p − v er like riktig med fast
    læringsrate, men gir andre steg når lr endres underveis."""
    what = "opt.lr er et vanlig attributt: opt.lr = ... mellom to steg endrer de neste stegene"
    fixed, p1 = _rows(a, "lr_fixed")
    changed, p2 = _rows(a, "lr_changed")
    if p1 or p2:
        return Check(points, False, f"{what}: {p1 or p2}.")
    ok = fixed.shape == changed.shape and len(fixed) == 3 and \
        np.allclose(fixed[0], changed[0], **SAME) and not np.allclose(fixed[1:], changed[1:], **SAME)
    return Check(points, ok, what + (": riktig." if ok else ": nei. Bruk self.lr i step(), så "
                                     "opt.lr = ... virker fra neste steg."))


# --- 1. Momentum ------------------------------------------------------------------------


def judge_momentum(a):
    M = P.MOMENTUM
    basic = ref_steps(momentum_rule, P.TOY, P.TOY_GRADS, **M["basic"])
    many = ref_steps(momentum_rule, P.FOUR, P.FOUR_GRADS, **M["many"])
    return [
        _match(a, "basic", [basic], 1.5, "første steg for nettverket i den synlige testen (v starter på 0)",
               rows=[0], hint="Med v = 0 i starten er første steg p − η·g."),
        _match(a, "basic", [basic], 1.5, "andre steg for nettverket i den synlige testen", rows=[1],
               hint="v ← β·v + g, så p ← p − η·v."),
        _match(a, "many", [many], 2, "fem steg med lr=0.05, beta=0.8, fire nøkler og nye gradienter "
               "i hvert steg", hint="Les net.grads på nytt i hvert steg."),
        _twins(a, 1, "egen fart v for hver nøkkel (tre nøkler samlet gir det samme som hver for seg)"),
        _inplace(a, 1),
        _lr_attribute(a, 1),
    ]


# --- 2. Adam -----------------------------------------------------------------------------


def judge_adam(a):
    A = P.ADAM
    basic = ref_steps(adam_rule, P.TOY, P.TOY_GRADS, **A["basic"])
    many = [ref_steps(adam_rule, P.FOUR, P.FOUR_GRADS, **A["many"], efficient=e) for e in (False, True)]
    return [
        _match(a, "basic", [basic], 2, "første steg (t = 1) med skjevhetskorrigering for nettet i den "
               "synlige testen", rows=[0], hint="Med t = 1 er m̂ = g og v̂ = g², så steget er "
               "η·g/(|g| + ε)."),
        _match(a, "basic", [basic], 2, "andre steg (t = 2) for nettverket i den synlige testen", rows=[1],
               hint="Del med 1 − β1^t og 1 − β2^t, med t = stegnummeret."),
        _match(a, "many", many, 2, "fem steg med lr=0.02, beta1=0.8, beta2=0.95, eps=0.01, fire "
               "nøkler og gradienter av ulik størrelse", hint="ε legges til etter kvadratroten: "
               "√v̂ + ε."),
        _twins(a, 2, "egne m og v for hver nøkkel og én t per steg (tre nøkler samlet gir det samme "
                     "som hver for seg)"),
        _inplace(a, 1),
        _lr_attribute(a, 1),
    ]


# --- 3. Vektforfall ----------------------------------------------------------------------


def _masks():
    keys = sorted(P.FOUR)
    weight = np.concatenate([np.full(np.size(P.FOUR[k]), _is_weight(k)) for k in keys])
    return weight, ~weight


def _decay_check(a, name, rows, points, what, hint):
    if f"{name}_mangler.tekst" in a.values:
        return Check(points, False, f"{what}: {a.text(f'{name}_mangler')}.")
    problem = a.problem(f"{name}_decay") or a.problem(f"{name}_hand")
    if problem:
        return Check(points, False, f"{what}: {problem}.")
    got, hand = np.asarray(a.get(f"{name}_decay")), np.asarray(a.get(f"{name}_hand"))
    start = np.concatenate([np.ravel(P.FOUR[k]) for k in sorted(P.FOUR)])
    ok = got.shape == hand.shape and got.ndim == 2 and np.allclose(got[:, rows], hand[:, rows], **SAME) \
        and not np.allclose(hand[-1], start)
    return Check(points, ok, what + (": riktig." if ok else f": nei. {hint}"))


def _shrink(a, name, points):
    what = f"{name} med weight_decay=0.5 og gradienter lik 0: W krymper mot 0, b står stille"
    if f"{name}_mangler.tekst" in a.values:
        return Check(points, False, f"{what}: {a.text(f'{name}_mangler')}.")
    problem = a.problem(f"{name}_shrink")
    if problem:
        return Check(points, False, f"{what}: {problem}.")
    rows = np.asarray(a.get(f"{name}_shrink"))
    start = np.concatenate([np.ravel(P.SHRINK[k]) for k in sorted(P.SHRINK)])
    w = np.concatenate([np.full(np.size(P.SHRINK[k]), _is_weight(k)) for k in sorted(P.SHRINK)])
    ok = rows.ndim == 2 and rows.shape[1] == start.size
    if ok:
        path = np.abs(np.vstack([start, rows]))[:, w]  # |W| før og etter hvert steg
        ok = bool(np.all(np.diff(path, axis=0) <= 1e-12) and np.all(path[-1] < path[0])) and \
            np.array_equal(rows[:, ~w], np.tile(start[~w], (len(rows), 1)))
    return Check(points, ok, what + (": riktig." if ok else ": nei."))


def judge_weight_decay(a):
    weight, bias = _masks()
    rule = "weight_decay=λ skal gi de samme stegene som λ·p lagt til gradienten for hånd"
    return [
        _decay_check(a, "Momentum", weight, 1.5, f"Momentum: {rule}, for nøklene som slutter på W",
                     "Legg λ·p til gradienten før v ← β·v + g."),
        _decay_check(a, "Momentum", bias, 0.5, "Momentum: nøklene som slutter på b, får ikke vektforfall",
                     "Bare vektmatrisene (nøkler som slutter på «W») skal få vektforfall."),
        _decay_check(a, "Adam", weight, 1.5, f"Adam: {rule}, for nøklene som slutter på W",
                     "Legg λ·p til gradienten før m og v oppdateres."),
        _decay_check(a, "Adam", bias, 0.5, "Adam: nøklene som slutter på b, får ikke vektforfall",
                     "Bare vektmatrisene (nøkler som slutter på «W») skal få vektforfall."),
        _shrink(a, "Momentum", 0.5),
        _shrink(a, "Adam", 0.5),
    ]


# --- 4. Treningen ------------------------------------------------------------------------


def judge_training(a):
    total = sum(points for _, points in TIERS)
    what = "Nøyaktigheten på de 1 000 sifrene som holdes tilbake"

    def zero(message):
        return [Check(total, False, f"{what}: {message}.")]

    if a.status != "ok":
        return zero(a.problem("pred"))
    if a.text("missing"):
        return zero(f"fant ikke {a.text('missing')} i notebooken")
    if not bool(a.get("config_ok")):
        return zero("TRAIN_CONFIG skal være en ordbok med epochs fra 1 til 10 og batch_size fra 8 "
                    "til 256 (heltall)")
    for key, step in (("build", "build_net(seed=0)"), ("opt", "make_optimizer(net)"),
                      ("untrained", "net.forward før treningen"),
                      ("fit", "treningen med optimereren din"), ("pred", "net.forward etter treningen"),
                      ("pred_val", "net.forward etter treningen")):
        if a.problem(key):
            return zero(f"{step}: {a.problem(key)}")
    kind = a.text("kind")
    if kind not in ("Momentum", "Adam"):
        return zero(f"make_optimizer(net) skal gi din egen Momentum eller Adam, men ga {kind or 'ingenting'}")
    _, _, _, y_hidden, _, y_val = _data()
    untrained, pred = np.asarray(a.get("untrained")), np.asarray(a.get("pred"))
    if pred.shape != y_hidden.shape or untrained.shape != y_hidden.shape:
        return zero("net.forward skal gi én rad med 10 sannsynligheter per bilde")
    if np.mean(untrained == y_hidden) >= 0.5:
        return zero("nettverket fra build_net(seed=0) kjente igjen de fleste sifrene før treningen. "
                    "build_net skal lage et nytt nettverk med tilfeldige startvekter")
    acc = float(np.mean(pred == y_hidden))
    pred_val = np.asarray(a.get("pred_val"))
    val_acc = float(np.mean(pred_val == y_val)) if pred_val.shape == y_val.shape else 0.0
    if acc >= TIERS[0][0] and acc > val_acc + SUSPICIOUS_GAP:
        return [Check(total, False, f"Satt til 0 poeng til læreren har sett på det: nettverket var "
                                    f"langt bedre på sifrene som holdes tilbake ({_decimal(acc)}) "
                                    f"enn på valideringsdataene ({_decimal(val_acc)}).")]
    checks = [Check(points, acc >= threshold, f"minst {_decimal(threshold, 2)} gir {points} poeng til")
              for threshold, points in TIERS]
    checks[0].message = (f"{what}: {_decimal(acc)} (rettingen trente build_net(seed=0) med din "
                         f"{kind} fra make_optimizer). Minst {_decimal(TIERS[0][0], 2)} gir "
                         f"{TIERS[0][1]} poeng")
    return checks


# --- 5. Sammenligningen ----------------------------------------------------------------------


def _values(a, key):
    """(nøyaktighetene for sgd, momentum, adam som brøk, None) eller (None, hvorfor ikke)."""
    problem = a.problem(key)
    if problem:
        return None, problem
    v = np.asarray(a.get(key), dtype=float)
    if v.shape != (3,) or not np.all(np.isfinite(v)):
        return None, "ordboka skal ha tall for «sgd», «momentum» og «adam»"
    if np.all((v > 1) & (v <= 100)):  # i prosent: vurderes likevel (formen koster poenget)
        v = v / 100
    return v, None


def judge_compare(a):
    what = "compare gir en ordbok med nøyaktighetene for «sgd», «momentum» og «adam», tall fra 0 til 1"
    if a.text("missing"):
        checks = [Check(1, False, f"{what}: fant ikke compare i notebooken.")]
        checks += [Check(1, False, f"{w}: ikke sjekket.") for w in (
            "nettverkene lærer av treningsdataene", "målt på valideringsdataene compare får",
            "trent på treningsdataene compare får")]
    else:
        raw = np.asarray(a.get("real"), dtype=float) if a.problem("real") is None else None
        v, problem = _values(a, "real")
        ok = raw is not None and raw.shape == (3,) and bool(np.all((raw >= 0) & (raw <= 1)))
        why = problem or "nei, tallene skal være brøker fra 0 til 1 (ikke prosent)"
        checks = [Check(1, ok, what + (": riktig." if ok else f": {why}."))]
        ok = v is not None and v.max() >= 0.5
        checks.append(Check(1, ok, f"med {P.COMPARE_N} treningssifre og {P.COMPARE_EPOCHS} epoker "
                            f"lærer minst én av optimererne (nøyaktighet minst 0,5)" +
                            (": riktig." if ok else f": {problem or 'nei'}.")))
        for key, text in (("val_shuffled", "med stokkede etiketter for valideringsdataene faller "
                           "nøyaktigheten til gjetting: den måles på valideringsdataene compare får"),
                          ("train_shuffled", "med stokkede etiketter for treningsdataene faller "
                           "nøyaktigheten til gjetting: nettverkene trenes på treningsdataene compare "
                           "får, ikke på valideringsdataene")):
            s, problem = _values(a, key)
            # målt mot stokkede etiketter er alt gjetting; trent på stokkede etiketter faller
            # nøyaktigheten tydelig (også om den feilaktig måles på treningsdataene)
            limit = 0.3 if key == "val_shuffled" or v is None else max(0.3, v.max() - 0.3)
            ok = s is not None and v is not None and s.max() <= limit
            checks.append(Check(1, ok, text + (": riktig." if ok else f": {problem or 'nei'}.")))
    best = a.text("best")
    ok = best in P.NAMES
    checks.append(Check(1, ok, "BEST er «sgd», «momentum» eller «adam»" +
                        (": riktig." if ok else f": fant {best or 'ingenting'}. Skriv for eksempel "
                                                 f"BEST = \"adam\".")))
    return checks


TASKS = {
    "test_momentum": Task(judge_momentum, ("Momentum",)),
    "test_adam": Task(judge_adam, ("Adam",)),
    "test_weight_decay": Task(judge_weight_decay, ("Momentum", "Adam")),
    "test_training": Task(judge_training, ("build_net", "make_optimizer", "TRAIN_CONFIG", "Momentum",
                                           "Adam"), cpu=60),
    "test_compare": Task(judge_compare, ("compare", "BEST"), cpu=40),
}


def protected(given, nb):
    return _protected(given, nb, TASKS)
