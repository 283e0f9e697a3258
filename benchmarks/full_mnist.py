"""Hele MNIST: tren nettet fra kapittel 4 på 60 000 bilder og mål det på 10 000 testbilder.

Nettet er det samme som i kapittel 4: 784-128-10 (Linear, ReLU, Linear, Softmax) med
kryssentropi, i float32. Standardinnstillingene er minibatcher på 64, læringsrate 0.1 og
10 epoker, med seed 0 for startvektene og stokkingen.

Dataene hentes som standard med `load_mnist(full=True)`: første gang lastes de fire
filene ned (om lag 11 MB) og sjekkes mot MD5-summene i `mlfw.mnist.MNIST_FILES`.
Med `--idx-dir DIR` leses de fire IDX-filene fra DIR i stedet, pakket ut eller gzip-pakket,
med navn som `train-images-idx3-ubyte`, `train-images.idx3-ubyte` eller med `.gz` til slutt.
Filene leses med `mlfw.mnist.load_idx`, som også `load_mnist(full=True)` bruker.

Skriptet skriver ut nøyaktigheten på testdataene etter hver epoke og til slutt.

Kjør:  python benchmarks/full_mnist.py [--idx-dir DIR] [--epochs 10] [--hidden 128]
       [--lr 0.1] [--batch-size 64] [--seed 0] [--threads 1]
"""

import argparse
import os
import platform
import sys
import time

import numpy as np

import mlfw
from mlfw import CrossEntropyLoss, Linear, Net, ReLU, Softmax, accuracy, train
from mlfw.data import load_mnist
from mlfw.mnist import MNIST_FILES, load_idx

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


def load_from_idx_dir(directory: str):
    """Som `load_mnist(full=True)`, men fra lokale IDX-filer: x_train, x_test, y_train, y_test."""
    data = load_idx(*(find_idx_file(directory, name) for name in MNIST_FILES))
    for x, part in ((data[0], "train"), (data[1], "test")):
        if len(x) != EXPECTED[part]:
            raise ValueError(f"full_mnist.py forventet {EXPECTED[part]} {part}-bilder, men fikk "
                             f"{len(x)} — er dette hele MNIST?")
    return data


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
