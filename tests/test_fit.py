"""gdlib.fit against numpy.linalg.lstsq, on one feature and on N x k data with mixed scales."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gdlib


def lstsq(X, y):
    coef, *_ = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)
    return coef[:-1], coef[-1]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 300), st.floats(-3, 4), st.floats(-4, 4))
def test_line_matches_lstsq(seed, n, log_offset, log_width):
    """x tiny or huge, near 0 or far from it: standardising makes them the same problem.

    Offsets stay below 10^4 widths: beyond that lstsq on [x, 1] itself loses the digits.
    """
    rng = np.random.default_rng(seed)
    width = 10.0**log_width
    x = rng.choice([-1, 1]) * width * 10.0**log_offset + width * rng.uniform(-1, 1, size=n)
    y = rng.normal(0, 3) / width * x + rng.normal(0, 5) + rng.normal(size=n)
    result = gdlib.fit(x, y)
    (m,), b = lstsq(x[:, None], y)
    assert isinstance(result, gdlib.FitResult) and result.converged
    assert np.hypot(result.m - m, result.b - b) <= 1e-6 * np.hypot(m, b)
    assert result.m == pytest.approx(m, rel=1e-6, abs=1e-6 * y.std() / x.std())
    assert result.cost == pytest.approx(np.mean((y - (m * x + b)) ** 2), rel=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 5), st.integers(0, 200))
def test_many_features_match_lstsq(seed, k, extra):
    """Columns with scales from 1e-3 to 1e3, offsets, and correlation between them."""
    rng = np.random.default_rng(seed)
    n = 3 * k + 10 + extra
    mixing = np.eye(k) + 0.4 * rng.normal(size=(k, k))
    scale = 10.0 ** rng.uniform(-3, 3, size=k)
    X = (rng.normal(size=(n, k)) @ mixing) * scale + rng.normal(0, 20, size=k) * scale
    w_true = rng.choice([-1, 1], size=k) * rng.uniform(0.5, 3, size=k) / scale
    y = X @ w_true + rng.normal(0, 5) + 0.5 * rng.normal(size=n)
    # Too collinear for plain gradient descent in 10 000 epochs is not this test's subject.
    assume(np.linalg.cond(np.corrcoef(X, rowvar=False).reshape(k, k)) <= 200)
    result = gdlib.fit(X, y)
    w, b = lstsq(X, y)
    assert isinstance(result, gdlib.LinearFitResult) and result.converged
    assert result.w.shape == (k,)
    np.testing.assert_allclose(result.w, w, rtol=1e-6)
    assert abs(result.b - b) <= 1e-6 * max(abs(b), y.std())
    assert result.cost == pytest.approx(np.mean((y - X @ w - b) ** 2), rel=1e-6)


def test_one_feature_takes_one_step():
    """Standardised, one feature: the Hessian is 2 I, the step 1/2 lands on the minimum."""
    x, y = gdlib.make_line_data(n=1000, seed=4)
    result = gdlib.fit(x, y)
    assert result.learning_rate == pytest.approx(0.5)
    assert result.epochs_run == 1 and result.converged


def test_column_input_gives_weights():
    x, y = gdlib.make_line_data(n=50, seed=5)
    line, column = gdlib.fit(x, y), gdlib.fit(x[:, None], y)
    assert isinstance(column, gdlib.LinearFitResult) and column.w.shape == (1,)
    assert column.w[0] == pytest.approx(line.m, rel=1e-12)
    assert column.b == pytest.approx(line.b, rel=1e-12)


def test_not_converged_is_reported():
    rng = np.random.default_rng(6)
    z = rng.normal(size=200)
    X = np.column_stack([z, z + 0.2 * rng.normal(size=200)])  # strongly correlated: slow
    y = X @ [1.0, 2.0] + rng.normal(size=200)
    result = gdlib.fit(X, y, max_epochs=5)
    assert not result.converged and result.epochs_run == 5
    assert gdlib.fit(X, y).converged


def test_constant_y_gives_the_flat_line():
    result = gdlib.fit([1.0, 2.0, 3.0], [4.0, 4.0, 4.0])
    assert (result.m, result.b, result.cost, result.converged) == (0.0, 4.0, 0.0, True)


@pytest.mark.parametrize(
    ("x", "y", "error", "match"),
    [
        ([1.0, float("nan"), 3.0], [1.0, 2.0, 3.0], ValueError, "x contains NaN"),
        ([1.0, 2.0, 3.0], [1.0, 2.0], ValueError, "same number"),
        ([2.0, 2.0, 2.0], [1.0, 2.0, 3.0], ValueError, "constant feature"),
        ([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], [1.0, 2.0, 3.0], ValueError, "collinear"),
        (["1", "2"], [1.0, 2.0], TypeError, "numbers"),
        (np.zeros((3, 2, 2)), [1.0, 2.0, 3.0], ValueError, "2-D array"),
        ([1.0, 2.0], np.ones((2, 1)), ValueError, "y must be a 1-D array"),
    ],
)
def test_bad_input_is_reported(x, y, error, match):
    with pytest.raises(error, match=match):
        gdlib.fit(x, y)


def test_bad_settings_are_reported():
    with pytest.raises(ValueError, match="tolerance must be positive"):
        gdlib.fit([1.0, 2.0], [1.0, 2.0], tolerance=0.0)
    with pytest.raises(TypeError, match="epochs"):
        gdlib.fit([1.0, 2.0], [1.0, 2.0], max_epochs=1.5)
