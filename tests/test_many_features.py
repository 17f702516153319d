"""Many features (chapter 8): the general X w + b functions against numpy.linalg.lstsq and
plain-Python formulas; polynomial features; the seeded data generator."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gdlib


@st.composite
def linear_problems(draw):
    """Well-conditioned random problems: N in 2..200 points, k in 1..6 features (k < N)."""
    n = draw(st.integers(2, 200))
    k = draw(st.integers(1, min(6, n - 1)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.normal(rng.uniform(-1, 1, size=k), 1.0, size=(n, k))
    y = X @ rng.normal(0, 3, size=k) + rng.normal(0, 3) + rng.normal(size=n)
    A = np.column_stack([X, np.ones(n)])
    singular_values = np.linalg.svd(A, compute_uv=False)
    assume(singular_values[-1] > 0 and (singular_values[0] / singular_values[-1]) ** 2 < 300)
    return X, y


def lstsq_fit(X, y):
    A = np.column_stack([X, np.ones(len(y))])
    theta, *_ = np.linalg.lstsq(A, y, rcond=None)
    return theta[:-1], theta[-1]


@settings(max_examples=40, deadline=None)
@given(linear_problems())
def test_linear_gradient_descent_reaches_lstsq(problem):
    X, y = problem
    w, b = lstsq_fit(X, y)
    rate = 0.9 * gdlib.stability_limit(X)
    result = gdlib.gradient_descent(X, y, rate, epochs=200_000, tolerance=1e-12)
    assert result.converged
    scale = np.linalg.norm(np.append(w, b))
    assert np.linalg.norm(np.append(result.w - w, result.b - b)) <= 1e-8 * scale


@settings(max_examples=40, deadline=None)
@given(linear_problems())
def test_general_functions_at_the_lstsq_solution(problem):
    X, y = problem
    w, b = lstsq_fit(X, y)
    residual = [
        sum(xij * wj for xij, wj in zip(row, w, strict=True)) + b - yi
        for row, yi in zip(X, y, strict=True)
    ]
    prediction = gdlib.predict(X, w, b)
    assert prediction == pytest.approx(np.array(residual) + y, rel=1e-12, abs=1e-9)
    expected_mse = sum(r * r for r in residual) / len(y)
    assert gdlib.mse(X, y, w, b) == pytest.approx(expected_mse, rel=1e-9, abs=1e-12)
    dw, db = gdlib.mse_gradient(X, y, w, b)  # zero at the minimum
    size = np.abs(y).max() * (np.abs(X).max() + 1)
    assert np.abs(dw).max() <= 1e-9 * size and abs(db) <= 1e-9 * size


@settings(max_examples=40, deadline=None)
@given(linear_problems(), st.integers(0, 2**32 - 1))
def test_gradient_is_two_over_n_x_transpose_residual(problem, seed):
    X, y = problem
    rng = np.random.default_rng(seed)
    w, b = rng.normal(size=X.shape[1]), float(rng.normal())
    n, k = X.shape
    residual = [sum(X[i, j] * w[j] for j in range(k)) + b - y[i] for i in range(n)]
    expected_dw = [2 / n * sum(X[i, j] * residual[i] for i in range(n)) for j in range(k)]
    expected_db = 2 / n * sum(residual)
    dw, db = gdlib.mse_gradient(X, y, w, b)
    tolerance = 1e-10 * (1 + np.abs(residual).max()) * (1 + np.abs(X).max())
    assert np.abs(dw - expected_dw).max() <= tolerance
    assert abs(db - expected_db) <= tolerance


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 50))
def test_one_feature_functions_are_the_k_equals_one_case(seed, n):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=n), rng.normal(size=n)
    m, b = rng.normal(size=2)
    X = x[:, None]
    assert gdlib.mse(x, y, m, b) == gdlib.mse(X, y, [m], b)
    dm, db = gdlib.mse_gradient(x, y, m, b)
    dw, db_linear = gdlib.mse_gradient(X, y, [m], b)
    assert (dm, db) == (dw[0], db_linear)
    assert np.array_equal(gdlib.predict(x, m, b), gdlib.predict(X, [m], b))
    # Below the stability limit 2 / lambda_max for any x: lambda_max <= the Hessian's trace,
    # 2 (mean(x^2) + 1). (A fixed 0.1 diverged, and warned, for a large lone x.)
    rate = 0.5 / (np.mean(x**2) + 1)
    line = gdlib.gradient_descent(x, y, rate, epochs=20, w=m, b=b)
    general = gdlib.gradient_descent(X, y, rate, epochs=20, w=[m], b=b)
    assert np.array_equal(line.history.m, general.history.w[:, 0])
    assert np.array_equal(line.history.cost, general.history.cost)


# ----------------------------------------------------------------------------------- features


@settings(max_examples=50)
@given(
    st.lists(st.floats(-10, 10, allow_nan=False, allow_subnormal=False), min_size=1, max_size=30),
    st.integers(1, 6),
)
def test_polynomial_features_are_powers(x, degree):
    expected = [[xi**j for j in range(1, degree + 1)] for xi in x]
    features = gdlib.polynomial_features(x, degree)
    assert features.shape == (len(x), degree)
    assert features == pytest.approx(np.array(expected), rel=1e-14, abs=1e-300)


def test_polynomial_features_degree_one_is_the_input():
    assert gdlib.polynomial_features([1.5, -2.0], 1).tolist() == [[1.5], [-2.0]]


@pytest.mark.parametrize(
    ("degree", "error"), [(0, ValueError), (2.0, TypeError), (True, TypeError)]
)
def test_polynomial_features_rejects_bad_degrees(degree, error):
    with pytest.raises(error, match="degree"):
        gdlib.polynomial_features([1.0, 2.0], degree)


def test_polynomial_fit_recovers_a_parabola():
    x = np.linspace(-2, 4, 30)
    y = 0.5 * x**2 - 2 * x + 1
    Z, mean, std = (np.asarray(v) for v in _standardise(gdlib.polynomial_features(x, 2)))
    rate = 0.9 * gdlib.stability_limit(Z)
    result = gdlib.gradient_descent(Z, y, rate, epochs=50_000, tolerance=1e-12)
    assert result.converged
    w = result.w / std
    b = result.b - w @ mean
    assert np.append(w, b) == pytest.approx([-2.0, 0.5, 1.0], abs=1e-9)


def _standardise(X):
    mean, std = X.mean(axis=0), X.std(axis=0)
    return (X - mean) / std, mean, std


# --------------------------------------------------------------------------------------- data


def test_make_linear_data_is_seeded():
    X1, y1 = gdlib.make_linear_data(n=50, w=[1.0, -2.0, 3.0], b=0.5, noise=0.3, seed=7)
    X2, y2 = gdlib.make_linear_data(n=50, w=[1.0, -2.0, 3.0], b=0.5, noise=0.3, seed=7)
    X3, _ = gdlib.make_linear_data(n=50, w=[1.0, -2.0, 3.0], b=0.5, noise=0.3, seed=8)
    assert X1.shape == (50, 3) and y1.shape == (50,)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_make_linear_data_without_noise_lies_on_the_plane():
    X, y = gdlib.make_linear_data(n=20, w=[1.0, -2.0], b=0.5, noise=0.0, seed=1)
    expected = [row[0] * 1.0 + row[1] * -2.0 + 0.5 for row in X]
    assert y == pytest.approx(expected, rel=1e-14, abs=1e-14)


def test_make_linear_data_noise_and_weights_are_as_asked():
    X, y = gdlib.make_linear_data(n=20_000, w=[2.0, -1.0], b=3.0, noise=0.5, seed=2)
    w, b = lstsq_fit(X, y)
    assert w == pytest.approx([2.0, -1.0], abs=0.02)
    assert b == pytest.approx(3.0, abs=0.02)
    assert np.std(y - X @ w - b) == pytest.approx(0.5, rel=0.03)
    assert X.mean(axis=0) == pytest.approx([0, 0], abs=0.03)
    assert X.std(axis=0) == pytest.approx([1, 1], rel=0.03)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n": 0}, ValueError, "n must"),
        ({"noise": -1.0}, ValueError, "noise"),
        ({"w": [[1.0]]}, ValueError, "w must"),
        ({"w": "ab"}, TypeError, "w must"),
    ],
)
def test_make_linear_data_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        gdlib.make_linear_data(**kwargs)
