"""Oppgave 1: varianter som skal få alle poengene, og ærlige feil som mister nøyaktig noen."""

VARIANTS = {
    "løkker": {
        "mae": '''
def mae(y_hat, y):
    total, count = 0.0, 0
    for a, b in zip(y_hat.ravel(), y.ravel()):
        total += abs(a - b)
        count += 1
    return total / count
''',
        "softmax": '''
def softmax(z):
    rows = []
    for row in z:
        e = np.exp(row - np.max(row))
        rows.append(e / np.sum(e))
    return np.array(rows)
''',
        "accuracy": '''
def accuracy(p, y):
    right = 0
    for i in range(len(y)):
        if int(np.argmax(p[i])) == int(y[i]):
            right += 1
    return right / len(y)
''',
    },
    "float32-og-kopier": {
        "mse": '''
def mse(y_hat, y):
    a = np.array(y_hat, dtype=np.float32)
    b = np.array(y, dtype=np.float32)
    return np.float32(((a - b) ** 2).sum() / a.size)
''',
        "softmax": '''
def softmax(z):
    z = z.copy()
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z
''',
        "cross_entropy": '''
def cross_entropy(p, y):
    picked = np.array([p[i, y[i]] for i in range(len(y))])
    return -np.log(np.maximum(picked, 1e-12)).mean()
''',
    },
}

MISTAKES = {
    "mse-summert": ({"mse": "def mse(y_hat, y):\n    return float(np.sum((y_hat - y) ** 2))"},
                    {"test_mse": 1.0}),
    "mae-snitt-per-rad": ({"mae": "def mae(y_hat, y):\n    return float(np.sum(np.abs(y_hat - y)) / len(y_hat))"},
                          {"test_mae": 3.0}),
    "softmax-uten-maks": ({"softmax": "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=1, keepdims=True)"},
                          {"test_softmax": 3.0}),
    "softmax-global-maks": ({"softmax": "def softmax(z):\n    e = np.exp(z - z.max())\n    return e / e.sum(axis=1, keepdims=True)"},
                            {"test_softmax": 5.0}),
    "ce-uten-klipp": ({"cross_entropy": "def cross_entropy(p, y):\n    return float(-np.mean(np.log(p[np.arange(len(y)), y])))"},
                      {"test_cross_entropy": 3.0}),
    "ce-feil-kolonne": ({"cross_entropy": "def cross_entropy(p, y):\n    return float(-np.mean(np.log(np.clip(p[:, 0], 1e-12, 1))))"},
                        {"test_cross_entropy": 3.0}),
    "mae-endrer-inndata": ({"mae": "def mae(y_hat, y):\n    y_hat -= y\n    return float(np.mean(np.abs(y_hat)))"},
                           {"test_mae": 3.5}),
    "accuracy-argmin": ({"accuracy": "def accuracy(p, y):\n    return float(np.mean(np.argmin(p, axis=1) == y))"},
                        {"test_accuracy": 0.0}),
    "accuracy-akse-0": ({"accuracy": "def accuracy(p, y):\n    return float(np.mean(np.argmax(p, axis=0)[:len(y)] == y))"},
                        {"test_accuracy": 0.0}),
    "mse-uten-kvadrat": ({"mse": "def mse(y_hat, y):\n    return float(np.mean(y_hat - y))"},
                         {"test_mse": 0.5}),
}
