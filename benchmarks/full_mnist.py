"""Hele MNIST: tren nettet fra kapittel 4 på 60 000 bilder og mål det på 10 000 testbilder.

Nettet er det samme som i kapittel 4: 784-128-10 (Linear, ReLU, Linear, Softmax) med
kryssentropi, i float32. Standardinnstillingene er minibatcher på 64, læringsrate 0.1 og
10 epoker, med seed 0 for startvektene og stokkingen.

Dataene hentes som standard med `load_mnist(full=True)`: første gang lastes de fire
filene ned (om lag 11 MB) og sjekkes mot MD5-summene i `mlfw.mnist.MNIST_FILES`.
Med `--idx-dir DIR` leses de fire IDX-filene fra DIR i stedet, pakket ut eller gzip-pakket,
med navn som `train-images-idx3-ubyte`, `train-images.idx3-ubyte` eller med `.gz` til slutt.
Filene leses av den samme IDX-leseren som `load_mnist` bruker (`mlfw.mnist._read_idx`).
Den leser bare gzip-pakkede filer, så utpakkede filer pakkes først inn i en midlertidig mappe.

Skriptet skriver ut nøyaktigheten på testdataene etter hver epoke og til slutt.

Kjør:  python benchmarks/full_mnist.py [--idx-dir DIR] [--epochs 10] [--hidden 128]
       [--lr 0.1] [--batch-size 64] [--seed 0] [--threads 1]
"""

import argparse
import gzip
import os
import platform
import shutil
import sys
import tempfile
import time

import numpy as np

import mlfw
from mlfw import CrossEntropyLoss, Linear, Net, ReLU, Softmax, accuracy, train
from mlfw.data import load_mnist
from mlfw.mnist import MNIST_FILES, _read_idx

EXPECTED = {"train": 60_000, "test": 10_000}


def find_idx_file(directory: str, name: str) -> str:
    """Finn fila `name` (for eksempel «train-images-idx3-ubyte.gz») i `directory`.

    Godtar både gzip-pakket og utpakket fil, og både «-idx3-ubyte» og «.idx3-ubyte».
    """
    stem = name.removesuffix(".gz")
    dotted = stem.replace("-idx", ".idx")
    candidates = [stem + ".gz", stem, dotted + ".gz", dotted]
    for candidate in candidates:
        path = os.path.join(directory, candidate)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(
        f"full_mnist.py forventet en av filene {', '.join(candidates)} i {directory}, men fant "
        f"ingen av dem — sjekk --idx-dir, eller kjør uten --idx-dir for å laste ned."
    )


def read_idx_any(path: str, ndim: int, tmp_dir: str) -> np.ndarray:
    """Les en IDX-fil med `mlfw.mnist._read_idx`, som krever gzip: pakk inn utpakkede filer først."""
    with open(path, "rb") as f:
        is_gzip = f.read(2) == b"\x1f\x8b"
    if not is_gzip:
        packed = os.path.join(tmp_dir, os.path.basename(path) + ".gz")
        with open(path, "rb") as src, gzip.open(packed, "wb", compresslevel=1) as dst:
            shutil.copyfileobj(src, dst)
        path = packed
    return _read_idx(path, ndim=ndim)


def load_from_idx_dir(directory: str):
    """Som `load_mnist(full=True)`, men fra lokale IDX-filer: x_train, x_test, y_train, y_test."""
    arrays = {}
    with tempfile.TemporaryDirectory() as tmp_dir:
        for name in MNIST_FILES:
            ndim = 3 if "images" in name else 1
            arrays[name] = read_idx_any(find_idx_file(directory, name), ndim, tmp_dir)
    x_train = arrays["train-images-idx3-ubyte.gz"]  # (60000, 28, 28)
    y_train = arrays["train-labels-idx1-ubyte.gz"]  # (60000,)
    x_test = arrays["t10k-images-idx3-ubyte.gz"]  # (10000, 28, 28)
    y_test = arrays["t10k-labels-idx1-ubyte.gz"]  # (10000,)
    for x, y, part in ((x_train, y_train, "train"), (x_test, y_test, "test")):
        if x.shape != (EXPECTED[part], 28, 28) or y.shape != (EXPECTED[part],) or y.max() > 9:
            raise ValueError(
                f"full_mnist.py forventet {EXPECTED[part]} bilder på 28 × 28 og like mange "
                f"etiketter 0–9 i {part}-filene, men fikk bilder {x.shape} og etiketter "
                f"{y.shape} — er dette hele MNIST?"
            )
    # samme skalering og typer som load_mnist: piksler i [0, 1] som float32, etiketter int64
    return (x_train.astype(np.float32) / 255.0, x_test.astype(np.float32) / 255.0,
            y_train.astype(np.int64), y_test.astype(np.int64))


def make_net(hidden: int) -> Net:
    """Nettet fra kapittel 4, med de samme frøene for startvektene."""
    return Net(Linear(784, hidden, rng=0), ReLU(), Linear(hidden, 10, rng=1), Softmax()).astype(np.float32)


def limit_threads(n: int) -> str:
    """Lås antall BLAS-tråder (en delt maskin blir ofte tregere med flere tråder)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return "threadpoolctl mangler: BLAS-trådene er ikke låst"
    threadpool_limits(limits=n)
    return f"BLAS-tråder: {n}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idx-dir", help="mappe med de fire IDX-filene (ellers: load_mnist(full=True))")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--hidden", type=int, default=128, help="nevroner i det skjulte laget")
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0, help="frø for stokkingen i train")
    parser.add_argument("--threads", type=int, default=1, help="BLAS-tråder (standard 1)")
    args = parser.parse_args(argv)

    print(f"Python {platform.python_version()}, NumPy {np.__version__}, mlfw {mlfw.__version__}, "
          f"{platform.machine()}, {os.cpu_count()} kjerner; {limit_threads(args.threads)}")
    start = time.perf_counter()
    if args.idx_dir:
        x_train, x_test, y_train, y_test = load_from_idx_dir(args.idx_dir)
        source = f"IDX-filer i {args.idx_dir}"
    else:
        x_train, x_test, y_train, y_test = load_mnist(full=True)
        source = "load_mnist(full=True)"
    print(f"Data: {source}: {len(x_train)} treningsbilder, {len(x_test)} testbilder "
          f"({time.perf_counter() - start:.1f} s)")
    print(f"  etiketter per klasse, trening: {np.bincount(y_train, minlength=10).tolist()}")
    print(f"  etiketter per klasse, test:    {np.bincount(y_test, minlength=10).tolist()}")

    x_train = x_train.reshape(len(x_train), -1)  # (60000, 784)
    x_test = x_test.reshape(len(x_test), -1)  # (10000, 784)
    net = make_net(args.hidden)
    print(f"Nett: 784-{args.hidden}-10 (ReLU, softmax), {net.num_params()} parametere, float32; "
          f"batch {args.batch_size}, lr {args.lr}, {args.epochs} epoker, seed {args.seed}")

    def report(epoch, history):
        print(f"  epoke {epoch:>2}: tap {history.loss[-1]:.4f}, "
              f"nøyaktighet trening {history.accuracy[-1]:.4f}, test {history.val_accuracy[-1]:.4f} "
              f"({time.perf_counter() - start:.0f} s)", flush=True)

    start = time.perf_counter()
    train(net, CrossEntropyLoss(), x_train, y_train, epochs=args.epochs, lr=args.lr,
          batch_size=args.batch_size, validation=(x_test, y_test), seed=args.seed,
          progress=False, callback=report)
    test_accuracy = accuracy(net(x_test), y_test)
    print(f"Nøyaktighet på de {len(x_test)} testbildene: {test_accuracy:.4f} "
          f"({100 * test_accuracy:.1f} %), {len(x_test) - round(test_accuracy * len(x_test))} feil; "
          f"treningstid {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
