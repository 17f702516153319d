"""Time ``gdlib.fit`` against ``numpy.linalg.lstsq`` side by side, k = 1, 5, 50 features.

Run from the repository root:

    python bench/bench_fit.py

For N = 10^4 and 10^6 points and k = 1, 5, 50 features (columns shifted and scaled
differently, correlated with each other): the median wall time of ``gdlib.fit(X, y)``
(everything: input checks, the Gram statistics, standardising, conjugate gradients,
converting back) and of ``np.linalg.lstsq`` on a design matrix ``[X, 1]`` built beforehand;
then fit's epochs, its condition number, whether it converged, and the largest relative
difference between the two answers over all coefficients and the intercept.
"""

from __future__ import annotations

import numpy as np
from common import human, seconds_per_call, settings

import gdlib

SIZES = [10**4, 10**6]
FEATURES = [1, 5, 50]


def make_data(n: int, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Correlated columns with scales 0.01 ... 100 and offsets of up to 10 spreads."""
    rng = np.random.default_rng(seed)
    mixing = np.eye(k) + 0.3 * rng.normal(size=(k, k)) / np.sqrt(k)
    scale = 10.0 ** rng.uniform(-2, 2, size=k)
    X = (rng.normal(size=(n, k)) @ mixing + rng.uniform(-10, 10, size=k)) * scale
    w = rng.uniform(0.5, 2, size=k) * rng.choice([-1, 1], size=k) / scale
    y = X @ w + 3.0 + rng.normal(size=n)
    return X, y


def relative_difference(ours: np.ndarray, theirs: np.ndarray) -> float:
    """Largest |ours - theirs| / |theirs| over the coefficients and the intercept."""
    return float(np.max(np.abs(ours - theirs) / np.abs(theirs)))


def compare(n: int, k: int) -> None:
    X, y = make_data(n, k)
    data = X[:, 0] if k == 1 else X  # one feature as x of shape (N,), as the chapters call it
    A = np.column_stack([X, np.ones(n)])
    repeats = 3 if n * k >= 10**7 else 7
    fit_time = seconds_per_call(lambda: gdlib.fit(data, y), repeats)
    lstsq_time = seconds_per_call(lambda: np.linalg.lstsq(A, y, rcond=None), repeats)
    result = gdlib.fit(data, y)
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    difference = relative_difference(np.append(result.w, result.b), coef)
    print(
        f"| {n:.0e} | {k} | {human(fit_time)} | {human(lstsq_time)} | "
        f"{lstsq_time / fit_time:.3g} | {result.epochs_run} | {result.condition_number:.3g} | "
        f"{result.converged} | {difference:.1e} |",
        flush=True,
    )


def main() -> None:
    print(settings() + "\n")
    print(
        "| N | k | gdlib.fit | lstsq on [X, 1] | lstsq / fit | epochs | condition number "
        "| converged | relative difference |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for n in SIZES:
        for k in FEATURES:
            compare(n, k)


if __name__ == "__main__":
    main()
