"""Hvor rask er mlfw? Samme MLP trent med `train`, med en håndskrevet mlfw-løkke, med ren NumPy og PyTorch (CPU).

Nettet er 784-128-10 (Linear, ReLU, Linear, Softmax) med kryssentropi, float32,
minibatcher på 64 og læringsrate 0.1, trent i 10 epoker på 4 000 rader med
MNIST-formede, tilfeldige (men seedede) data. Alle starter fra de samme
vektene og stokker radene i samme rekkefølge, så tapene skal bli nesten like.

Variantene:
- `train`: `mlfw.train` med `progress=False` og `lr=0.1` (vanlig SGD med `net.update(lr)`).
- `train+SGD`, `train+Momentum`, `train+Adam`: `mlfw.train` med `optimizer=` (SGD med lr 0.1,
  Momentum med lr 0.01 og β = 0.9, så steget blir like langt, Adam med lr 0.001). Forholdet
  til `train` er hva et optimererobjekt koster per epoke (mål: SGD og Momentum ≤ 1.10).
- `hand`: en løkke slik du skriver den selv: forward, tap, backward, update med mlfw-lagene.
- `numpy`: den samme regningen skrevet rett ut i NumPy (samme operasjoner som mlfw gjør:
  softmax og kryssentropi hver for seg, nøyaktighet per minibatch, ingen dx for dataene).
- `numpy+Adam`: som `numpy`, men med Adam-steget skrevet rett ut i NumPy. Adam gjør
  omtrent seks ganger så mye regning per parameter som SGD; `train+Adam/numpy+Adam` viser
  hva mlfw legger til utover selve regningen (mål ≤ 1.10), `numpy+Adam/numpy` hva Adam koster.
- `numpy-sammenslått`: som `numpy`, men med softmax og kryssentropi slått sammen i
  gradienten (p − one_hot(y)) — raskere regning, vist til orientering.
- `torch`: PyTorch CPU, hoppes over hvis den ikke er installert.

Skriptet skriver ut mediantiden per epoke for hver variant og forholdene (mål: train+SGD/train
≤ 1.10, train+Momentum/train ≤ 1.10, train/numpy ≤ 1.10, hand/numpy ≤ 1.10, train/torch ≤ 1.0;
train+Adam/numpy+Adam ≤ 1.10; train+Adam/train til orientering), målt i samme kjøring. Til slutt måles én epoke med mlfw på MNIST-delmengden
(4 000 treningsbilder fra `load_mnist()`).

PyTorch trengs ikke av boka; for å måle den, installer CPU-utgaven i et eget
virtuelt miljø sammen med `pip install -e . --no-deps`, numpy og tqdm.

Maskinen kan være delt med andre prosesser. Derfor kjøres variantene på omgang
(`--repeats` ganger hver), og både median og raskeste epoke skrives ut.

Kjør:  python benchmarks/bench_training.py [--threads 1] [--epochs 10] [--repeats 5]
"""

import argparse
import os
import platform
import statistics
import sys
import time

import numpy as np

import mlfw
from mlfw import CrossEntropyLoss, Linear, Net, ReLU, Softmax, train

N_ROWS, N_IN, HIDDEN, N_OUT = 4000, 784, 128, 10
BATCH_SIZE, LR = 64, 0.1


def make_data(seed: int = 0):
    """MNIST-formede tilfeldige data: piksler i [0, 1), etiketter 0–9."""
    rng = np.random.default_rng(seed)
    x = rng.random((N_ROWS, N_IN), dtype=np.float32)  # (n, 784)
    y = rng.integers(0, N_OUT, size=N_ROWS)  # (n,)
    return x, y


def make_net() -> Net:
    return Net(Linear(N_IN, HIDDEN, rng=0), ReLU(), Linear(HIDDEN, N_OUT, rng=1), Softmax()).astype(np.float32)


def initial_weights():
    """Startvektene til mlfw-nettverket, så alle variantene starter likt."""
    p = make_net().params
    return [p[k].copy() for k in ("0.W", "0.b", "2.W", "2.b")]


# --- 1. mlfw -----------------------------------------------------------------------------


def run_mlfw(x, y, epochs: int, seed: int, make_optimizer=None):
    """Tid per epoke (sekunder) og siste epokes tap med `mlfw.train`: med `lr=` (vanlig SGD
    med `net.update`), eller med `optimizer=make_optimizer(net)` når den er gitt."""
    times = []
    start = time.perf_counter()

    def clock(epoch, history):
        nonlocal start
        now = time.perf_counter()
        times.append(now - start)
        start = now

    net = make_net()
    step = dict(lr=LR) if make_optimizer is None else dict(optimizer=make_optimizer(net))
    history = train(net, CrossEntropyLoss(), x, y, epochs=epochs, batch_size=BATCH_SIZE, seed=seed,
                    progress=False, callback=clock, **step)
    return times, history.loss[-1]


def run_mlfw_optimizer(make_optimizer):
    """`run_mlfw` med optimereren fra `make_optimizer(net)`."""
    return lambda x, y, epochs, seed: run_mlfw(x, y, epochs, seed, make_optimizer)


OPTIMIZERS = {
    "train+SGD": lambda net: mlfw.SGD(net, lr=LR),
    "train+Momentum": lambda net: mlfw.Momentum(net, lr=LR * (1 - 0.9), beta=0.9),
    "train+Adam": lambda net: mlfw.Adam(net, lr=0.001),
}


def run_hand(x, y, epochs: int, seed: int):
    """En håndskrevet løkke med mlfw-lagene: forward, tap, backward, update."""
    net, loss = make_net(), CrossEntropyLoss()
    rng = np.random.default_rng(seed)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(len(x))
        total_loss = total_correct = 0.0
        for i in range(0, len(x), BATCH_SIZE):
            idx = order[i:i + BATCH_SIZE]
            xb, yb = x[idx], y[idx]
            p = net(xb)
            total_loss += loss(p, yb) * len(idx)
            total_correct += (p.argmax(axis=1) == yb).sum()
            net.backward(loss.backward(), need_dx=False)
            net.update(LR)
        times.append(time.perf_counter() - start)
    return times, total_loss / len(x)


# --- 2. Ren NumPy ------------------------------------------------------------------------


def sgd_step(params, grads, state):
    """Vanlig gradientnedstigning på listene med parametere og gradienter."""
    for p, g in zip(params, grads):
        p -= LR * g


def adam_step(params, grads, state, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam slik du skriver den rett ut i NumPy, med skjevhetskorrigering (samme tall som mlfw.Adam)."""
    state["t"] = t = state.get("t", 0) + 1
    if "m" not in state:
        state["m"] = [np.zeros_like(p) for p in params]
        state["v"] = [np.zeros_like(p) for p in params]
    c1, c2 = 1 - beta1**t, 1 - beta2**t
    for p, g, m, v in zip(params, grads, state["m"], state["v"]):
        m *= beta1
        m += (1 - beta1) * g  # m ← β1·m + (1 − β1)·g
        v *= beta2
        v += (1 - beta2) * (g * g)  # v ← β2·v + (1 − β2)·g²
        p -= (lr / c1) * m / (np.sqrt(v / c2) + eps)  # p ← p − η·m̂/(√v̂ + ε)


def run_numpy(x, y, epochs: int, seed: int, step=sgd_step):
    """Samme regning som mlfw skrevet rett ut: softmax og kryssentropi hver for seg."""
    W1, b1, W2, b2 = initial_weights()
    state = {}
    rng = np.random.default_rng(seed)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(len(x))
        total_loss = total_correct = 0.0
        for i in range(0, len(x), BATCH_SIZE):
            idx = order[i:i + BATCH_SIZE]
            xb, yb = x[idx], y[idx]
            n = len(idx)
            h = xb @ W1.T + b1  # (batch, hidden)
            a = np.maximum(h, 0)
            z = a @ W2.T + b2  # (batch, 10)
            e = np.exp(z - z.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
            rows = np.arange(n)
            total_loss += -np.mean(np.log(np.clip(p[rows, yb], 1e-12, 1.0))) * n
            total_correct += np.mean(p.argmax(axis=1) == yb) * n
            dp = np.zeros_like(p)  # kryssentropi: -1/(n p) i kolonnen til etiketten
            dp[rows, yb] = -1.0 / (n * np.clip(p[rows, yb], 1e-12, 1.0))
            dz = p * (dp - (dp * p).sum(axis=1, keepdims=True))  # softmax baklengs
            dW2 = dz.T @ a  # (10, hidden)
            db2 = dz.sum(axis=0)
            dh = (dz @ W2) * (h > 0)  # (batch, hidden)
            dW1 = dh.T @ xb  # (hidden, 784)
            db1 = dh.sum(axis=0)
            step([W1, b1, W2, b2], [dW1, db1, dW2, db2], state)
        times.append(time.perf_counter() - start)
    return times, float(total_loss) / len(x)


def run_numpy_adam(x, y, epochs: int, seed: int):
    """Som run_numpy, men med Adam-steget skrevet rett ut i NumPy."""
    return run_numpy(x, y, epochs, seed, step=adam_step)


def run_numpy_fused(x, y, epochs: int, seed: int):
    """Som run_numpy, men med softmax og kryssentropi slått sammen i gradienten."""
    W1, b1, W2, b2 = initial_weights()
    rng = np.random.default_rng(seed)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(len(x))
        total_loss = total_correct = 0.0
        for i in range(0, len(x), BATCH_SIZE):
            idx = order[i:i + BATCH_SIZE]
            xb, yb = x[idx], y[idx]
            n = len(idx)
            h = xb @ W1.T + b1  # (batch, hidden)
            a = np.maximum(h, 0)
            z = a @ W2.T + b2  # (batch, 10)
            e = np.exp(z - z.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
            rows = np.arange(n)
            total_loss += -np.log(np.clip(p[rows, yb], 1e-12, 1.0)).sum()
            total_correct += (p.argmax(axis=1) == yb).sum()
            dz = p.copy()  # softmax + kryssentropi: dL/dz = (p − one_hot(y)) / n
            dz[rows, yb] -= 1.0
            dz /= n
            dW2 = dz.T @ a  # (10, hidden)
            db2 = dz.sum(axis=0)
            dh = (dz @ W2) * (h > 0)  # (batch, hidden)
            dW1 = dh.T @ xb  # (hidden, 784)
            db1 = dh.sum(axis=0)
            W1 -= LR * dW1
            b1 -= LR * db1
            W2 -= LR * dW2
            b2 -= LR * db2
        times.append(time.perf_counter() - start)
    return times, float(total_loss) / len(x)


# --- 3. PyTorch (CPU) --------------------------------------------------------------------


def run_torch(x, y, epochs: int, seed: int):
    import torch

    W1, b1, W2, b2 = initial_weights()
    model = torch.nn.Sequential(torch.nn.Linear(N_IN, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, N_OUT))
    with torch.no_grad():
        for param, value in zip(model.parameters(), (W1, b1, W2, b2)):
            param.copy_(torch.from_numpy(value))
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()  # log-softmax + kryssentropi i ett
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    rng = np.random.default_rng(seed)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.from_numpy(rng.permutation(len(x)))
        total_loss = total_correct = 0.0
        for i in range(0, len(x), BATCH_SIZE):
            idx = order[i:i + BATCH_SIZE]
            xb, yb = xt[idx], yt[idx]
            z = model(xb)
            loss = loss_fn(z, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total_loss += loss.item() * len(idx)
            total_correct += (z.argmax(dim=1) == yb).sum().item()
        times.append(time.perf_counter() - start)
    return times, total_loss / len(x)


# --- Måling ------------------------------------------------------------------------------


def import_torch():
    try:
        import torch
    except ImportError:
        return None
    return torch


def limit_threads(n: int) -> list[str]:
    """Samme antall tråder for NumPy (BLAS) og PyTorch. Returnerer en beskrivelse."""
    torch = import_torch()  # først, så threadpoolctl ser trådbibliotekene til PyTorch også
    info = []
    if torch is not None:
        torch.set_num_threads(n)
        info.append(f"torch intra-op: {torch.get_num_threads()} tråd(er)")
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        info.append("threadpoolctl mangler: BLAS-trådene er ikke låst")
    else:
        threadpool_limits(limits=n)
        for lib in threadpool_info():
            info.append(f"{lib['internal_api']} {lib.get('version')} ({lib['user_api']}): "
                        f"{lib['num_threads']} tråd(er)")
    return info


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="tråder for BLAS og PyTorch (standard 1)")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5, help="antall kjøringer per variant")
    args = parser.parse_args(argv)

    print(f"Python {platform.python_version()}, NumPy {np.__version__}, mlfw {mlfw.__version__}, "
          f"{platform.machine()}, {os.cpu_count()} kjerner")
    for line in limit_threads(args.threads):
        print("  " + line)
    print(f"MLP {N_IN}-{HIDDEN}-{N_OUT}, float32, batch {BATCH_SIZE}, lr {LR}, {N_ROWS} rader, "
          f"{args.epochs} epoker × {args.repeats} kjøringer; median sekunder per epoke:")

    x, y = make_data()
    runs = {"train": run_mlfw, **{name: run_mlfw_optimizer(make) for name, make in OPTIMIZERS.items()},
            "hand": run_hand, "numpy": run_numpy, "numpy+Adam": run_numpy_adam,
            "numpy-sammenslått": run_numpy_fused}
    torch = import_torch()
    if torch is None:
        print("  torch: ikke installert — hopper over PyTorch")
    else:
        runs["torch"] = run_torch
    for run in runs.values():
        run(x, y, 1, seed=0)  # oppvarming
    times = {name: [] for name in runs}
    losses = {}
    for _ in range(args.repeats):  # variantene på omgang, så uro på maskinen rammer alle likt
        for name, run in runs.items():
            epoch_times, losses[name] = run(x, y, args.epochs, seed=0)
            times[name].extend(epoch_times)
    seconds = {name: statistics.median(t) for name, t in times.items()}
    for name in runs:
        label = f"torch {torch.__version__}" if name == "torch" else name
        print(f"  {label:<18} {seconds[name]:.4f} s/epoke   (raskeste {min(times[name]):.4f}, "
              f"tap etter siste epoke {losses[name]:.4f})")

    fastest = {name: min(t) for name, t in times.items()}
    for mine, other, goal in (("train+SGD", "train", 1.10), ("train+Momentum", "train", 1.10),
                              ("train+Adam", "numpy+Adam", 1.10), ("train+Adam", "train", None),
                              ("numpy+Adam", "numpy", None),
                              ("train", "numpy", 1.10), ("hand", "numpy", 1.10),
                              ("train", "numpy-sammenslått", None), ("train", "torch", 1.0),
                              ("hand", "torch", 1.0)):
        if other in seconds:
            target = f"  (mål ≤ {goal})" if goal else "  (til orientering)"
            print(f"{mine}/{other} = {seconds[mine] / seconds[other]:.2f} med median, "
                  f"{fastest[mine] / fastest[other]:.2f} med raskeste epoke{target}")

    try:
        x_train, _, y_train, _ = mlfw.data.load_mnist()
    except ImportError as err:
        print(f"MNIST-delmengden: hoppet over ({err})")
        return
    x_train = x_train.reshape(len(x_train), -1)  # (4000, 28, 28) -> (4000, 784)
    epoch_times = []
    for _ in range(args.repeats):
        net = make_net()
        start = time.perf_counter()
        train(net, CrossEntropyLoss(), x_train, y_train, epochs=1, lr=LR, batch_size=BATCH_SIZE,
              seed=0, progress=False)
        epoch_times.append(time.perf_counter() - start)
    print(f"mlfw, én epoke på MNIST-delmengden ({len(x_train)} treningsbilder, batch {BATCH_SIZE}): "
          f"{statistics.median(epoch_times):.4f} s")


if __name__ == "__main__":
    sys.exit(main())
