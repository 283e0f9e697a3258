"""Dommerne for oppgave 4 (MNIST-laben). Fasiten regnes ut her, utenfor sandkassen.

Deloppgave 5 er laben fra ende til ende: Rettingen trener `build_net(BEST, seed=0)` selv,
med elevens `train_loop` og `SoftmaxCrossEntropy`, på treningsdelen av de offentlige
sifrene, og måler på 1 000 sifre eleven aldri får (mlfw.mnist._reserved_split). Bare
bildene av dem legges i sandkassen; etikettene blir her.
"""

import functools
from pathlib import Path

import numpy as np

from .judge_tools import Check, Task, close, inside_module, mnist_hide, protected as _protected, unchanged

PROBES = "probes_04"
CLASSES = ["Linear", "ReLU", "Tanh", "SoftmaxCrossEntropy", "Net", "train_loop"]
FORBIDDEN = {"Linear": ["Linear"], "Tanh": ["Tanh"], "ReLU": ["ReLU"], "Net": ["Net"],
             "train": ["train_loop"], "CrossEntropyLoss": ["SoftmaxCrossEntropy"],
             "Softmax": ["SoftmaxCrossEntropy"]}  # gradcheck er lov: den sjekker klassene dine
TIERS = ((0.80, 4), (0.85, 2), (0.88, 2), (0.90, 2))  # (minst, poeng), til sammen 10
NOISE = 0.01  # litt støy på de holdt tilbake bildene: et ekte nettverk merker det ikke


HIDE = mnist_hide()  # så elevens kode ikke finner de holdt tilbake sifrene i sandkassen

CASES = inside_module(PROBES)


@functools.lru_cache(maxsize=1)
def _data():
    """Samme deling som oppsettet i notebooken: load_mnist() og så split(..., seed=1)."""
    from mlfw.data import load_mnist, split
    from mlfw.mnist import _reserved_split

    images_all, _, y_all, _ = load_mnist()
    images_train, images_val, y_train, y_val = split(images_all, y_all, test_fraction=0.2, seed=1)
    _, _, images_hidden, y_hidden = _reserved_split()
    x_train = images_train.reshape(len(images_train), -1).astype(np.float32)
    x_hidden = images_hidden.reshape(len(images_hidden), -1).astype(np.float64)
    x_hidden = x_hidden + np.random.default_rng(4).normal(0.0, NOISE, size=x_hidden.shape)
    x_hidden = np.clip(x_hidden, 0.0, 1.0).astype(np.float32)
    x_val = images_val.reshape(len(images_val), -1).astype(np.float32)
    return x_train, y_train.astype(np.int64), x_hidden, y_hidden.astype(np.int64), x_val, y_val


SUSPICIOUS_GAP = 0.07  # mye bedre på de holdt tilbake sifrene enn på valideringsdata: se judge_accuracy


def write_data(folder) -> None:
    """Treningsdelen (bilder og etiketter), valideringsbildene og bare bildene av de holdt
    tilbake sifrene."""
    x_train, y_train, x_hidden, _, x_val, _ = _data()
    folder = Path(folder)
    np.save(folder / "train_x.npy", x_train)
    np.save(folder / "train_y.npy", y_train)
    np.save(folder / "reserved_x.npy", x_hidden)
    np.save(folder / "val_x.npy", x_val)


def _decimal(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _text(a, key):
    """(tekst, None) eller (None, hvorfor ikke)."""
    if a.status != "ok":
        return None, a.problem(key)
    if f"{key}.feil" in a.values:
        return None, f"koden reiste {a.values[f'{key}.feil']}"
    if f"{key}.tekst" in a.values:
        return a.text(key), None
    return None, "ingen svar"


# --- 1. prepare ---------------------------------------------------------------------------


def judge_prepare(a):
    c = CASES.PREPARE_CASES
    flat = {k: v.reshape(len(v), -1) for k, v in c.items()}
    return [
        close(a, "basic", flat["basic"], 1, "prepare for fem bilder (synlig test)",
              hint="Én rad per bilde med alle 784 pikslene, linje for linje: "
                   "images.reshape(len(images), -1). Ikke skaler pikslene."),
        close(a, "single", flat["single"], 0.5, "prepare for ett bilde",
              hint="Ett bilde skal gi formen (1, 784), ikke (784,)."),
        close(a, "float64", flat["float64"], 0.5, "prepare for sju bilder i float64"),
        unchanged(a, "basic_input", c["basic"], 1, "prepare lar bildene være urørt", call="basic"),
    ]


# --- 2. build_net -----------------------------------------------------------------------------

ACTIVATIONS = ("ReLU", "Tanh", "Sigmoid")


def _structure(a, key, hidden, points, what):
    text, problem = _text(a, key)
    if problem:
        return Check(points, False, f"{what}: {problem}.")
    layers = text.split()
    ok = (len(layers) == 3 and layers[0] == f"Linear(784,{hidden})" and layers[1] in ACTIVATIONS
          and layers[2] == f"Linear({hidden},10)")
    if ok:
        return Check(points, True, f"{what}: riktig.")
    hint = ""
    if text.startswith("ikke et Net"):
        hint = " build_net skal returnere Net(...) med lagene."
    elif len(layers) > 3 and layers[:3] == [f"Linear(784,{hidden})", layers[1], f"Linear({hidden},10)"]:
        hint = " Ikke ha noe lag etter det siste lineære laget: SoftmaxCrossEntropy gjør softmax."
    elif len(layers) == 2:
        hint = " Husk aktiveringsfunksjonen (ReLU() eller Tanh()) mellom de to lineære lagene."
    return Check(points, False, f"{what}: fant lagene «{text}».{hint}")


def judge_build_net(a):
    checks = [
        _structure(a, "h32", 32, 2, "build_net med hidden=32 gir 784 → 32 → 10 med en "
                                    "aktiveringsfunksjon imellom (synlig test)"),
        _structure(a, "h7", 7, 1, "build_net bruker config[\"hidden\"] (hidden=7)"),
    ]
    problem = a.problem("seed3") or a.problem("seed3_again")
    same = problem is None and np.shape(a.get("seed3")) == (3, 10) and \
        np.shape(a.get("seed3_again")) == (3, 10) and np.allclose(a.get("seed3"), a.get("seed3_again"))
    what = "samme seed gir samme startvekter"
    checks.append(Check(1, same, f"{what}: " + (problem + "." if problem else "riktig." if same else
                                                "nettverkene var ulike. Gi lagene rng=seed og "
                                                "rng=seed + 1.")))
    problem = a.problem("seed3") or a.problem("seed4")
    differ = problem is None and np.shape(a.get("seed4")) == (3, 10) and \
        not np.allclose(a.get("seed3"), a.get("seed4"))
    what = "ulike seed gir ulike startvekter"
    checks.append(Check(1, differ, f"{what}: " + (problem + "." if problem else "riktig." if differ else
                                                  "nettverkene var like. Bruk argumentet seed.")))
    return checks


# --- 3. CONFIGS og BEST -----------------------------------------------------------------------


def _budget_text() -> str:
    return ("hidden fra 1 til 128, epochs fra 1 til 10 og batch_size fra 8 til 256, alle som heltall, "
            "og lr større enn 0")


def judge_configs(a):
    if a.status != "ok":
        problem = a.problem("configs")
        return [Check(4, False, f"CONFIGS og BEST: {problem}.")]
    checks = []
    configs = a.get("configs")
    if configs is None:
        kind = a.text("configs_kind") or "mangler"
        message = ("fant ikke CONFIGS. Skriv den som en liste med ordbøker rett i cellen"
                   if kind == "mangler" else f"CONFIGS skal være en liste, men var {kind}")
        checks += [Check(1, False, f"CONFIGS er en liste med minst to ulike konfigurasjoner: {message}."),
                   Check(1, False, f"alle konfigurasjonene holder seg innenfor budsjettet: {message}.")]
        rows = np.zeros((0, 4))
    else:
        rows, integer, is_dict = configs, a.get("configs_int"), a.get("configs_dict")
        complete = bool(np.all(is_dict)) and not np.isnan(rows).any()
        distinct = len({tuple(r) for r in rows}) if complete else 0
        what = "CONFIGS er en liste med minst to ulike konfigurasjoner"
        if not complete:
            checks.append(Check(1, False, f"{what}: hver konfigurasjon skal være en ordbok med tall "
                                          f"for hidden, lr, epochs og batch_size."))
        else:
            checks.append(Check(1, distinct >= 2, f"{what}: " + ("riktig." if distinct >= 2 else
                                f"fant bare {distinct} ulik(e). Sammenlign minst to.")))
        within = [CASES.within_budget(r, i) for r, i in zip(rows, integer)]
        ok = len(within) > 0 and all(within)
        checks.append(Check(1, ok, "alle konfigurasjonene holder seg innenfor budsjettet: " +
                            ("riktig." if ok else f"konfigurasjon nummer {within.index(False)} gjør "
                             f"ikke det. Budsjettet er {_budget_text()}.")))
    best = a.get("best")
    what = "BEST er en ordbok innenfor budsjettet"
    if best is None:
        kind = a.text("best_kind") or "mangler"
        message = ("fant ikke BEST. Skriv den som en ordbok med tall (ikke regnet ut av resultatene)"
                   if kind == "mangler" else f"BEST skal være en ordbok, men var {kind}")
        checks.append(Check(1, False, f"{what}: {message}."))
        checks.append(Check(1, False, f"BEST er en av konfigurasjonene i CONFIGS: {message}."))
        return checks
    ok = CASES.within_budget(best, a.get("best_int"))
    checks.append(Check(1, ok, f"{what}: " + ("riktig." if ok else f"budsjettet er {_budget_text()}.")))
    member = not np.isnan(best).any() and any(np.allclose(best, r) for r in rows)
    checks.append(Check(1, member, "BEST er en av konfigurasjonene i CONFIGS: " +
                        ("riktig." if member else "den var ikke med. Velg BEST blant dem du har "
                                                  "sammenlignet på valideringsdataene.")))
    return checks


# --- 4. confusion_matrix ---------------------------------------------------------------------


def _confusion(y_true, y_pred, K):
    m = np.zeros((K, K))
    np.add.at(m, (y_true, y_pred), 1)
    return m


def judge_confusion(a):
    c = CASES.CONFUSION_CASES
    def ref(key):
        y_true, y_pred, K = c[key]
        return _confusion(y_true, y_pred, 10 if K is None else K)
    return [
        close(a, "basic", ref("basic"), 1.5, "confusion_matrix for sju eksempler med K=3 (synlig test)",
              hint="Rad = etiketten, kolonne = prediksjonen. Tell hvert eksempel, også når "
                   "samme par kommer flere ganger."),
        close(a, "default", ref("default"), 1, "confusion_matrix uten K (standardverdien K=10)",
              hint="Standardverdien skal være K=10, også når ikke alle sifrene er med."),
        close(a, "missing", ref("missing"), 1, "confusion_matrix når noen klasser mangler i dataene",
              hint="Matrisen skal alltid ha formen (K, K)."),
        close(a, "many", ref("many"), 1, "confusion_matrix for 200 eksempler med mange like par",
              hint="Hvert eksempel skal telles. (cm[y_true, y_pred] += 1 teller hvert par bare "
                   "én gang; bruk en løkke eller np.add.at.)"),
        close(a, "single", ref("single"), 0.5, "confusion_matrix for ett eksempel"),
    ]


# --- 5. Nøyaktigheten på sifrene som holdes tilbake ---------------------------------------

TOL = dict(rtol=2e-2, atol=1e-2)  # klassene kan regne i float32


def _near(got, expected, *, share=1.0, **tol):
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape or not np.all(np.isfinite(got)):
        return False
    return np.mean(np.isclose(got, expected, **(tol or TOL))) >= share


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sanity_problem(a) -> str | None:
    """Hva som er galt med klassene fra oppgave 3, eller None når de virker."""
    s = CASES.SANITY
    names = {"linear": "Linear", "activations": "ReLU/Tanh", "loss": "SoftmaxCrossEntropy",
             "net": "Net", "train_loop": "train_loop"}
    for part, name in names.items():
        if f"sanity_{part}.feil" in a.values:
            return f"{name} reiste {a.values[f'sanity_{part}.feil']}"
    v = a.get
    out1, out2, mix = v("lin_out1"), v("lin_out2"), v("lin_mix")
    if out1 is None or np.shape(out1) != (4, 3):
        return f"Linear(5, 3).forward skal gi form (4, 3) for 4 eksempler, men ga {np.shape(out1)}"
    if not _near(mix, 0.3 * out1 + 0.7 * out2, rtol=1e-3, atol=1e-4):
        return "Linear.forward regner ikke x W^T + b"
    if not _near(v("lin_dx"), v("lin_dx_num")):
        return "Linear.backward gir en dx som ikke stemmer med den numeriske gradienten"
    if not v("lin_after") < v("lin_before"):
        return "Linear.update(lr) går ikke nedover: trekk lr · gradienten fra parameterne"
    names_found = a.text("act_names").split()
    if not names_found:
        return "fant verken ReLU eller Tanh"
    z, dout = s["act_z"], s["act_dout"]
    reference = {"ReLU": (np.maximum(z, 0), dout * (z > 0)),
                 "Tanh": (np.tanh(z), dout * (1 - np.tanh(z) ** 2))}
    for name in names_found:
        for key, expected, step in ((f"{name}_out", reference[name][0], "forward"),
                                    (f"{name}_dx", reference[name][1], "backward")):
            if a.problem(key):
                return f"{name}.{step}: {a.problem(key)}"
            if not _near(v(key), expected, rtol=1e-3, atol=1e-4):
                return f"{name}.{step} gir feil svar"
    p = _softmax(s["ce_z"])
    y = s["ce_y"]
    loss = -np.mean(np.log(p[np.arange(len(y)), y]))
    if a.problem("ce_loss"):
        return f"SoftmaxCrossEntropy.forward: {a.problem('ce_loss')}"
    if np.ndim(v("ce_loss")) != 0 or not _near(v("ce_loss"), loss, rtol=1e-3, atol=1e-5):
        return "SoftmaxCrossEntropy.forward(z, y) skal gi snittet av kryssentropien som ett tall"
    dz = (p - np.eye(3)[y]) / len(y)
    if a.problem("ce_dz") or not _near(v("ce_dz"), dz, rtol=1e-3, atol=1e-5):
        return "SoftmaxCrossEntropy.backward() skal gi dz = (p − e_y) / B"
    if not _near(v("net_dx"), v("net_dx_num"), share=0.9):
        return "Net.backward gir en dx som ikke stemmer med den numeriske gradienten"
    if not v("net_after") < v("net_before"):
        return "Net.update(lr) går ikke nedover"
    losses = v("train_losses")
    if losses is None or np.shape(losses) != (5,) or not np.all(np.isfinite(losses)):
        return "train_loop(..., epochs=5, ...) skal gi en liste med 5 tall, tapet per epoke"
    if not losses[-1] < losses[0]:
        return "tapet fra train_loop synker ikke på et lite, lett problem"
    return None


def judge_accuracy(a):
    total = sum(points for _, points in TIERS)
    what = "Nøyaktigheten på de 1 000 sifrene som holdes tilbake"
    if a.status != "ok":
        return [Check(total, False, f"{what}: {a.problem('pred')}.")]
    if a.text("missing"):
        return [Check(total, False, f"{what}: rettingen trener nettverket med klassene dine fra "
                                    f"oppgave 3, men fant ikke {a.text('missing')} i notebooken. "
                                    f"Lim dem inn i cellen «Dine klasser fra oppgave 3».")]
    problem = sanity_problem(a)
    if problem:
        return [Check(total, False, f"{what}: rettingen trener nettverket med klassene dine fra "
                                    f"oppgave 3, og de må virke: {problem}. Rett klassene, så "
                                    f"teller denne deloppgaven.")]
    best = a.get("best")
    if best is None or not CASES.within_budget(best, a.get("best_int")):
        return [Check(total, False, f"{what}: rettingen trener build_net(BEST, seed=0), men BEST "
                                    f"manglet eller var utenfor budsjettet ({_budget_text()}).")]
    if "build.feil" in a.values:
        return [Check(total, False, f"{what}: build_net(BEST, seed=0): {a.problem('build')}.")]
    if a.get("build") is None:
        return [Check(total, False, f"{what}: build_net(BEST, seed=0) ga ikke et nettverk "
                                    f"(men {a.kind('build') or 'ingenting'}).")]
    for key, step in (("untrained", "net.forward før treningen"), ("losses", "train_loop"),
                      ("pred", "net.forward etter treningen"), ("pred_val", "net.forward etter treningen")):
        if a.problem(key):
            return [Check(total, False, f"{what}: {step}: {a.problem(key)}.")]
    _, _, _, y_hidden, _, y_val = _data()
    untrained, pred = np.asarray(a.get("untrained")), np.asarray(a.get("pred"))
    if pred.shape != y_hidden.shape or untrained.shape != y_hidden.shape:
        return [Check(total, False, f"{what}: net.forward skal gi én rad med 10 poeng per bilde.")]
    if np.mean(untrained == y_hidden) >= 0.5:
        return [Check(total, False, f"{what}: nettverket fra build_net(BEST, seed=0) kjente igjen de "
                                    f"fleste sifrene før treningen. build_net skal lage et nytt "
                                    f"nettverk med tilfeldige startvekter.")]
    acc = float(np.mean(pred == y_hidden))
    pred_val = np.asarray(a.get("pred_val"))
    val_acc = float(np.mean(pred_val == y_val)) if pred_val.shape == y_val.shape else 0.0
    if acc >= TIERS[0][0] and acc > val_acc + SUSPICIOUS_GAP:
        # Et ekte nettverk er omtrent like godt på begge; et oppslag i sifrene som holdes
        # tilbake, er det ikke. Læreren ser meldingen i rapporten.
        return [Check(total, False, f"Satt til 0 poeng til læreren har sett på det: nettverket var "
                                    f"langt bedre på sifrene som holdes tilbake ({_decimal(acc)}) "
                                    f"enn på valideringsdataene ({_decimal(val_acc)}).")]
    checks = []
    for threshold, points in TIERS:
        ok = acc >= threshold
        checks.append(Check(points, ok, f"minst {_decimal(threshold, 2)} gir {points} poeng til"))
    checks[0].message = (f"{what}: {_decimal(acc)} (rettingen trente build_net(BEST, seed=0) med "
                         f"train_loop). Minst {_decimal(TIERS[0][0], 2)} gir {TIERS[0][1]} poeng")
    return checks


TASKS = {
    "test_prepare": Task(judge_prepare, ("prepare",)),
    "test_build_net": Task(judge_build_net, ("build_net",)),
    "test_configs": Task(judge_configs, ("CONFIGS", "BEST")),
    "test_confusion": Task(judge_confusion, ("confusion_matrix",)),
    "test_accuracy": Task(judge_accuracy, ("train_loop", "BEST", "build_net", *CLASSES), cpu=60),
}


def protected(given, nb):
    return _protected(given, nb, TASKS)
