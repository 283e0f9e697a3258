"""Besvarelser til oppgave 4 (MNIST-laben): gyldige varianter og ærlige feil.

VARIANTS: grade_id for svarceller → ny kode. Hver variant skal få full pott.
MISTAKES: navn → (nye svarceller, {testcelle: forventet poeng}). Testceller som ikke står
oppført, skal beholde full pott. Klassene og mange av feilene bygger på lærerens løsning i
kildenotebooken, med små endringer, så de følger kontrakten fra oppgave 3.
"""

from pathlib import Path

import nbformat

SOURCE = Path(__file__).resolve().parents[2] / "exercises" / "source" / "04-mnist" / "04-mnist.ipynb"


def _solution(gid: str) -> str:
    nb = nbformat.read(SOURCE, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)
    return "\n".join(line for line in cell.source.splitlines() if "SOLUTION" not in line)


def _classes(old: str, new: str) -> str:
    source = _solution("classes")
    assert old in source, old
    return source.replace(old, new)


BEST = "dict(hidden=128, lr=0.1, epochs=10, batch_size=16)"

CLASSES_OTHER_STYLE = '''
class Linear:
    def __init__(self, in_features, out_features, *, rng=None):
        gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        self.W = gen.standard_normal((out_features, in_features)) * np.sqrt(1.0 / in_features)
        self.b = np.zeros(out_features)
        self.params = {"W": self.W, "b": self.b}
        self.grads = {"W": np.zeros_like(self.W), "b": np.zeros_like(self.b)}

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        self.cache = np.array(x, copy=True)
        return np.dot(x, self.W.T) + self.b

    def backward(self, dout):
        self.grads["W"][...] = np.dot(dout.T, self.cache)
        self.grads["b"][...] = np.sum(dout, axis=0)
        return np.dot(dout, self.W)

    def update(self, lr):
        self.W -= lr * self.grads["W"]
        self.b -= lr * self.grads["b"]


class ReLU:
    params = {}
    grads = {}

    def forward(self, x):
        self.x = x
        return np.where(x > 0, x, 0.0)

    def backward(self, dout):
        return np.where(self.x > 0, dout, 0.0)

    def update(self, lr):
        return None


class SoftmaxCrossEntropy:
    def forward(self, z, y):
        shifted = z - np.max(z, axis=1, keepdims=True)
        log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        self.p, self.y = np.exp(log_p), np.asarray(y)
        return -log_p[np.arange(len(y)), y].mean()

    def backward(self):
        onehot = np.eye(self.p.shape[1])[self.y]
        return (self.p - onehot) / self.p.shape[0]


class Net:
    def __init__(self, *layers):
        self.steps = layers

    @property
    def layers(self):
        return list(self.steps)

    def forward(self, x):
        out = x
        for step in self.steps:
            out = step.forward(out)
        return out

    def backward(self, dout):
        for step in self.steps[::-1]:
            dout = step.backward(dout)
        return dout

    def update(self, lr):
        for step in self.steps:
            step.update(lr)


def train_loop(net, loss_fn, x, y, *, epochs, lr, batch_size, seed):
    rng = np.random.default_rng(seed)
    history = []
    index = np.arange(len(x))
    for _ in range(epochs):
        rng.shuffle(index)
        batch_losses = []
        for start in range(0, len(x), batch_size):
            b = index[start:start + batch_size]
            loss = loss_fn.forward(net.forward(x[b]), y[b])
            net.backward(loss_fn.backward())
            net.update(lr)
            batch_losses.append(loss)
        history.append(float(np.mean(batch_losses)))
    return history
'''

VARIANTS = {
    # 1. prepare
    "prepare_reshape_784": {"prepare": "def prepare(images):\n    return images.reshape(images.shape[0], 784)\n"},
    "prepare_loop": {"prepare": "def prepare(images):\n    rows = []\n    for image in images:\n"
                                "        rows.append(image.flatten())\n    return np.array(rows)\n"},
    "prepare_copy_float64": {"prepare": "def prepare(images):\n    flat = np.array(images, dtype=np.float64)\n"
                                        "    return flat.reshape(len(flat), -1)\n"},
    # 2. build_net
    "build_net_tanh": {"build_net": "def build_net(config, seed):\n    h = config['hidden']\n"
                                    "    return Net(Linear(784, h, rng=seed), Tanh(), Linear(h, 10, rng=seed + 1))\n"},
    "build_net_one_generator": {"build_net": "def build_net(config, seed):\n    rng = np.random.default_rng(seed)\n"
                                             "    layers = [Linear(784, config['hidden'], rng=rng), ReLU(),\n"
                                             "              Linear(config['hidden'], 10, rng=rng)]\n    return Net(*layers)\n"},
    "build_net_keyword_seed": {"build_net": "def build_net(config, *, seed=0):\n    hidden = int(config.get('hidden', 64))\n"
                                            "    first = Linear(784, hidden, rng=seed)\n    second = Linear(hidden, 10, rng=seed + 1)\n"
                                            "    return Net(first, ReLU(), second)\n"},
    # 3. CONFIGS og BEST
    "configs_two_index": {"configs": "CONFIGS = [dict(hidden=64, lr=0.05, epochs=6, batch_size=32),\n"
                                     f"           {BEST}]\n",
                          "best": "BEST = CONFIGS[1]\n"},
    "configs_braces_extra_key": {
        "configs": "CONFIGS = [\n    {'hidden': 128, 'lr': 0.1, 'epochs': 10, 'batch_size': 16, 'navn': 'stor'},\n"
                   "    {'hidden': 16, 'lr': 0.1, 'epochs': 10, 'batch_size': 16, 'navn': 'liten'},\n]\n",
        "best": "BEST = {'hidden': 128, 'lr': 0.1, 'epochs': 10, 'batch_size': 16, 'navn': 'stor'}\n"},
    "configs_best_copy": {"best": f"BEST = dict(CONFIGS[1])\n"},
    # 4. confusion_matrix
    "confusion_add_at": {"confusion": "def confusion_matrix(y_true, y_pred, K=10):\n    cm = np.zeros((K, K), dtype=np.int64)\n"
                                      "    np.add.at(cm, (y_true, y_pred), 1)\n    return cm\n"},
    "confusion_bincount": {"confusion": "def confusion_matrix(y_true, y_pred, K=10):\n"
                                        "    return np.bincount(K * y_true + y_pred, minlength=K * K).reshape(K, K)\n"},
    "confusion_onehot_float": {"confusion": "def confusion_matrix(y_true, y_pred, K=10):\n"
                                            "    a = (np.asarray(y_true)[:, None] == np.arange(K)).astype(np.float32)\n"
                                            "    b = (np.asarray(y_pred)[:, None] == np.arange(K)).astype(np.float32)\n"
                                            "    return a.T @ b\n"},
    # 5. klassene (deloppgave 5)
    "classes_float32": {"classes": _classes(
        'size=(out_features, in_features)),\n                       "b": np.zeros(out_features)}',
        'size=(out_features, in_features)).astype(np.float32),\n'
        '                       "b": np.zeros(out_features, dtype=np.float32)}').replace(
        "return dz / len(self.y)", "return (dz / len(self.y)).astype(np.float32)")},
    "classes_other_style": {"classes": CLASSES_OTHER_STYLE},
    "classes_tanh_only": {"classes": _classes(_solution("classes")[_solution("classes").index("class ReLU:"):
                                                                   _solution("classes").index("class Tanh:")], ""),
                          "build_net": "def build_net(config, seed):\n    h = config['hidden']\n"
                                       "    return Net(Linear(784, h, rng=seed), Tanh(), Linear(h, 10, rng=seed + 1))\n"},
}

MISTAKES = {
    # 1. prepare
    "prepare_inplace_shape": ({"prepare": "def prepare(images):\n    images.shape = (len(images), 784)\n    return images\n"},
                              {"test_prepare": 2}),
    "prepare_scaled_again": ({"prepare": "def prepare(images):\n    return images.reshape(len(images), -1) / 255\n"},
                             {"test_prepare": 1}),
    "prepare_one_vector": ({"prepare": "def prepare(images):\n    return images.ravel()\n"}, {"test_prepare": 1}),
    # 2. build_net
    "build_net_fixed_seed": ({"build_net": "def build_net(config, seed):\n    h = config['hidden']\n"
                                           "    return Net(Linear(784, h, rng=0), ReLU(), Linear(h, 10, rng=1))\n"},
                             {"test_build_net": 4}),
    "build_net_no_activation": ({"build_net": "def build_net(config, seed):\n    h = config['hidden']\n"
                                              "    return Net(Linear(784, h, rng=seed), Linear(h, 10, rng=seed + 1))\n"},
                                {"test_build_net": 2, "test_accuracy": 8}),  # en lineær modell gir ≈ 0,89
    "build_net_hidden_ignored": ({"build_net": "def build_net(config, seed):\n"
                                               "    return Net(Linear(784, 100, rng=seed), ReLU(), Linear(100, 10, rng=seed + 1))\n"},
                                 {"test_build_net": 2}),
    # 3. CONFIGS og BEST
    "configs_only_one": ({"configs": f"CONFIGS = [{BEST}]\n", "best": "BEST = CONFIGS[0]\n"}, {"test_configs": 3}),
    "configs_over_budget": ({"configs": f"CONFIGS = [dict(hidden=256, lr=0.1, epochs=20, batch_size=16), {BEST}]\n"},
                            {"test_configs": 3}),
    "best_not_in_configs": ({"best": "BEST = dict(hidden=100, lr=0.1, epochs=10, batch_size=16)\n"}, {"test_configs": 3}),
    "best_computed": ({"compare": _solution("compare").replace("for config in CONFIGS:", "val_accs = []\nfor config in CONFIGS:")
                       .replace("    print(", "    val_accs.append(val_accuracy)\n    print("),
                       "best": "BEST = CONFIGS[int(np.argmax(val_accs))]\n"},
                      {"test_configs": 2, "test_accuracy": 0}),
    # 4. confusion_matrix
    "confusion_transposed": ({"confusion": "def confusion_matrix(y_true, y_pred, K=10):\n    m = np.zeros((K, K), dtype=int)\n"
                                           "    for t, p in zip(y_true, y_pred):\n        m[p, t] += 1\n    return m\n"},
                             {"test_confusion": 0.5}),
    "confusion_fancy_index": ({"confusion": "def confusion_matrix(y_true, y_pred, K=10):\n    m = np.zeros((K, K), dtype=int)\n"
                                            "    m[y_true, y_pred] += 1\n    return m\n"},
                              {"test_confusion": 2.5}),
    "confusion_size_from_data": ({"confusion": "def confusion_matrix(y_true, y_pred, K=10):\n"
                                               "    n = max(y_true.max(), y_pred.max()) + 1\n    m = np.zeros((n, n), dtype=int)\n"
                                               "    for t, p in zip(y_true, y_pred):\n        m[t, p] += 1\n    return m\n"},
                                 {"test_confusion": 2.5}),
    # 5. klassene og nøyaktigheten
    "classes_missing": ({"classes": "# Dine klasser fra oppgave 3\n"}, {"test_accuracy": 0}),
    "ce_backward_no_mean": ({"classes": _classes("return dz / len(self.y)", "return dz")}, {"test_accuracy": 0}),
    "linear_update_plus": ({"classes": _classes("self.params[name] -= lr", "self.params[name] += lr")},
                           {"test_accuracy": 0}),
    "train_loop_one_epoch": ({"classes": _classes("for epoch in range(epochs):", "for epoch in range(1):")},
                             {"test_accuracy": 0}),
    "best_weak": ({"configs": "CONFIGS = [dict(hidden=64, lr=0.02, epochs=3, batch_size=32),\n"
                              "           dict(hidden=64, lr=0.005, epochs=2, batch_size=32)]\n",
                   "best": "BEST = CONFIGS[0]\n"}, {"test_accuracy": 4}),
    "best_very_weak": ({"configs": "CONFIGS = [dict(hidden=64, lr=0.005, epochs=2, batch_size=32),\n"
                                   "           dict(hidden=16, lr=0.001, epochs=1, batch_size=64)]\n",
                        "best": "BEST = CONFIGS[0]\n"}, {"test_accuracy": 0}),
}
