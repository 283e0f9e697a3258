"""Hvor raskt tegner læringsrate-utforskeren på nytt når du flytter en glidebryter?

Bruk: .venv/bin/python benchmarks/bench_explorer.py

Måler eksempelet fra kapittel 2 (lineær modell, 40 punkter, 30 steg): medianen av tiden
fra en glidebryter endres til nytt PNG-bilde er klart, i millisekunder. Målet er høyst
150 ms, slik at utforskeren føles umiddelbar. Forholdet under 1 betyr at målet er nådd.
"""

import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

from mlfw.widgets import LearningRateExplorer  # noqa: E402

TARGET_MS = 150.0
LRS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.35, 0.4, 0.42, 0.45]


def chapter_example() -> LearningRateExplorer:
    """Samme data, tapfunksjon og utforsker som i kapittel 2."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 2, size=(40, 1))
    y = 2 * x - 1 + rng.normal(0, 0.2, size=(40, 1))

    def loss(theta):
        w, b = theta
        return np.mean((w * x + b - y) ** 2)

    def grad(theta):
        w, b = theta
        error = w * x + b - y
        return np.array([np.mean(2 * error * x), np.mean(2 * error)])

    return LearningRateExplorer(loss, grad, start=[-1.0, 2.0], bounds=((-2, 4), (-3, 3)),
                                lr=0.1, steps=30, lrs=LRS)


def main(repeats: int = 40) -> None:
    started = time.perf_counter()
    explorer = chapter_example()
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    explorer.static()
    static_s = time.perf_counter() - started

    changes = [("lr", lr) for lr in LRS] + [("steps", s) for s in (10, 50, 100, 30)]
    for kind, value in changes[:3]:  # oppvarming: første tegning laster fonter
        explorer.set_lr(value)
    times_ms = []
    for i in range(repeats):
        kind, value = changes[i % len(changes)]
        started = time.perf_counter()
        if kind == "lr":
            explorer.set_lr(value)
        else:
            explorer.set_steps(value)
        times_ms.append((time.perf_counter() - started) * 1000)

    median = statistics.median(times_ms)
    print(f"oppretting (tapflate og første figur): {build_s * 1000:.0f} ms")
    print(f"static() med {len(LRS)} bilder: {static_s * 1000:.0f} ms")
    print(f"ny tegning per glidebryter-endring: median {median:.1f} ms, "
          f"maks {max(times_ms):.1f} ms ({repeats} endringer)")
    print(f"forhold til målet {TARGET_MS:.0f} ms: {median / TARGET_MS:.2f} "
          f"({'innenfor målet' if median <= TARGET_MS else 'for tregt'})")


if __name__ == "__main__":
    main()
