"""Time ``gdlib.fit`` against ``numpy.linalg.lstsq`` at N = 10^6 (and 10^5, 10^7).

Run from the repository root:

    python bench/bench_fit.py

For each N: the median wall time of ``gdlib.fit(x, y)`` (validation, standardising, step
choice, descent to its tolerance, conversion back: everything), of ``np.linalg.lstsq`` on a
design matrix [x, 1] built beforehand (lstsq alone), and of lstsq including building that
matrix; then how far fit's coefficients are from lstsq's, relative to their size.
"""

from __future__ import annotations

import numpy as np
from common import human, seconds_per_call, settings

import gdlib

SIZES = [10**5, 10**6, 10**7]


def relative_difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def compare(label: str, X: np.ndarray, y: np.ndarray) -> None:
    one_feature = X.ndim == 1
    A = np.column_stack([X, np.ones(len(y))])
    repeats = 3 if len(y) >= 10**7 else 7
    fit_time = seconds_per_call(lambda: gdlib.fit(X, y), repeats)
    lstsq_time = seconds_per_call(lambda: np.linalg.lstsq(A, y, rcond=None), repeats)
    build_time = seconds_per_call(
        lambda: np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None), repeats
    )
    result = gdlib.fit(X, y)
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    ours = np.append(result.m if one_feature else result.w, result.b)
    print(
        f"| {label} | {human(fit_time)} | {human(lstsq_time)} | {human(build_time)} | "
        f"{lstsq_time / fit_time:.3g} | {result.epochs_run} | {result.converged} | "
        f"{relative_difference(ours, coef):.1e} |"
    )


def main() -> None:
    print(settings() + "\n")
    print(
        "| data | gdlib.fit | lstsq | lstsq + building [x, 1] | lstsq / fit "
        "| epochs | converged | relative difference |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n in SIZES:
        x, y = gdlib.make_line_data(n=n, seed=0)
        compare(f"line, N = {n:.0e}", x, y)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(10**6, 5)) * [1.0, 10.0, 0.1, 100.0, 3.0] + [0.0, 50.0, -2.0, 1e3, 7.0]
    y = X @ [1.0, -0.2, 5.0, 0.01, 0.5] + 3.0 + rng.normal(size=10**6)
    compare("5 features, N = 1e+06", X, y)


if __name__ == "__main__":
    main()
