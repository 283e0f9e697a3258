"""Besvarelser for oppgave 3 (tilbakepropagering): gyldige varianter og ærlige feil.

VARIANTS: løsningscelle → ny kode; skal få full pott.
MISTAKES: (løsningscelle → ny kode, testcelle → forventet poeng); testceller som ikke står
oppført, skal få full pott. Deloppgave 9 (halvmånene) bruker alle elevens klasser sammen, som
oppgaveteksten sier, så en feil i et lag kan også koste poeng der.
"""

LINEAR_OK = '''
class Linear(Layer):
    def __init__(self, in_features, out_features, *, rng=None):
        super().__init__()
        rng = np.random.default_rng(rng)
        self.params = {"W": rng.normal(0.0, 1.0 / np.sqrt(in_features), size=(out_features, in_features)),
                       "b": np.zeros(out_features)}

    def forward(self, x):
        self.x = x
        return FORWARD

    def backward(self, dout):
        self.grads = {"W": dout.T @ self.x, "b": DB}
        return DX

    def update(self, lr):
        for key in self.params:
            self.params[key] = self.params[key] SIGN lr * self.grads[key]
'''


def linear(forward='x @ self.params["W"].T + self.params["b"]', db="dout.sum(axis=0)", sign="-",
           init=None, dx='dout @ self.params["W"]'):
    code = (LINEAR_OK.replace("FORWARD", forward).replace("DB", db).replace("SIGN", sign)
            .replace("DX", dx))
    if init:
        code = code.replace('rng.normal(0.0, 1.0 / np.sqrt(in_features), size=(out_features, in_features))', init)
    return code


VARIANTS = {
    "linear_einsum_no_base": {"linear": '''
class Linear:
    def __init__(self, in_features, out_features, *, rng=None):
        gen = np.random.default_rng(rng)
        scale = 1 / in_features ** 0.5
        self.params = {"W": scale * gen.standard_normal((out_features, in_features)), "b": np.zeros(out_features)}
        self.grads = {}

    def forward(self, x):
        self._cache = x.copy()
        return np.einsum("bi,oi->bo", x, self.params["W"]) + self.params["b"]

    def backward(self, dout):
        x = self._cache
        self.grads["W"] = np.einsum("bo,bi->oi", dout, x)
        self.grads["b"] = np.sum(dout, axis=0)
        return np.einsum("bo,oi->bi", dout, self.params["W"])

    def update(self, lr):
        self.params["W"] -= lr * self.grads["W"]
        self.params["b"] -= lr * self.grads["b"]
'''},
    "linear_dot_float32_grads": {"linear": '''
class Linear(Layer):
    def __init__(self, in_features, out_features, *, rng=None):
        super().__init__()
        rng = np.random.default_rng(rng)
        W = rng.normal(0.0, 1.0 / np.sqrt(in_features), size=(out_features, in_features))
        self.params = {"W": W, "b": np.zeros(out_features)}

    def forward(self, x):
        self.inputs = x
        return np.dot(x, self.params["W"].T) + self.params["b"]

    def backward(self, dout):
        dW = np.zeros(self.params["W"].shape)
        for i in range(len(dout)):
            dW += np.outer(dout[i], self.inputs[i])
        self.grads = {"W": dW, "b": dout.sum(axis=0).astype(np.float32)}
        return np.dot(dout, self.params["W"])

    def update(self, lr):
        self.params = {k: v - lr * self.grads[k] for k, v in self.params.items()}
'''},
    "tanh_cache_x": {"tanh": '''
class Tanh(Layer):
    def forward(self, x):
        self.x = x
        return np.tanh(x)

    def backward(self, dout):
        return dout * (1 - np.tanh(self.x) ** 2)
'''},
    "tanh_cosh": {"tanh": '''
class Tanh(Layer):
    def forward(self, x):
        self.x = np.array(x)
        return np.tanh(self.x)

    def backward(self, dout):
        return dout / np.cosh(self.x) ** 2
'''},
    "relu_maximum": {"relu": '''
class ReLU(Layer):
    def forward(self, x):
        self.x = x
        return np.maximum(0, x)

    def backward(self, dout):
        return dout * (self.x > 0)
'''},
    "relu_clip_where": {"relu": '''
class ReLU(Layer):
    def forward(self, x):
        out = x.clip(min=0)
        self.positive = out > 0
        return out

    def backward(self, dout):
        return np.where(self.positive, dout, 0.0)
'''},
    "sce_onehot_clip": {"softmax_ce": '''
class SoftmaxCrossEntropy:
    def forward(self, z, y):
        e = np.exp(z - np.max(z, axis=1, keepdims=True))
        self.p = e / e.sum(axis=1, keepdims=True)
        self.onehot = np.eye(z.shape[1])[y]
        right = np.clip(np.sum(self.p * self.onehot, axis=1), 1e-300, 1.0)
        return np.mean(-np.log(right))

    def backward(self):
        return (self.p - self.onehot) / len(self.p)
'''},
    "sce_loop": {"softmax_ce": '''
class SoftmaxCrossEntropy:
    def forward(self, z, y):
        self.p = np.zeros(z.shape)
        total = 0.0
        for i in range(len(z)):
            row = z[i] - max(z[i])
            logsum = np.log(np.sum(np.exp(row)))
            self.p[i] = np.exp(row - logsum)
            total += logsum - row[y[i]]
        self.y = y
        return total / len(z)

    def backward(self):
        dz = self.p.copy()
        for i, label in enumerate(self.y):
            dz[i, label] -= 1
        return dz / len(self.y)
'''},
    "net_loops": {"net": '''
class Net:
    def __init__(self, *layers):
        self.layers = tuple(layers)

    @property
    def params(self):
        out = {}
        for i, layer in enumerate(self.layers):
            for key, value in layer.params.items():
                out[str(i) + "." + key] = value
        return out

    @property
    def grads(self):
        out = {}
        for i, layer in enumerate(self.layers):
            for key, value in layer.grads.items():
                out[str(i) + "." + key] = value
        return out

    def forward(self, x):
        out = x
        for layer in self.layers:
            out = layer.forward(out)
        return out

    def backward(self, dout):
        for i in range(len(self.layers) - 1, -1, -1):
            dout = self.layers[i].backward(dout)
        return dout

    def update(self, lr):
        for layer in self.layers:
            layer.update(lr)
'''},
    "net_list_slicing": {"net": '''
class Net:
    def __init__(self, *layers):
        self.layers = [layer for layer in layers]

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def backward(self, dout):
        grad = dout
        for layer in self.layers[::-1]:
            grad = layer.backward(grad)
        return grad

    def update(self, lr):
        [layer.update(lr) for layer in self.layers]

    def _collect(self, what):
        return {f"{i}.{k}": v for i, l in enumerate(self.layers) for k, v in getattr(l, what).items()}

    params = property(lambda self: self._collect("params"))
    grads = property(lambda self: self._collect("grads"))
'''},
    "train_loop_shuffle_weighted": {"train_loop": '''
def train_loop(net, loss_fn, x, y, *, epochs, lr, batch_size, seed):
    rng = np.random.default_rng(seed)
    n = len(x)
    idx = np.arange(n)
    history = []
    for epoch in range(epochs):
        rng.shuffle(idx)
        total = 0.0
        i = 0
        while i < n:
            batch = idx[i:i + batch_size]
            z = net.forward(x[batch])
            loss = loss_fn.forward(z, y[batch])
            dz = loss_fn.backward()
            net.backward(dz)
            net.update(lr)
            total += loss * len(batch)
            i += batch_size
        history.append(total / n)
    return history
'''},
    "train_loop_calls": {"train_loop": '''
def train_loop(net, loss_fn, x, y, *, epochs, lr, batch_size, seed):
    gen = np.random.default_rng(seed)
    result = []
    for _ in range(epochs):
        perm = gen.permutation(x.shape[0])
        xs, ys = x[perm], y[perm]
        batch_losses = []
        for start in range(0, len(xs), batch_size):
            xb, yb = xs[start:start + batch_size], ys[start:start + batch_size]
            batch_losses.append(loss_fn(net(xb), yb))
            net.backward(loss_fn.backward())
            net.update(lr)
        result.append(sum(batch_losses) / len(batch_losses))
    return result
'''},
    "train_loop_measures_each_epoch": {"train_loop": '''
def train_loop(net, loss_fn, x, y, *, epochs, lr, batch_size, seed):
    rng = np.random.default_rng(seed)
    losses = []
    for epoch in range(epochs):
        order = rng.permutation(len(x))
        batch_losses = []
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            z = net.forward(x[idx])
            batch_losses.append(loss_fn.forward(z, y[idx]))
            net.backward(loss_fn.backward())
            net.update(lr)
        losses.append(float(np.mean(batch_losses)))
        full = loss_fn.forward(net.forward(x), y)  # målt på alle dataene etter epoken
        print(f"epoke {epoch + 1}: tap {full:.4f}")
    return losses
'''},
    "moons_relu": {"moons": '''
MOONS_CONFIG = {"hidden": 32, "lr": 0.3, "epochs": 300, "batch_size": 16}


def build_moons_net(seed):
    rng = np.random.default_rng(seed)
    return Net(Linear(2, 32, rng=rng), ReLU(), Linear(32, 2, rng=rng))
'''},
    "moons_two_hidden": {"moons": '''
MOONS_CONFIG = dict(lr=0.2, epochs=250, batch_size=20)


def build_moons_net(seed):
    return Net(Linear(2, 16, rng=seed), Tanh(), Linear(16, 16, rng=seed + 1), Tanh(),
               Linear(16, 2, rng=seed + 2))
'''},
}

MISTAKES = {
    "linear_no_transpose": ({"linear": linear(forward='x @ self.params["W"] + self.params["b"]')},
                            {"test_linear_forward": 1.5, "test_moons": 0.0}),
    "linear_db_unsummed": ({"linear": linear(db="dout")}, {"test_linear_backward": 4.25, "test_moons": 0.0}),
    "linear_dx_with_x": ({"linear": linear(dx='dout @ self.params["W"] * 0 + self.x')},
                         {"test_linear_backward": 3.0, "test_moons": 0.0}),
    "linear_update_only_W": ({"linear": linear().replace(
        "for key in self.params:", "for key in [\"W\"]:")}, {"test_linear_update": 1.0, "test_moons": 4.0}),
    "linear_update_plus": ({"linear": linear(sign="+")}, {"test_linear_update": 0.0, "test_moons": 0.0}),
    "linear_init_std1": ({"linear": linear(init="rng.normal(size=(out_features, in_features))")},
                         {"test_linear_forward": 3.5}),
    "tanh_uses_x": ({"tanh": '''
class Tanh(Layer):
    def forward(self, x):
        self.x = x
        return np.tanh(x)

    def backward(self, dout):
        return dout * (1 - self.x ** 2)
'''}, {"test_tanh": 1.5, "test_moons": 0.0}),
    "tanh_inplace": ({"tanh": '''
class Tanh(Layer):
    def forward(self, x):
        self.h = np.tanh(x, out=x)
        return self.h

    def backward(self, dout):
        return dout * (1 - self.h ** 2)
'''}, {"test_tanh": 2.5}),
    "relu_no_dout": ({"relu": '''
class ReLU(Layer):
    def forward(self, x):
        self.x = x
        return np.maximum(0, x)

    def backward(self, dout):
        return (self.x > 0).astype(float)
'''}, {"test_relu": 1.5}),
    "relu_inplace": ({"relu": '''
class ReLU(Layer):
    def forward(self, x):
        x[x < 0] = 0
        self.x = x
        return x

    def backward(self, dout):
        return dout * (self.x > 0)
'''}, {"test_relu": 2.5}),
    "sce_unstable": ({"softmax_ce": '''
class SoftmaxCrossEntropy:
    def forward(self, z, y):
        e = np.exp(z)
        self.p = e / e.sum(axis=1, keepdims=True)
        self.y = y
        return -np.mean(np.log(self.p[np.arange(len(y)), y]))

    def backward(self):
        dz = self.p.copy()
        dz[np.arange(len(self.y)), self.y] -= 1
        return dz / len(self.y)
'''}, {"test_softmax_ce": 4.5}),
    "sce_no_batch_mean_in_backward": ({"softmax_ce": '''
class SoftmaxCrossEntropy:
    def forward(self, z, y):
        s = z - z.max(axis=1, keepdims=True)
        self.p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
        self.y = y
        return -np.mean(np.log(self.p[np.arange(len(y)), y] + 1e-300))

    def backward(self):
        dz = self.p.copy()
        dz[np.arange(len(self.y)), self.y] -= 1
        return dz
'''}, {"test_softmax_ce": 1.5, "test_moons": 4.0}),
    "sce_sum_loss": ({"softmax_ce": '''
class SoftmaxCrossEntropy:
    def forward(self, z, y):
        s = z - z.max(axis=1, keepdims=True)
        log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        self.p, self.y = np.exp(log_p), y
        return -np.sum(log_p[np.arange(len(y)), y])

    def backward(self):
        dz = self.p.copy()
        dz[np.arange(len(self.y)), self.y] -= 1
        return dz / len(self.y)
'''}, {"test_softmax_ce": 2.0}),
    "net_params_cached": ({"net": '''
class Net:
    def __init__(self, *layers):
        self.layers = list(layers)
        self.params = {f"{i}.{k}": v for i, l in enumerate(self.layers) for k, v in l.params.items()}

    @property
    def grads(self):
        return {f"{i}.{k}": g for i, l in enumerate(self.layers) for k, g in l.grads.items()}

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout):
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def update(self, lr):
        for layer in self.layers:
            layer.update(lr)
'''}, {"test_net": 3.5}),
    "net_backward_no_return": ({"net": '''
class Net:
    def __init__(self, *layers):
        self.layers = list(layers)

    @property
    def params(self):
        return {f"{i}.{k}": v for i, l in enumerate(self.layers) for k, v in l.params.items()}

    @property
    def grads(self):
        return {f"{i}.{k}": g for i, l in enumerate(self.layers) for k, g in l.grads.items()}

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout):
        for layer in reversed(self.layers):
            dout = layer.backward(dout)

    def update(self, lr):
        for layer in self.layers:
            layer.update(lr)
'''}, {"test_net": 1.5}),
    "train_loop_no_shuffle": ({"train_loop": '''
def train_loop(net, loss_fn, x, y, *, epochs, lr, batch_size, seed):
    losses = []
    for _ in range(epochs):
        batch_losses = []
        for start in range(0, len(x), batch_size):
            z = net.forward(x[start:start + batch_size])
            batch_losses.append(loss_fn.forward(z, y[start:start + batch_size]))
            net.backward(loss_fn.backward())
            net.update(lr)
        losses.append(np.mean(batch_losses))
    return losses
'''}, {"test_train_loop": 5.0}),
    "train_loop_last_loss": ({"train_loop": '''
def train_loop(net, loss_fn, x, y, *, epochs, lr, batch_size, seed):
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            loss = loss_fn.forward(net.forward(x[idx]), y[idx])
            net.backward(loss_fn.backward())
            net.update(lr)
        losses.append(loss)
    return losses
'''}, {"test_train_loop": 5.0}),
    "moons_no_hidden": ({"moons": '''
MOONS_CONFIG = dict(lr=0.5, epochs=200, batch_size=32)


def build_moons_net(seed):
    return Net(Linear(2, 2, rng=seed))
'''}, {"test_moons": 2.0}),
    "moons_too_short": ({"moons": '''
MOONS_CONFIG = dict(hidden=16, lr=0.05, epochs=5, batch_size=32)


def build_moons_net(seed):
    return Net(Linear(2, 16, rng=seed), Tanh(), Linear(16, 2, rng=seed + 1))
'''}, {"test_moons": 0.0}),
}
