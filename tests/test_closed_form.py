"""The closed forms against exact rational arithmetic, numpy.polyfit and optimality."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gdlib


def random_line_data(seed: int, n: int):
    rng = np.random.default_rng(seed)
    centre, width = rng.uniform(-50, 50), rng.uniform(0.5, 20)
    x = rng.uniform(centre - width, centre + width, size=n)
    y = rng.normal(0, 3) * x + rng.normal(0, 10) + rng.normal(size=n)
    return x, y


def exact_line(x, y) -> tuple[Fraction, Fraction]:
    """Plain-Python reference: the *uncentred* textbook formula in exact arithmetic."""
    x, y = [Fraction(v) for v in x], [Fraction(v) for v in y]
    n, sx, sy = len(x), sum(x), sum(y)
    sxx = sum(a * a for a in x)
    sxy = sum(a * c for a, c in zip(x, y, strict=True))
    m = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    return m, (sy - m * sx) / n


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 80))
def test_line_formula_matches_polyfit_and_exact_arithmetic(seed, n):
    x, y = random_line_data(seed, n)
    m, b = gdlib.normal_equation_line(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    scale = max(abs(slope), abs(intercept), 1.0)
    assert abs(m - slope) <= 1e-9 * scale and abs(b - intercept) <= 1e-9 * scale
    m_exact, b_exact = exact_line(x.tolist(), y.tolist())
    # exact=True rounds the true answer once: it is the nearest float.
    assert gdlib.normal_equation_line(x, y, exact=True) == (float(m_exact), float(b_exact))
    assert abs(m - float(m_exact)) <= 1e-10 * scale


def test_data_on_a_line_is_recovered_exactly():
    x = [0.0, 1.0, 2.0, 5.0]
    y = [1.0, 3.0, 5.0, 11.0]
    assert gdlib.normal_equation_line(x, y) == (2.0, 1.0)
    assert gdlib.normal_equation_line(x, y, exact=True) == (2.0, 1.0)
    w, b = gdlib.least_squares(np.reshape(x, (-1, 1)), y)
    assert w.shape == (1,) and w[0] == pytest.approx(2.0) and b == pytest.approx(1.0)
    w, b = gdlib.normal_equations(np.reshape(x, (-1, 1)), y)
    assert w[0] == pytest.approx(2.0) and b == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 80))
def test_least_squares_fits_a_quadratic_like_polynomial_polyfit(seed, n):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, size=n)
    y = rng.normal() * x**2 + rng.normal() * x + rng.normal() + 0.1 * rng.normal(size=n)
    c0, c1, c2 = np.polynomial.polynomial.polyfit(x, y, 2)
    w, b = gdlib.least_squares(np.column_stack([x, x**2]), y)
    np.testing.assert_allclose([b, *w], [c0, c1, c2], rtol=1e-7, atol=1e-9)
    # The normal equations square the condition number: compare only where A^T A keeps
    # at least 6 digits (three nearly equal x, e.g. seed=46483, n=3, keep none).
    A = np.column_stack([x, x**2, np.ones(n)])
    assume(np.linalg.cond(A.T @ A) < 1e9)
    w_ne, b_ne = gdlib.normal_equations(np.column_stack([x, x**2]), y)
    np.testing.assert_allclose([b_ne, *w_ne], [c0, c1, c2], rtol=1e-6, atol=1e-8)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 6))
def test_least_squares_sets_the_gradient_to_zero(seed, k):
    rng = np.random.default_rng(seed)
    n = k + 1 + int(rng.integers(0, 50))
    X = rng.normal(size=(n, k)) * 10.0 ** rng.uniform(-1, 2, size=k)
    y = X @ rng.normal(size=k) + rng.normal() + rng.normal(size=n)
    w, b = gdlib.least_squares(X, y)
    dw, db = gdlib.mse_gradient(X, y, w, b)
    residual = X @ w + b - y
    # Each gradient entry is (2/N) column . residual: zero up to rounding of that dot product.
    bound = 1e-10 * (np.abs(X).sum(axis=0) * np.abs(residual).max() + 1.0)
    assert np.all(np.abs(dw) <= bound)
    assert abs(db) <= 1e-10 * (np.abs(residual).sum() + 1.0)
    # And it is a minimum: moving any coefficient raises the MSE.
    cost = gdlib.mse(X, y, w, b)
    for j in range(k):
        step = np.zeros(k)
        step[j] = 1e-3 * max(1.0, abs(w[j]))
        assert gdlib.mse(X, y, w + step, b) > cost
        assert gdlib.mse(X, y, w - step, b) > cost
    assert gdlib.mse(X, y, w, b + 1e-3) > cost


def test_least_squares_keeps_digits_that_the_normal_equations_lose():
    rng = np.random.default_rng(1)
    x = 1e4 + rng.uniform(0, 0.1, size=20)
    y = 3.0 * x + 4.0 + rng.normal(0, 0.01, size=20)
    m_exact, b_exact = gdlib.normal_equation_line(x, y, exact=True)
    w, b = gdlib.least_squares(x[:, None], y)
    w_ne, b_ne = gdlib.normal_equations(x[:, None], y)
    m_centred, _ = gdlib.normal_equation_line(x, y)
    error_lstsq = abs(w[0] - m_exact) / abs(m_exact)
    error_normal = abs(w_ne[0] - m_exact) / abs(m_exact)
    assert error_lstsq < 1e-8 and abs(b - b_exact) < 1e-8 * abs(b_exact)
    assert error_normal > 100 * error_lstsq
    assert abs(b_ne - b_exact) > 100 * abs(b - b_exact)
    assert abs(m_centred - m_exact) <= 1e-12 * abs(m_exact)


def test_inputs_without_a_unique_answer_are_refused():
    with pytest.raises(ValueError, match="two different x values"):
        gdlib.normal_equation_line([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="rank 1 but 2 columns"):
        gdlib.least_squares([[1.0], [1.0], [1.0]], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="rank 2 but 3 columns"):
        gdlib.least_squares([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="fewer points than parameters"):
        gdlib.least_squares([[1.0, 2.0]], [1.0])
    with pytest.raises(ValueError, match="A\\^T A is singular"):
        gdlib.normal_equations([[0.0], [0.0]], [1.0, 2.0])


def test_inputs_are_validated():
    with pytest.raises(ValueError, match="x and y must have one value per data point"):
        gdlib.normal_equation_line([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="x must be a 2-D array"):
        gdlib.least_squares(np.ones((3, 1, 1)), [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="exact must be True or False"):
        gdlib.normal_equation_line([1.0, 2.0], [1.0, 3.0], exact="no")
    with pytest.raises(ValueError, match="y contains NaN"):
        gdlib.least_squares([[1.0], [2.0]], [1.0, np.nan])
    with pytest.raises(TypeError, match="y must contain numbers"):
        gdlib.normal_equations([[1.0], [2.0]], "ab")
