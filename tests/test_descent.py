"""gradient_descent against the ten-line loop, numpy.linalg.lstsq and the theory of quadratics."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib


def lstsq_line(x, y):
    (m, b), *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    return m, b


def random_line_data(seed: int, n: int):
    rng = np.random.default_rng(seed)
    centre, width = rng.uniform(-5, 5), rng.uniform(0.5, 10)
    x = rng.uniform(centre - width, centre + width, size=n)
    y = rng.normal(2.0, 3.0) * x + rng.normal(0, 5) + rng.normal(size=n)
    return x, y


def test_post_setting_matches_the_ten_line_loop():
    """The book's chapter-4 setting: x ~ U(0,10), y = 3x + 4 + noise, m = b = 0, 0.01, 1000 epochs."""
    x, y = gdlib.make_line_data(n=100, m=3.0, b=4.0, noise=1.0, seed=0)
    m, b, cost = gdlib.ten_line_loop(x, y, 0.0, 0.0, 0.01, 1000)
    result = gdlib.gradient_descent(x, y, learning_rate=0.01, epochs=1000)
    assert result.m == pytest.approx(m, rel=1e-12)
    assert result.b == pytest.approx(b, rel=1e-12)
    # The ten-line loop reports the cost *before* its last update: our history[-2].
    assert result.history.cost[-2] == pytest.approx(cost, rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 60), st.floats(0.05, 0.95))
def test_trajectory_matches_the_ten_line_loop(seed, n, fraction):
    x, y = random_line_data(seed, n)
    rng = np.random.default_rng(seed + 1)
    m0, b0 = rng.normal(size=2)
    learning_rate = fraction * gdlib.stability_limit(x)
    result = gdlib.gradient_descent(x, y, learning_rate, epochs=40, w=m0, b=b0)
    for epochs in [1, 2, 7, 40]:
        m, b, cost = gdlib.ten_line_loop(x, y, m0, b0, learning_rate, epochs)
        scale = max(abs(m), abs(b), 1.0)  # relative to the size of the parameters
        assert abs(result.history.m[epochs] - m) <= 1e-12 * scale
        assert abs(result.history.b[epochs] - b) <= 1e-12 * scale
        assert result.history.cost[epochs - 1] == pytest.approx(cost, rel=1e-10)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 200))
def test_reaches_lstsq_below_the_stability_limit(seed, n):
    x, y = random_line_data(seed, n)
    learning_rate = 0.9 * gdlib.stability_limit(x)
    m, b = lstsq_line(x, y)
    # Near the optimum the distance is at most |gradient| / lambda_min: stop once that bound
    # is 1e-7 of the answer's size (a fixed tolerance is either unreachable in floating point
    # or too loose, depending on the scale of the data).
    lambda_min = gdlib.hessian_eigenvalues(x)[0]
    tolerance = 1e-7 * lambda_min * np.hypot(m, b)
    result = gdlib.gradient_descent(x, y, learning_rate, epochs=2_000_000, tolerance=tolerance)
    assert result.converged
    assert np.hypot(result.m - m, result.b - b) <= 1e-6 * np.hypot(m, b)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 100), st.floats(0.01, 1.0))
def test_cost_never_increases_for_steps_up_to_one_over_L(seed, n, fraction):
    x, y = random_line_data(seed, n)
    lambda_max = np.linalg.eigvalsh(gdlib.mse_hessian(x))[-1]
    result = gdlib.gradient_descent(x, y, fraction / lambda_max, epochs=300)
    increases = np.diff(result.history.cost)
    assert increases.max() <= 1e-12 * result.history.cost[0]


def test_history_starts_at_the_initial_point():
    x, y = gdlib.make_line_data(n=10, seed=1)
    result = gdlib.gradient_descent(x, y, 0.01, epochs=5, w=1.5, b=-2.0)
    assert (result.history.m[0], result.history.b[0]) == (1.5, -2.0)
    assert result.history.cost[0] == gdlib.mse(x, y, 1.5, -2.0)
    assert len(result.history.m) == len(result.history.b) == len(result.history.cost) == 6
    assert result.epochs_run == 5
    assert result.cost == gdlib.mse(x, y, result.m, result.b)


def test_zero_epochs_returns_the_start():
    result = gdlib.gradient_descent([1.0, 2.0], [2.0, 4.0], 0.1, epochs=0, w=0.5, b=0.5)
    assert (result.m, result.b, result.epochs_run) == (0.5, 0.5, 0)
    assert len(result.history.cost) == 1


def test_tolerance_stops_early_and_reports_convergence():
    x, y = gdlib.make_line_data(seed=2)
    result = gdlib.gradient_descent(x, y, 0.02, epochs=100_000, tolerance=1e-6)
    assert result.converged and not result.diverged
    assert result.epochs_run < 100_000
    assert np.hypot(*gdlib.mse_gradient(x, y, result.m, result.b)) <= 1e-6
    unconverged = gdlib.gradient_descent(x, y, 0.02, epochs=10, tolerance=1e-6)
    assert not unconverged.converged and unconverged.epochs_run == 10


def test_overflow_stops_and_warns_with_the_stability_limit():
    x, y = gdlib.make_line_data(seed=0)
    limit = gdlib.stability_limit(x)
    with pytest.warns(gdlib.DivergenceWarning, match="learning_rate=0.05 is above") as record:
        result = gdlib.gradient_descent(x, y, 0.05, epochs=10_000)
    assert f"{limit:.6g}" in str(record[0].message)
    assert result.diverged and result.epochs_run < 10_000
    assert np.all(np.isfinite(result.history.cost))


def test_growth_above_the_limit_warns_before_overflow():
    x, y = gdlib.make_line_data(seed=0)
    limit = gdlib.stability_limit(x)
    with pytest.warns(gdlib.DivergenceWarning, match="cost rose"):
        result = gdlib.gradient_descent(x, y, 1.05 * limit, epochs=200)
    assert result.diverged and result.epochs_run == 200


def test_just_below_the_limit_does_not_warn():
    x, y = gdlib.make_line_data(seed=0)
    result = gdlib.gradient_descent(x, y, 0.99 * gdlib.stability_limit(x), epochs=2000)
    assert not result.diverged


def test_linear_descent_reaches_lstsq_for_random_shapes():
    rng = np.random.default_rng(5)
    for n, k in [(20, 1), (50, 3), (200, 5)]:
        X = rng.normal(size=(n, k))
        y = X @ rng.normal(size=k) + 1.5 + 0.1 * rng.normal(size=n)
        rate = 0.9 * gdlib.stability_limit(X)
        result = gdlib.gradient_descent(X, y, rate, epochs=200_000, tolerance=1e-12)
        A = np.column_stack([X, np.ones(n)])
        coef, *_ = np.linalg.lstsq(A, y, rcond=None)
        np.testing.assert_allclose(np.append(result.w, result.b), coef, rtol=1e-6, atol=1e-9)
