"""Stopping rules against plain-Python references and the theory of quadratics."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib


def line_data(seed: int, n: int):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3.0, 8.0, size=n)
    y = rng.normal(2.0, 2.0) * x + rng.normal(0.0, 3.0) + rng.normal(size=n)
    return x, y


def reference_gradient_norm(x, y, m, b):
    """Plain Python: sqrt(dm^2 + db^2) with dm, db summed point by point."""
    n = len(x)
    dm = -2 / n * sum(xi * (yi - (m * xi + b)) for xi, yi in zip(x, y, strict=True))
    db = -2 / n * sum(yi - (m * xi + b) for xi, yi in zip(x, y, strict=True))
    return math.sqrt(dm * dm + db * db)


def reference_first_at_most(values, tolerance):
    for epoch, value in enumerate(values):
        if value <= tolerance:
            return epoch
    return None


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.integers(0, 30))
def test_gradient_norms_match_plain_python(seed, n, epochs):
    x, y = line_data(seed, n)
    learning_rate = 0.5 * gdlib.stability_limit(x)
    history = gdlib.gradient_descent(x, y, learning_rate, epochs, w=1.0, b=-1.0).history
    norms = gdlib.gradient_norms(history, x, y)
    assert norms.shape == (epochs + 1,)
    for t in range(epochs + 1):
        expected = reference_gradient_norm(x, y, history.m[t], history.b[t])
        assert norms[t] == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_gradient_norm_is_zero_at_the_least_squares_line():
    x, y = line_data(3, 50)
    (m, b), *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    history = gdlib.History(w=np.array([[0.0], [m]]), b=np.array([0.0, b]), cost=np.zeros(2))
    norms = gdlib.gradient_norms(history, x, y)
    assert norms[0] > 1.0
    assert norms[1] < 1e-10


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0.0, 1e6), min_size=1, max_size=30))
def test_relative_cost_changes_match_plain_python(cost):
    changes = gdlib.relative_cost_changes(cost)
    assert len(changes) == len(cost)
    assert changes[0] == math.inf
    for t in range(1, len(cost)):
        if cost[t - 1] > 0:
            expected = abs(cost[t] - cost[t - 1]) / cost[t - 1]
        else:
            expected = 0.0 if cost[t] == 0 else math.inf
        assert changes[t] == pytest.approx(expected, rel=1e-12)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0.0, 100.0) | st.just(math.inf), min_size=1, max_size=30),
    st.floats(1e-6, 100.0),
)
def test_first_epoch_at_most_matches_plain_python(values, tolerance):
    assert gdlib.first_epoch_at_most(values, tolerance) == reference_first_at_most(
        values, tolerance
    )


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 60), st.floats(1e-6, 1e-1))
def test_gradient_rule_agrees_with_gradient_descent_tolerance(seed, n, tolerance):
    x, y = line_data(seed, n)
    learning_rate = 0.9 * gdlib.stability_limit(x)
    full = gdlib.gradient_descent(x, y, learning_rate, epochs=3000)
    stopped = gdlib.gradient_descent(x, y, learning_rate, epochs=3000, tolerance=tolerance)
    epoch = gdlib.epochs_until_gradient_norm(full.history, x, y, tolerance)
    if stopped.converged:
        assert epoch == stopped.epochs_run
    else:
        assert epoch is None


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 60))
def test_gradient_norm_bounds_the_distance_to_the_optimum(seed, n):
    """The gradient is H (theta - theta*), so |theta - theta*| <= |gradient| / lambda_min."""
    x, y = line_data(seed, n)
    (m, b), *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    lambda_min = np.linalg.eigvalsh(gdlib.mse_hessian(x))[0]
    history = gdlib.gradient_descent(x, y, 0.5 * gdlib.stability_limit(x), 200).history
    distance = np.hypot(history.m - m, history.b - b)
    bound = gdlib.gradient_norms(history, x, y) / lambda_min
    assert np.all(distance <= bound * (1 + 1e-9) + 1e-9)


def test_relative_cost_change_rule():
    cost = [10.0, 5.0, 4.0, 3.99, 3.98]
    # changes: inf, 0.5, 0.2, 0.0025, 0.0025...
    assert gdlib.epochs_until_relative_cost_change(cost, 0.2) == 2
    assert gdlib.epochs_until_relative_cost_change(cost, 0.01) == 3
    assert gdlib.epochs_until_relative_cost_change(cost, 1e-6) is None


def test_rules_return_none_when_never_met():
    x, y = line_data(1, 20)
    history = gdlib.gradient_descent(x, y, 1e-4, epochs=5).history
    assert gdlib.epochs_until_gradient_norm(history, x, y, 1e-12) is None


def test_bad_inputs_name_the_argument():
    x, y = line_data(1, 5)
    history = gdlib.gradient_descent(x, y, 0.01, epochs=3).history
    with pytest.raises(TypeError, match="history"):
        gdlib.gradient_norms((history.m, history.b), x, y)
    with pytest.raises(ValueError, match="tolerance"):
        gdlib.epochs_until_gradient_norm(history, x, y, 0.0)
    with pytest.raises(ValueError, match="tolerance"):
        gdlib.first_epoch_at_most([1.0], -1.0)
    with pytest.raises(ValueError, match="NaN"):
        gdlib.first_epoch_at_most([1.0, math.nan], 0.5)
    with pytest.raises(ValueError, match="values"):
        gdlib.first_epoch_at_most([], 0.5)
    with pytest.raises(ValueError, match="cost"):
        gdlib.relative_cost_changes([1.0, -1.0])
    with pytest.raises(ValueError, match="same"):
        gdlib.gradient_norms(history, x, y[:-1])
