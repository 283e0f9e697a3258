"""Besvarelser for oppgave 2 (gradientnedstigning): gyldige varianter og ærlige feil.

VARIANTS: løsningscelle → ny kode; skal få full pott.
MISTAKES: (løsningscelle → ny kode, testcelle → forventet poeng); testceller som ikke står
oppført, skal få full pott.
"""

VARIANTS = {
    "mse_grad_loop": {"mse_grad": '''
def mse_grad(y_hat, y):
    out = np.zeros(y_hat.shape)
    for i in range(y_hat.shape[0]):
        for j in range(y_hat.shape[1]):
            out[i, j] = 2 * (y_hat[i, j] - y[i, j]) / y_hat.size
    return out
'''},
    "mse_grad_float32": {"mse_grad": '''
def mse_grad(y_hat, y):
    diff = (np.asarray(y_hat) - np.asarray(y)).astype(np.float32)
    return 2 * diff / np.prod(diff.shape)
'''},
    "mae_grad_where": {"mae_grad": '''
def mae_grad(y_hat, y):
    d = y_hat - y
    return np.where(d > 0, 1.0, np.where(d < 0, -1.0, 0.0)) / d.size
'''},
    "mae_grad_bools": {"mae_grad": '''
def mae_grad(y_hat, y):
    n = y_hat.shape[0] * y_hat.shape[1]
    return ((y_hat > y).astype(float) - (y_hat < y).astype(float)) / n
'''},
    "numeric_grad_restore": {"numeric_grad": '''
def numeric_grad(f, theta, eps=1e-6):
    grad = []
    for j in range(len(theta)):
        old = theta[j]
        theta[j] = old + eps
        up = f(theta)
        theta[j] = old - eps
        down = f(theta)
        theta[j] = old
        grad.append((up - down) / (2 * eps))
    return np.array(grad)
'''},
    "numeric_grad_eye": {"numeric_grad": '''
def numeric_grad(f, theta, eps=1e-6):
    steps = eps * np.eye(len(theta))
    return np.array([(f(theta + e) - f(theta - e)) / (2 * eps) for e in steps])
'''},
    "grad_f_list": {"grad_f": '''
def grad_f(theta):
    t0, t1 = theta
    return np.asarray([2 * t0 - 6, 20 * t1 + 20])
'''},
    "grad_f_float32": {"grad_f": '''
def grad_f(theta):
    return np.array([2.0 * (theta[0] - 3.0), 20.0 * (theta[1] + 1.0)], dtype=np.float32)
'''},
    "descent_prealloc": {"descent_path": '''
def descent_path(grad, start, lr, steps):
    path = np.zeros((steps + 1, len(start)))
    path[0] = start
    for k in range(steps):
        path[k + 1] = path[k] - lr * np.asarray(grad(path[k]))
    return path
'''},
    "descent_inplace_copy": {"descent_path": '''
def descent_path(grad, start, lr, steps):
    theta = start.copy().astype(float)
    path = [theta.copy()]
    for _ in range(steps):
        theta -= lr * grad(theta)
        path.append(theta.copy())
    return np.vstack(path)
'''},
    "lr_008": {"lr": "lr = 0.08"},
    "lr_0092": {"lr": "learning_rates = [0.05, 0.092]\nlr = 0.092"},
    "linear_grads_loop": {"linear_grads": '''
def linear_grads(W, b, x, y):
    B = x.shape[0]
    dW = np.zeros_like(W, dtype=float)
    db = np.zeros_like(b, dtype=float)
    for i in range(B):
        err = x[i] @ W[0] + b[0] - y[i, 0]
        dW[0] += 2 * err * x[i] / B
        db[0] += 2 * err / B
    return dW, db
'''},
    "linear_grads_mean": {"linear_grads": '''
def linear_grads(W, b, x, y):
    r = x @ W.T + b - y
    return 2 * np.mean(r * x, axis=0, keepdims=True), 2 * np.mean(r, axis=0)
'''},
    "sgd_shuffle_split": {"sgd": '''
def sgd_linear_regression(x, y, *, lr, epochs, batch_size, seed=0):
    n, d = x.shape
    W, b = np.zeros((1, d)), np.zeros(1)
    rng = np.random.default_rng(seed)
    losses = []
    idx = np.arange(n)
    for epoch in range(epochs):
        rng.shuffle(idx)
        for batch in np.split(idx, range(batch_size, n, batch_size)):
            dW, db = linear_grads(W, b, x[batch], y[batch])
            W -= lr * dW
            b -= lr * db
        losses.append(np.mean((x @ W.T + b - y) ** 2))
    return W, b, losses
'''},
    "sgd_choice_while": {"sgd": '''
def sgd_linear_regression(x, y, *, lr, epochs, batch_size, seed=0):
    W = np.zeros((1, x.shape[1]))
    b = np.zeros(1)
    rng = np.random.default_rng(seed)
    losses = []
    for epoch in range(epochs):
        order = rng.choice(len(x), size=len(x), replace=False)
        i = 0
        while i < len(x):
            xb, yb = x[order[i:i + batch_size]], y[order[i:i + batch_size]]
            dW, db = linear_grads(W, b, xb, yb)
            W, b = W - lr * dW, b - lr * db
            i += batch_size
        y_hat = x @ W.T + b
        losses.append(float(((y_hat - y) ** 2).mean()))
    return W, b, losses
'''},
}

MISTAKES = {
    "mse_grad_sum": ({"mse_grad": "def mse_grad(y_hat, y):\n    return 2 * (y_hat - y)\n"},
                     {"test_mse_grad": 1.0}),
    "mse_grad_len": ({"mse_grad": "def mse_grad(y_hat, y):\n    return 2 * (y_hat - y) / len(y_hat)\n"},
                     {"test_mse_grad": 2.0}),
    "mse_grad_no_two": ({"mse_grad": "def mse_grad(y_hat, y):\n    return (y_hat - y) / y_hat.size\n"},
                        {"test_mse_grad": 0.5}),
    "mae_grad_inplace": ({"mae_grad": "def mae_grad(y_hat, y):\n    y_hat -= y\n    return np.sign(y_hat) / y_hat.size\n"},
                         {"test_mae_grad": 2.5}),
    "mae_grad_len": ({"mae_grad": "def mae_grad(y_hat, y):\n    return np.sign(y_hat - y) / len(y_hat)\n"},
                     {"test_mae_grad": 2.0}),
    "mae_grad_tie": ({"mae_grad": "def mae_grad(y_hat, y):\n    return np.where(y_hat > y, 1.0, -1.0) / y_hat.size\n"},
                     {"test_mae_grad": 2.5}),
    "numeric_forward_diff": ({"numeric_grad": '''
def numeric_grad(f, theta, eps=1e-6):
    g = np.zeros(len(theta))
    for j in range(len(theta)):
        e = np.zeros(len(theta)); e[j] = eps
        g[j] = (f(theta + e) - f(theta)) / eps
    return g
'''}, {"test_numeric_grad": 2.5}),
    "numeric_no_restore": ({"numeric_grad": '''
def numeric_grad(f, theta, eps=1e-6):
    g = np.zeros(len(theta))
    for j in range(len(theta)):
        theta[j] += eps
        up = f(theta)
        theta[j] -= 2 * eps
        g[j] = (up - f(theta)) / (2 * eps)
    return g
'''}, {"test_numeric_grad": 2.5}),
    "numeric_one_eps": ({"numeric_grad": '''
def numeric_grad(f, theta, eps=1e-6):
    g = np.zeros(len(theta))
    for j in range(len(theta)):
        e = np.zeros(len(theta)); e[j] = eps
        g[j] = (f(theta + e) - f(theta - e)) / eps
    return g
'''}, {"test_numeric_grad": 0.5}),
    "grad_f_no_ten": ({"grad_f": "def grad_f(theta):\n    return np.array([2 * (theta[0] - 3), 2 * (theta[1] + 1)])\n"},
                      {"test_grad_f": 0.0}),
    "grad_f_inplace": ({"grad_f": "def grad_f(theta):\n    theta -= np.array([3.0, -1.0])\n    return np.array([2 * theta[0], 20 * theta[1]])\n"},
                       {"test_grad_f": 1.0}),
    "descent_no_copy": ({"descent_path": '''
def descent_path(grad, start, lr, steps):
    theta = start
    path = [theta.copy()]
    for _ in range(steps):
        theta -= lr * grad(theta)
        path.append(theta.copy())
    return np.array(path)
'''}, {"test_descent_path": 4.0}),
    "descent_uses_grad_f": ({"descent_path": '''
def descent_path(grad, start, lr, steps):
    theta = np.array(start, dtype=float)
    path = [theta]
    for _ in range(steps):
        theta = theta - lr * grad_f(theta)
        path.append(theta)
    return np.array(path)
'''}, {"test_descent_path": 1.0}),
    "descent_same_array": ({"descent_path": '''
def descent_path(grad, start, lr, steps):
    theta = np.array(start, dtype=float)
    path = [theta]
    for _ in range(steps):
        theta -= lr * grad(theta)
        path.append(theta)
    return np.array(path)
'''}, {"test_descent_path": 1.5}),
    "lr_01": ({"lr": "lr = 0.1"}, {"test_lr": 1.0}),
    "lr_005": ({"lr": "lr = 0.05"}, {"test_lr": 3.0}),
    "lr_02": ({"lr": "lr = 0.2"}, {"test_lr": 0.0}),
    "linear_grads_no_two": ({"linear_grads": '''
def linear_grads(W, b, x, y):
    r = (x @ W.T + b - y) / len(x)
    return r.T @ x, r.sum(axis=0)
'''}, {"test_linear_grads": 0.5}),
    "linear_grads_sum": ({"linear_grads": '''
def linear_grads(W, b, x, y):
    r = 2 * (x @ W.T + b - y)
    return r.T @ x, r.sum(axis=0)
'''}, {"test_linear_grads": 1.25}),
    "linear_grads_db_unsummed": ({"linear_grads": '''
def linear_grads(W, b, x, y):
    r = 2 * (x @ W.T + b - y) / len(x)
    return r.T @ x, r
'''}, {"test_linear_grads": 0.5}),
    "sgd_shuffle_once": ({"sgd": '''
def sgd_linear_regression(x, y, *, lr, epochs, batch_size, seed=0):
    W, b = np.zeros((1, x.shape[1])), np.zeros(1)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    losses = []
    for _ in range(epochs):
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            dW, db = linear_grads(W, b, x[idx], y[idx])
            W, b = W - lr * dW, b - lr * db
        losses.append(np.mean((x @ W.T + b - y) ** 2))
    return W, b, losses
'''}, {"test_sgd": 4.5}),
    "sgd_global_random": ({"sgd": '''
def sgd_linear_regression(x, y, *, lr, epochs, batch_size, seed=0):
    W, b = np.zeros((1, x.shape[1])), np.zeros(1)
    losses = []
    for _ in range(epochs):
        order = np.random.permutation(len(x))
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            dW, db = linear_grads(W, b, x[idx], y[idx])
            W, b = W - lr * dW, b - lr * db
        losses.append(np.mean((x @ W.T + b - y) ** 2))
    return W, b, losses
'''}, {"test_sgd": 5.5}),
    "sgd_loss_before_epoch": ({"sgd": '''
def sgd_linear_regression(x, y, *, lr, epochs, batch_size, seed=0):
    W, b = np.zeros((1, x.shape[1])), np.zeros(1)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        losses.append(np.mean((x @ W.T + b - y) ** 2))
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            dW, db = linear_grads(W, b, x[idx], y[idx])
            W, b = W - lr * dW, b - lr * db
    return W, b, losses
'''}, {"test_sgd": 4.5}),
    "sgd_drop_last": ({"sgd": '''
def sgd_linear_regression(x, y, *, lr, epochs, batch_size, seed=0):
    W, b = np.zeros((1, x.shape[1])), np.zeros(1)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x) - batch_size + 1, batch_size):
            idx = order[start:start + batch_size]
            dW, db = linear_grads(W, b, x[idx], y[idx])
            W, b = W - lr * dW, b - lr * db
        losses.append(np.mean((x @ W.T + b - y) ** 2))
    return W, b, losses
'''}, {"test_sgd": 4.5}),
}
