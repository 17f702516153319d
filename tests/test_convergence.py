"""relative_distance and the contraction factor against plain Python and real runs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib


def random_line_data(seed: int, n: int):
    rng = np.random.default_rng(seed)
    centre, width = rng.uniform(-5, 5), rng.uniform(0.5, 10)
    x = rng.uniform(centre - width, centre + width, size=n)
    y = rng.normal(2.0, 3.0) * x + rng.normal(0, 5) + rng.normal(size=n)
    return x, y


def lstsq_line(x, y):
    (m, b), *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    return m, b


def hessian_eigenvalues_by_hand(x) -> tuple[float, float]:
    """Eigenvalues of (2/N)[[sum x^2, sum x], [sum x, N]] by the quadratic formula."""
    n = len(x)
    a, c, d = 2 * sum(v * v for v in x) / n, 2 * sum(x) / n, 2.0
    mean, gap = (a + d) / 2, math.sqrt(((a - d) / 2) ** 2 + c * c)
    return mean - gap, mean + gap


def test_relative_distance_matches_plain_python():
    path = [[0.0, 0.0], [1.0, 2.0], [3.0, 4.5], [3.0, 4.0]]
    optimum = [3.0, 4.0]
    expected = [math.dist(p, optimum) / math.hypot(*optimum) for p in path]
    np.testing.assert_allclose(gdlib.relative_distance(path, optimum), expected, rtol=1e-15)
    # One parameter: a plain vector path.
    np.testing.assert_allclose(gdlib.relative_distance([1.0, 2.0, 4.0], [2.0]), [0.5, 0.0, 1.0])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 60), st.floats(0.05, 0.95))
def test_distance_agrees_with_epochs_to_reach(seed, n, fraction):
    x, y = random_line_data(seed, n)
    m, b = lstsq_line(x, y)
    result = gdlib.gradient_descent(x, y, fraction * gdlib.stability_limit(x), epochs=300)
    path = np.column_stack([result.history.m, result.history.b])
    distance = gdlib.relative_distance(path, [m, b])
    assert distance[0] == pytest.approx(1.0)  # the run starts at (0, 0)
    assert np.all(np.diff(distance) <= 1e-12)  # below the limit it never grows
    tolerance = max(float(distance[len(distance) // 4]), 1e-9) * 1.0000001
    first = gdlib.epochs_to_reach(path, [m, b], relative_tolerance=tolerance)
    assert first == int(np.flatnonzero(distance <= tolerance)[0])


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(2, 60),
    st.one_of(st.floats(0.01, 0.99), st.floats(1.01, 1.5)),
)
def test_contraction_factor_matches_the_eigenvalues(seed, n, fraction):
    x, _ = random_line_data(seed, n)
    low, high = hessian_eigenvalues_by_hand(x.tolist())
    rate = fraction * 2 / high
    expected = max(abs(1 - rate * low), abs(1 - rate * high))
    assert gdlib.contraction_factor(x, rate) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert gdlib.contraction_factor(x[:, None], rate) == gdlib.contraction_factor(x, rate)
    assert (gdlib.contraction_factor(x, rate) < 1) == (fraction < 1)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 60), st.floats(0.1, 0.95))
def test_errors_shrink_by_at_most_the_contraction_factor(seed, n, fraction):
    x, y = random_line_data(seed, n)
    m, b = lstsq_line(x, y)
    rate = fraction * gdlib.stability_limit(x)
    rho = gdlib.contraction_factor(x, rate)
    result = gdlib.gradient_descent(x, y, rate, epochs=60, w=m + 1.0, b=b - 2.0)
    error = np.hypot(result.history.m - m, result.history.b - b)
    slack = 1e-11 * max(abs(m), abs(b), 1.0)  # rounding in the run and in the reference
    assert np.all(error[1:] <= rho * error[:-1] + slack)


def test_the_optimal_rate_contracts_by_kappa_ratio():
    x, _ = gdlib.make_line_data(n=100, seed=0)
    kappa = gdlib.condition_number(x)
    rho = gdlib.contraction_factor(x, gdlib.optimal_learning_rate(x))
    assert rho == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-12)
    z, _, _ = gdlib.standardise(x)
    assert gdlib.contraction_factor(z, 0.5) == pytest.approx(0.0, abs=1e-12)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="optimum is zero"):
        gdlib.relative_distance([[1.0, 1.0]], [0.0, 0.0])
    with pytest.raises(ValueError, match="one column per parameter"):
        gdlib.relative_distance([[1.0, 1.0, 1.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        gdlib.contraction_factor([0.0, 1.0], 0.0)
