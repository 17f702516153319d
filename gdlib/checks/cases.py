"""Random cases shared by the checks, and gdlib's answers they are compared with.

Every reference calls gdlib's public functions (``gdlib.predict``, ``gdlib.mse``,
``gdlib.mse_gradient``, ``gdlib.gradient_descent``, ...), looked up when a check runs, so
that each formula has one implementation.
"""

from __future__ import annotations

import numpy as np

import gdlib

__all__: list[str] = []


def line_case(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Random data around a random line, and a random (m, b) that is not the best fit."""
    n = int(rng.integers(5, 30))
    x = rng.uniform(-2.0, 10.0, size=n)
    slope, intercept = rng.uniform(-5.0, 5.0), rng.uniform(-10.0, 10.0)
    y = slope * x + intercept + rng.normal(0.0, 1.0 + abs(slope), size=n)
    while True:  # keep m, b and m - b away from 0, so every mistake changes the result
        m, b = rng.uniform(-6.0, 6.0, size=2)
        if min(abs(m), abs(b), abs(m - b)) > 0.5:
            return x, y, float(m), float(b)


def stable_rate(rng: np.random.Generator, x: np.ndarray, low: float = 0.05, high: float = 0.9):
    """A learning rate that is a random fraction of full-batch descent's stability limit."""
    return float(rng.uniform(low, high) * gdlib.stability_limit(x))


def step_case(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float, float, float]:
    """A line case plus a stable learning rate."""
    x, y, m, b = line_case(rng)
    return x, y, m, b, stable_rate(rng, x)


def descent(x, y, m, b, learning_rate, epochs) -> tuple[float, float, float]:
    """``gdlib.gradient_descent`` from (m, b): final slope, intercept and cost."""
    result = gdlib.gradient_descent(x, y, learning_rate, epochs, w=float(m), b=float(b))
    return float(result.m), float(result.b), float(result.cost)


def step(x, y, m, b, learning_rate) -> tuple[float, float]:
    """One step of ``gdlib.gradient_descent`` from (m, b)."""
    return descent(x, y, m, b, learning_rate, 1)[:2]
