"""Sufficient statistics against plain-Python sums and against gradient_descent's data passes."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib


def random_line_data(seed: int, n: int):
    rng = np.random.default_rng(seed)
    centre, width = rng.uniform(-50, 50), rng.uniform(0.5, 10)
    x = rng.uniform(centre - width, centre + width, size=n)
    y = rng.normal(2.0, 3.0) * x + rng.normal(0, 5) + rng.normal(size=n)
    return x, y


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 300))
def test_statistics_match_plain_python_sums(seed, n):
    x, y = random_line_data(seed, n)
    xs, ys = x.tolist(), y.tolist()
    mean_x, mean_y = math.fsum(xs) / n, math.fsum(ys) / n
    stats = gdlib.sufficient_statistics(xs, ys)
    assert stats.n == n
    assert stats.mean_x == pytest.approx(mean_x, rel=1e-12)
    assert stats.mean_y == pytest.approx(mean_y, rel=1e-12, abs=1e-12)
    sxx = math.fsum((a - mean_x) ** 2 for a in xs)
    sxy = math.fsum((a - mean_x) * (c - mean_y) for a, c in zip(xs, ys, strict=True))
    syy = math.fsum((c - mean_y) ** 2 for c in ys)
    assert stats.sxx == pytest.approx(sxx, rel=1e-9, abs=1e-9)
    assert stats.sxy == pytest.approx(sxy, rel=1e-9, abs=1e-9 * math.sqrt(sxx * syy))
    assert stats.syy == pytest.approx(syy, rel=1e-9, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 300), st.floats(0.05, 0.95))
def test_same_steps_as_gradient_descent_on_the_data(seed, n, fraction):
    x, y = random_line_data(seed, n)
    rng = np.random.default_rng(seed + 1)
    m0, b0 = rng.normal(size=2)
    learning_rate = fraction * gdlib.stability_limit(x)
    stats = gdlib.sufficient_statistics(x, y)
    fast = gdlib.gradient_descent_sufficient(stats, learning_rate, epochs=60, w=m0, b=b0)
    slow = gdlib.gradient_descent(x, y, learning_rate, epochs=60, w=m0, b=b0)
    scale = max(np.abs(slow.history.m).max(), np.abs(slow.history.b).max())
    np.testing.assert_allclose(fast.history.m, slow.history.m, rtol=1e-9, atol=1e-9 * scale)
    np.testing.assert_allclose(fast.history.b, slow.history.b, rtol=1e-9, atol=1e-9 * scale)
    floor = 1e-12 * max(slow.history.cost[0], y.var())  # rounding, when the cost reaches 0
    np.testing.assert_allclose(fast.history.cost, slow.history.cost, rtol=1e-9, atol=floor)
    assert (fast.epochs_run, fast.converged, fast.diverged) == (60, False, False)


def test_tolerance_stops_like_gradient_descent():
    x, y = gdlib.make_line_data(seed=2)
    stats = gdlib.sufficient_statistics(x, y)
    fast = gdlib.gradient_descent_sufficient(stats, 0.02, epochs=100_000, tolerance=1e-6)
    slow = gdlib.gradient_descent(x, y, 0.02, epochs=100_000, tolerance=1e-6)
    assert fast.converged and abs(fast.epochs_run - slow.epochs_run) <= 1
    assert np.hypot(*gdlib.mse_gradient(x, y, fast.m, fast.b)) <= 1.001e-6


def test_divergence_warns_with_the_data_stability_limit():
    x, y = gdlib.make_line_data(seed=0)
    stats = gdlib.sufficient_statistics(x, y)
    limit = gdlib.stability_limit(x)
    with pytest.warns(gdlib.DivergenceWarning, match="learning_rate=0.05 is above") as record:
        result = gdlib.gradient_descent_sufficient(stats, 0.05, epochs=10_000)
    assert f"{limit:.6g}" in str(record[0].message)
    assert result.diverged and np.all(np.isfinite(result.history.cost))
    with pytest.warns(gdlib.DivergenceWarning, match="cost rose"):
        gdlib.gradient_descent_sufficient(stats, 1.05 * limit, epochs=200)


def test_statistics_of_duplicated_data_give_the_same_descent():
    """The MSE is a mean: repeating every point changes N and the sums, not the steps."""
    x, y = gdlib.make_line_data(n=50, seed=3)
    once = gdlib.gradient_descent_sufficient(gdlib.sufficient_statistics(x, y), 0.01, 100)
    twice = gdlib.sufficient_statistics(np.tile(x, 2), np.tile(y, 2))
    assert twice.n == 100
    np.testing.assert_allclose(
        gdlib.gradient_descent_sufficient(twice, 0.01, 100).history.m, once.history.m, rtol=1e-12
    )


def test_bad_inputs_are_reported():
    with pytest.raises(TypeError, match="sufficient_statistics"):
        gdlib.gradient_descent_sufficient(([1.0], [2.0]), 0.1, 10)
    stats = gdlib.sufficient_statistics([1.0, 2.0], [2.0, 4.0])
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        gdlib.gradient_descent_sufficient(stats, -0.1, 10)
    with pytest.raises(ValueError, match="x and y must have one value per data point"):
        gdlib.sufficient_statistics([1.0, 2.0], [2.0])
    with pytest.raises(ValueError, match="y contains NaN"):
        gdlib.sufficient_statistics([1.0, 2.0], [2.0, float("nan")])


@pytest.mark.parametrize(("n", "k"), [(20_001, 1), (9_000, 3), (5_000, 150)])
def test_blocked_epoch_matches_plain_numpy(n, k):
    """gdlib's epoch works through the data in blocks; the steps must not change."""
    rng = np.random.default_rng(7)
    X = rng.normal(3.0, 2.0, size=(n, k))
    y = X @ rng.normal(size=k) + 1.0 + rng.normal(size=n)
    learning_rate = 0.5 * gdlib.stability_limit(X)
    result = gdlib.gradient_descent(X, y, learning_rate, epochs=4)
    w, b = np.zeros(k), 0.0
    for epoch in range(5):
        r = X @ w + b - y
        assert result.history.cost[epoch] == pytest.approx(np.mean(r**2), rel=1e-12)
        np.testing.assert_allclose(result.history.w[epoch], w, rtol=1e-12, atol=1e-14)
        assert result.history.b[epoch] == pytest.approx(b, rel=1e-12, abs=1e-14)
        w, b = w - learning_rate * 2 / n * (X.T @ r), b - learning_rate * 2 / n * r.sum()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 20_000), st.integers(1, 6))
def test_blocked_pass_equals_the_core(seed, n, k):
    """The fast path's blocked pass gives the readable formulas' values (up to rounding)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(rng.uniform(-3, 3), rng.uniform(0.1, 3), size=(n, k))
    y = rng.normal(size=n)
    w, b = rng.normal(size=k), float(rng.normal())
    x = X[:, 0] if k == 1 else X
    cost, dw, db = gdlib.blocked_objective(x, y)(w, b)
    assert cost == pytest.approx(gdlib.mse(x, y, w if k > 1 else w[0], b), rel=1e-10)
    core_dw, core_db = gdlib.mse_gradient(X, y, w, b)
    scale = np.abs(np.append(core_dw, core_db)).max() + 1e-300
    np.testing.assert_allclose(dw, core_dw, rtol=0, atol=1e-10 * scale)
    assert db == pytest.approx(core_db, rel=0, abs=1e-10 * scale)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 300))
def test_statistics_objective_equals_the_core(seed, n):
    """Three centred points stand in for the N points: same MSE and gradient at any (m, b)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.uniform(-50, 50), rng.uniform(0.1, 5), size=n)
    y = rng.normal() * x + rng.normal(size=n)
    m, b = rng.normal(size=2)
    cost, dw, db = gdlib.statistics_objective(gdlib.sufficient_statistics(x, y))(np.array([m]), b)
    assert cost == pytest.approx(gdlib.mse(x, y, m, b), rel=1e-9, abs=1e-12)
    dm, core_db = gdlib.mse_gradient(x, y, m, b)
    scale = max(abs(dm), abs(core_db), 1.0)
    assert dw[0] == pytest.approx(dm, rel=0, abs=1e-9 * scale)
    assert db == pytest.approx(core_db, rel=0, abs=1e-9 * scale)


def test_blocked_pass_drives_iterate_like_gradient_descent():
    x, y = gdlib.make_line_data(n=30_000, seed=5)
    fast = gdlib.iterate(
        gdlib.blocked_objective(x, y), np.zeros(1), 0.0, learning_rate=0.01, epochs=50
    )
    plain = gdlib.gradient_descent(x, y, 0.01, 50)
    np.testing.assert_allclose(fast.history.w, plain.history.w, rtol=1e-12)
    np.testing.assert_allclose(fast.history.cost, plain.history.cost, rtol=1e-12)
