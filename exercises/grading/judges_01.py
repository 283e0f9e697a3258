"""Dommerne for oppgave 1 (tapfunksjoner). Fasiten regnes ut her, utenfor sandkassen."""

import numpy as np

from .judge_tools import Task, close, inside_module, protected as _protected, unchanged

PROBES = "probes_01"
FORBIDDEN = {}  # mlfw importeres ikke i oppgave 1
HIDE = []


def write_data(folder) -> None:
    """Oppgave 1 trenger ingen data i sandkassen."""


CASES = inside_module(PROBES)


def _regression(a, name, formula):
    basic, multi, single = (CASES.CASES[k] for k in ("basic", "multi", "single"))
    return [
        close(a, "basic", formula(*basic), 2, f"{name} for y_hat = [[1], [3]] og y = [[0], [1]] "
              f"(synlig test)", scalar=True, hint="Ta snittet over alle tallene."),
        close(a, "multi", formula(*multi), 1, f"{name} med to utdata per eksempel", scalar=True,
              hint="Ta snittet over alle tallene i y_hat, ikke bare over eksemplene."),
        close(a, "single", formula(*single), 0.5, f"{name} for en batch med ett eksempel",
              scalar=True),
        unchanged(a, "multi_input", multi[0], 0.5, f"{name} lar inndataene være urørt", call="multi"),
    ]


def judge_mae(a):
    return _regression(a, "mae", lambda y_hat, y: np.mean(np.abs(y_hat - y)))


def judge_mse(a):
    return _regression(a, "mse", lambda y_hat, y: np.mean((y_hat - y) ** 2))


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def judge_softmax(a):
    c = CASES.SOFTMAX_CASES
    return [
        close(a, "basic", _softmax(c["basic"]), 2, "softmax av [[1, 2, 3], [0, 0, 0]] (synlig test)",
              hint="Del på summen av hver rad (axis=1, keepdims=True)."),
        close(a, "large", _softmax(c["large"]), 2, "softmax for store poeng (som 1000)",
              hint="Trekk fra den største verdien i hver rad før np.exp."),
        close(a, "rows", _softmax(c["rows"]), 1, "softmax når radene har svært ulik størrelse",
              hint="Trekk fra den største verdien i hver rad, ikke i hele matrisen."),
        close(a, "single", _softmax(c["single"]), 0.5, "softmax for en batch med ett eksempel"),
        unchanged(a, "basic_input", c["basic"], 0.5, "softmax lar inndataene være urørt", call="basic"),
    ]


def _cross_entropy(p, y):
    return -np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1.0)))


def judge_cross_entropy(a):
    c = CASES.CE_CASES
    return [
        close(a, "basic", _cross_entropy(*c["basic"]), 2, "cross_entropy for [[0,5, 0,5], "
              "[0,9, 0,1]] med etikettene [0, 0] (synlig test)", scalar=True),
        close(a, "zero", _cross_entropy(*c["zero"]), 1, "cross_entropy når riktig klasse har "
              "sannsynlighet 0", scalar=True, rtol=1e-3,
              hint="Klipp sannsynligheten til minst 1e-12 før log."),
        close(a, "three", _cross_entropy(*c["three"]), 1, "cross_entropy med tre klasser",
              scalar=True, hint="Bruk etiketten som kolonnenummer i hver rad."),
    ]


def judge_accuracy(a):
    c = CASES.ACC_CASES
    return [
        close(a, "basic", 2 / 3, 1, "accuracy for tre eksempler (synlig test)", scalar=True),
        close(a, "ten", 7 / 8, 1, "accuracy med ti klasser", scalar=True,
              hint="Velg kolonnen med høyest sannsynlighet (argmax over axis=1)."),
    ]


TASKS = {
    "test_mae": Task(judge_mae, ("mae",)),
    "test_mse": Task(judge_mse, ("mse",)),
    "test_softmax": Task(judge_softmax, ("softmax",)),
    "test_cross_entropy": Task(judge_cross_entropy, ("cross_entropy",)),
    "test_accuracy": Task(judge_accuracy, ("accuracy",)),
}


def protected(given, nb):
    return _protected(given, nb, TASKS)
