"""Besvarelser for oppgave 5 (optimering og regularisering): gyldige varianter og ærlige feil.

VARIANTS: svarcelle → ny kode; skal få full pott.
MISTAKES: navn → (nye svarceller, {testcelle: forventet poeng}); testceller som ikke står
oppført, skal få full pott. Feilene bygger på lærerens løsning i kildenotebooken med små
endringer. Deloppgave 4 trener med elevens egen Adam (fra løsningen), så en feil i Adam
kan også flytte nøyaktigheten der; deloppgave 5 bruker rettingens egne optimerere.
"""

from pathlib import Path

import nbformat

SOURCE = Path(__file__).resolve().parents[2] / "exercises" / "source" / "05-optimering" / "05-optimering.ipynb"


def _solution(gid: str) -> str:
    nb = nbformat.read(SOURCE, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)
    return "\n".join(line for line in cell.source.splitlines() if "SOLUTION" not in line)


def _edit(gid: str, old: str, new: str) -> str:
    source = _solution(gid)
    assert old in source, (gid, old)
    return source.replace(old, new)


VARIANTS = {
    "momentum_lists_float32": {"momentum": '''
class Momentum:
    def __init__(self, net, lr=0.1, beta=0.9, weight_decay=0.0):
        self.net = net
        self.lr = lr
        self.beta = beta
        self.weight_decay = weight_decay
        self.keys = list(net.params)
        self.velocity = [np.zeros(np.shape(net.params[k]), dtype=np.float32) for k in self.keys]

    def step(self):
        params = self.net.params
        grads = self.net.grads
        for i in range(len(self.keys)):
            key = self.keys[i]
            p = params[key]
            g = np.asarray(grads[key], dtype=np.float32)
            if self.weight_decay != 0 and key.endswith("W"):
                g = g + np.float32(self.weight_decay) * p.astype(np.float32)
            self.velocity[i] = np.float32(self.beta) * self.velocity[i] + g
            np.subtract(p, self.lr * self.velocity[i], out=p)
'''},
    "momentum_copies_slices": {"momentum": '''
class Momentum:
    """v ← β·v + g, p ← p − η·v."""

    def __init__(self, net, lr=0.1, beta=0.9, weight_decay=0.0):
        self.net, self.lr, self.beta, self.weight_decay = net, lr, beta, weight_decay
        self.state = {key: {"v": np.zeros_like(p)} for key, p in net.params.items()}

    def step(self):
        grads = dict(self.net.grads)  # en kopi av ordboka
        for key in sorted(self.net.params):
            p = self.net.params[key]
            g = grads[key].copy()
            if "W" in key.split(".")[-1]:
                g += self.weight_decay * p
            s = self.state.setdefault(key, {"v": np.zeros_like(p)})
            s["v"] = s["v"] * self.beta + g
            p[...] = p - self.lr * s["v"]
'''},
    "momentum_lr_in_velocity": {"momentum": '''
class Momentum:
    """Skrivemåten v ← β·v + η·g, p ← p − v: de samme stegene med fast læringsrate."""

    def __init__(self, net, lr=0.1, beta=0.9, weight_decay=0.0):
        self.net, self.lr, self.beta, self.weight_decay = net, lr, beta, weight_decay
        self.v = {}

    def step(self):
        for key, p in self.net.params.items():
            g = self.net.grads[key] + (self.weight_decay * p if key.endswith(".W") else 0.0)
            self.v[key] = self.beta * self.v.get(key, 0.0) + self.lr * g
            p -= self.v[key]
'''},
    "adam_efficient_form": {"adam": '''
class Adam:
    def __init__(self, net, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        self.net = net
        self.lr = lr
        self.b1, self.b2, self.eps, self.wd = beta1, beta2, eps, weight_decay
        self.m = {}
        self.v = {}
        self.t = 0

    def step(self):
        self.t = self.t + 1
        # artikkelens effektive form: læringsraten for steg t tar skjevhetskorrigeringen
        lr_t = self.lr * (1 - self.b2 ** self.t) ** 0.5 / (1 - self.b1 ** self.t)
        for key, p in self.net.params.items():
            g = self.net.grads[key]
            if key[-1] == "W":
                g = g + self.wd * p
            self.m[key] = self.b1 * self.m.get(key, 0) + (1 - self.b1) * g
            self.v[key] = self.b2 * self.v.get(key, 0) + (1 - self.b2) * g * g
            p -= lr_t * self.m[key] / (self.v[key] ** 0.5 + self.eps)
'''},
    "adam_float32_helper": {"adam": '''
def adam_update(p, g, m, v, t, lr, beta1, beta2, eps):
    """Ett Adam-steg for én tabell; m og v oppdateres på plass."""
    m *= beta1
    m += (1 - beta1) * g
    v *= beta2
    v += (1 - beta2) * np.square(g)
    m_hat = m / (1 - np.power(beta1, t))
    v_hat = v / (1 - np.power(beta2, t))
    p -= (lr * m_hat / (np.sqrt(v_hat) + eps)).astype(p.dtype)


class Adam:
    def __init__(self, net, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        self.net, self.lr = net, lr
        self.beta1, self.beta2, self.eps, self.weight_decay = beta1, beta2, eps, weight_decay
        self.moments = {}
        self.steps = 0

    def step(self):
        self.steps += 1
        for key, p in self.net.params.items():
            g = self.net.grads[key].astype(np.float32)
            if key.rsplit(".", 1)[-1] == "W" and self.weight_decay:
                g = g + np.float32(self.weight_decay) * p.astype(np.float32)
            if key not in self.moments:
                self.moments[key] = (np.zeros(p.shape, np.float32), np.zeros(p.shape, np.float32))
            m, v = self.moments[key]
            adam_update(p, g, m, v, self.steps, self.lr, self.beta1, self.beta2, self.eps)
'''},
    "training_momentum_tanh": {"training": '''
def build_net(seed):
    return Net(Linear(784, 64, rng=seed), Tanh(), Linear(64, 10, rng=seed + 1), Softmax())


def make_optimizer(net):
    return Momentum(net, lr=0.05, beta=0.9)


TRAIN_CONFIG = {"epochs": 6, "batch_size": 32}
''', "train_run": '''
net = build_net(0)
train(net, CrossEntropyLoss(), x_train, y_train, epochs=6, batch_size=32, optimizer=make_optimizer(net),
      seed=0, progress=False)
print(accuracy(net(x_val), y_val))
'''},
    "training_adam_decay": {"training": '''
HIDDEN = 96


def build_net(seed=0):
    layers = [Linear(784, HIDDEN, rng=seed), ReLU(), Linear(HIDDEN, 10, rng=seed + 1), Softmax()]
    return Net(*layers)


def make_optimizer(net):
    return Adam(net, lr=0.005, weight_decay=1e-4)


TRAIN_CONFIG = dict(epochs=10, batch_size=64)
'''},
    "compare_factories": {"compare": '''
def compare(x_train, y_train, x_val, y_val, *, epochs, batch_size):
    makers = {"momentum": lambda net: Momentum(net, lr=0.03, beta=0.9),
              "adam": lambda net: Adam(net, lr=0.002)}
    out = {}
    net = build_net(seed=0)
    train(net, CrossEntropyLoss(), x_train, y_train, epochs=epochs, lr=0.2, batch_size=batch_size,
          seed=0, progress=False)
    out["sgd"] = float(np.mean(np.argmax(net.forward(x_val), axis=1) == y_val))
    for name, make in makers.items():
        net = build_net(seed=0)
        train(net, CrossEntropyLoss(), x_train, y_train, epochs=epochs, batch_size=batch_size,
              optimizer=make(net), seed=0, progress=False)
        out[name] = float(np.mean(np.argmax(net.forward(x_val), axis=1) == y_val))
    return out
''', "best": 'BEST = "momentum"\n'},
    "compare_history": {"compare": '''
def compare(x_train, y_train, x_val, y_val, *, epochs, batch_size):
    """Valideringsnøyaktigheten i siste epoke fra History."""
    results = dict()
    for name in ["sgd", "momentum", "adam"]:
        net = build_net(seed=0)
        if name == "sgd":
            kw = {"lr": 0.1}
        elif name == "momentum":
            kw = {"optimizer": Momentum(net, lr=0.01, beta=0.95)}
        else:
            kw = {"optimizer": Adam(net, lr=0.001)}
        history = train(net, CrossEntropyLoss(), x_train, y_train, epochs=epochs, batch_size=batch_size,
                        seed=0, progress=False, validation=(x_val, y_val), **kw)
        results[name] = history.val_accuracy[-1]
    return results
''', "best": "BEST = 'adam'  # høyest på valideringsdataene\n"},
}

MOMENTUM_EMA = _edit("momentum", "self.v[key] = self.beta * self.v[key] + g",
                     "self.v[key] = self.beta * self.v[key] + (1 - self.beta) * g")
MOMENTUM_NOT_IN_PLACE = _edit("momentum", "p -= self.lr * self.v[key]  # på plass",
                              "self.net.params[key] = p - self.lr * self.v[key]")
MOMENTUM_LATE = _edit("momentum", '''            self.v[key] = self.beta * self.v[key] + g
            p -= self.lr * self.v[key]  # på plass''', '''            p -= self.lr * self.v[key]  # den gamle farten
            self.v[key] = self.beta * self.v[key] + g''')
ADAM_NO_BIAS = _edit("adam", '''            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            v_hat = self.v[key] / (1 - self.beta2 ** self.t)''', '''            m_hat = self.m[key]
            v_hat = self.v[key]''')
ADAM_T_PER_KEY = _edit("adam", "self.t += 1  # én gang per steg, ikke per nøkkel", "pass").replace(
    "            g = grads[key]\n", "            self.t += 1\n            g = grads[key]\n", 1)
ADAM_EPS_INSIDE = _edit("adam", "np.sqrt(v_hat) + self.eps", "np.sqrt(v_hat + self.eps)")


def _both(old, new):
    return {"momentum": _edit("momentum", old, new), "adam": _edit("adam", old, new)}


DECAY_ALL = _both('''            if key.split(".")[-1] == "W":
                g = g + self.weight_decay * p''', '''            g = g + self.weight_decay * p''')
DECAY_SIGN = _both("g = g + self.weight_decay * p", "g = g - self.weight_decay * p")
DECAY_DECOUPLED = {
    "momentum": _edit("momentum", "p -= self.lr * self.v[key]  # på plass",
                      "p -= self.lr * (self.v[key] + (self.weight_decay * p if key.endswith('W') else 0))")
    .replace("g = g + self.weight_decay * p", "pass"),
    "adam": _edit("adam", "p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)  # på plass",
                  "p -= self.lr * (m_hat / (np.sqrt(v_hat) + self.eps) + "
                  "(self.weight_decay * p if key.endswith('W') else 0))  # som AdamW")
    .replace("g = g + self.weight_decay * p", "pass"),
}

MISTAKES = {
    "momentum_ema": ({"momentum": MOMENTUM_EMA}, {"test_momentum": 3.0}),
    "momentum_not_in_place": ({"momentum": MOMENTUM_NOT_IN_PLACE}, {"test_momentum": 7.0}),
    "momentum_old_velocity": ({"momentum": MOMENTUM_LATE}, {"test_momentum": 3.0}),
    "adam_no_bias_correction": ({"adam": ADAM_NO_BIAS}, {"test_adam": 4.0}),
    "adam_t_per_key": ({"adam": ADAM_T_PER_KEY}, {"test_adam": 2.0}),
    "adam_eps_inside_sqrt": ({"adam": ADAM_EPS_INSIDE}, {"test_adam": 8.0}),
    "decay_on_bias_too": (DECAY_ALL, {"test_weight_decay": 3.0}),
    "decay_after_rule": (DECAY_DECOUPLED, {"test_weight_decay": 2.0}),
    "decay_wrong_sign": (DECAY_SIGN, {"test_weight_decay": 1.0}),
    "training_no_softmax": ({"training": _edit("training", ", Softmax())", ")")}, {"test_training": 0.0}),
    "training_too_short": ({"training": _edit("training", "lr=0.003", "lr=0.0003").replace(
        "dict(epochs=8, batch_size=32)", "dict(epochs=2, batch_size=64)")}, {"test_training": 3.0}),
    "training_own_sgd": ({"training": '''
class PlainSGD:
    def __init__(self, net, lr):
        self.net, self.lr = net, lr

    def step(self):
        self.net.update(self.lr)


def build_net(seed):
    return Net(Linear(784, 64, rng=seed), ReLU(), Linear(64, 10, rng=seed + 1), Softmax())


def make_optimizer(net):
    return PlainSGD(net, lr=0.1)


TRAIN_CONFIG = dict(epochs=5, batch_size=32)
'''}, {"test_training": 0.0}),
    "compare_on_training_data": ({"compare": _edit("compare", "accuracy(net.forward(x_val), y_val)",
                                                   "accuracy(net.forward(x_train), y_train)")},
                                 {"test_compare": 4.0}),
    "compare_percent": ({"compare": _edit("compare", "accuracy(net.forward(x_val), y_val)",
                                          "100 * accuracy(net.forward(x_val), y_val)")},
                        {"test_compare": 4.0}),
    "compare_best_computed": ({"best": "BEST = max(results, key=results.get)\n"}, {"test_compare": 4.0}),
}
