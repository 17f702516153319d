"""Time one epoch of gradient descent on a line, N = 10^3 ... 10^7, every method in one process.

Run from the repository root (takes a few minutes):

    python bench/bench_epoch.py

Columns (median of repeats, time per epoch unless said otherwise):

- seed:        the post's ten-line loop, ``gdlib.ten_line_loop`` (Python's sum);
- gdlib:       ``gdlib.gradient_descent``: the readable formulas of ``gdlib.loss``, one epoch;
- blocked:     the fast path's blocked pass, ``gdlib.iterate(gdlib.blocked_objective(x, y), ...)``;
- suff/epoch:  ``gdlib.gradient_descent_sufficient``: O(1) per epoch;
- suff once:   the one-time pass ``gdlib.sufficient_statistics(x, y)``;
- sklearn:     one pass of scikit-learn's ``SGDRegressor.partial_fit`` (N stochastic steps);
- lstsq:       ``numpy.linalg.lstsq`` on [x, 1], the whole fit, once;
- floor:       the memory-bandwidth floor: ``np.add.reduce(x); np.add.reduce(y)``, numpy
               reading every byte of x and y once on one core, writing nothing;
- dot:         ``x @ y``, the same single read pass through OpenBLAS (which may use threads).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np
from common import calls_for, human, seconds_per_call, settings

import gdlib

try:
    from sklearn.linear_model import SGDRegressor
except ImportError:
    SGDRegressor = None

SIZES = [10**3, 10**4, 10**5, 10**6, 10**7]
SEED_LOOP_MAX_N = 10**6  # at 10^7 one epoch of the seed loop takes over a second
LEARNING_RATE = 0.01  # the blog post's rate; stable for this data (limit about 0.03)


def time_per_epoch(run: Callable[[int], object], epochs: int, repeats: int) -> float:
    """Seconds per epoch of ``run(epochs)``."""
    return seconds_per_call(lambda: run(epochs), repeats=repeats) / epochs


def measure(n: int) -> dict[str, float | None]:
    x, y = gdlib.make_line_data(n=n, seed=0)
    X, A = x[:, None], np.column_stack([x, np.ones(n)])
    stats = gdlib.sufficient_statistics(x, y)
    few = 3 if n >= 10**6 else 7  # fewer repeats where one call is slow
    times: dict[str, float | None] = {}

    times["seed"] = None
    if n <= SEED_LOOP_MAX_N:
        times["seed"] = time_per_epoch(
            lambda e: gdlib.ten_line_loop(x, y, 0.0, 0.0, LEARNING_RATE, e),
            epochs=max(1, 10**5 // n),
            repeats=few,
        )
    times["gdlib"] = time_per_epoch(
        lambda e: gdlib.gradient_descent(x, y, LEARNING_RATE, e),
        epochs=max(5, 10**7 // n),
        repeats=7,
    )
    blocked = gdlib.blocked_objective(x, y)
    times["blocked"] = time_per_epoch(
        lambda e: gdlib.iterate(blocked, np.zeros(1), 0.0, learning_rate=LEARNING_RATE, epochs=e),
        epochs=max(5, 10**7 // n),
        repeats=7,
    )
    times["suff/epoch"] = time_per_epoch(
        lambda e: gdlib.gradient_descent_sufficient(stats, LEARNING_RATE, e), 2000, repeats=7
    )
    times["suff once"] = seconds_per_call(lambda: gdlib.sufficient_statistics(x, y), few)
    times["sklearn"] = None
    if SGDRegressor is not None:

        def one_sklearn_pass():
            model = SGDRegressor(learning_rate="constant", eta0=1e-4, shuffle=False)
            model.partial_fit(X, y)

        times["sklearn"] = seconds_per_call(one_sklearn_pass, few)
    times["lstsq"] = seconds_per_call(lambda: np.linalg.lstsq(A, y, rcond=None), few)
    floor_once = seconds_per_call(lambda: (np.add.reduce(x), np.add.reduce(y)), 3)
    times["floor"] = seconds_per_call(
        lambda: (np.add.reduce(x), np.add.reduce(y)), 15, calls_for(floor_once)
    )
    times["dot"] = seconds_per_call(lambda: x @ y, 15, calls_for(floor_once))
    return times


def ratio(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None else f"{a / b:.3g}"


def main() -> None:
    print(settings())
    if SGDRegressor is None:
        print("scikit-learn is not installed: its column shows '-' (pip install scikit-learn)")
    print(
        f"seed loop timed up to N = {SEED_LOOP_MAX_N:.0e} only; lstsq and suff once are a "
        "whole fit / a one-time pass, not per epoch\n"
    )
    columns = [
        "seed",
        "gdlib",
        "blocked",
        "suff/epoch",
        "suff once",
        "sklearn",
        "lstsq",
        "floor",
        "dot",
    ]
    header = ["N", *columns, "seed/gdlib", "gdlib/floor", "gdlib/dot"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for n in SIZES:
        t = measure(n)
        cells = [f"{n:.0e}"] + [human(t[c]) for c in columns]
        cells += [
            ratio(t["seed"], t["gdlib"]),
            ratio(t["gdlib"], t["floor"]),
            ratio(t["gdlib"], t["dot"]),
        ]
        print("| " + " | ".join(cells) + " |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
