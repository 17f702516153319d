"""The model and the MSE against independent references (plain formulas, finite differences)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gdlib

# Values on a grid of 1/1000 in [-1, 1], then scaled by powers of ten: varied scale, no
# subnormal numbers (where no finite-difference step is meaningful).
unit = st.integers(-1000, 1000).map(lambda i: i / 1000)


@st.composite
def line_problems(draw):
    """Random data of varied scale: N points, x and y scaled by powers of ten."""
    n = draw(st.integers(1, 50))
    scale_x = 10.0 ** draw(st.integers(-3, 3))
    scale_y = 10.0 ** draw(st.integers(-3, 3))
    x = draw(arrays(float, n, elements=unit)) * scale_x
    y = draw(arrays(float, n, elements=unit)) * scale_y
    m = draw(unit) * scale_y / scale_x
    b = draw(unit) * scale_y
    return x, y, m, b


def central_difference(f, value: float, h: float) -> float:
    return (f(value + h) - f(value - h)) / (2 * h)


def test_predict_is_m_x_plus_b():
    assert gdlib.predict([0, 1, 2], 3, 4).tolist() == [4.0, 7.0, 10.0]


@given(line_problems())
def test_mse_matches_its_definition(problem):
    x, y, m, b = problem
    expected = sum((yi - (m * xi + b)) ** 2 for xi, yi in zip(x, y, strict=True)) / len(x)
    assert gdlib.mse(x, y, m, b) == pytest.approx(expected, rel=1e-12, abs=1e-300)


@settings(max_examples=200)
@given(line_problems())
def test_mse_gradient_matches_central_differences(problem):
    x, y, m, b = problem
    dm, db = gdlib.mse_gradient(x, y, m, b)
    h_m = 1e-3 * (abs(m) + np.abs(y).max() / max(np.abs(x).max(), 1e-12) + 1e-12)
    h_b = 1e-3 * (abs(b) + np.abs(y).max() + 1e-12)
    fd_m = central_difference(lambda v: gdlib.mse(x, y, v, b), m, h_m)
    fd_b = central_difference(lambda v: gdlib.mse(x, y, m, v), b, h_b)
    size = np.hypot(dm * h_m, db * h_b)  # gradient measured in units of the steps
    assume(size > 1e-6 * gdlib.mse(x, y, m, b))  # not at the optimum, where rel. error is 0/0
    assert np.hypot((dm - fd_m) * h_m, (db - fd_b) * h_b) <= 1e-6 * size


@settings(max_examples=100)
@given(st.integers(1, 30), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_linear_gradient_matches_central_differences(n, k, seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(n, k)) * 10.0 ** rng.integers(-2, 3), rng.normal(size=n)
    w, b = rng.normal(size=k), float(rng.normal())
    dw, db = gdlib.mse_gradient(X, y, w, b)
    h = 1e-4
    for j in range(k):
        step = np.eye(k)[j] * h
        fd = (gdlib.mse(X, y, w + step, b) - gdlib.mse(X, y, w - step, b)) / (2 * h)
        assert fd == pytest.approx(dw[j], rel=1e-6, abs=1e-8 * (1 + abs(fd)))
    fd_b = (gdlib.mse(X, y, w, b + h) - gdlib.mse(X, y, w, b - h)) / (2 * h)
    assert fd_b == pytest.approx(db, rel=1e-6, abs=1e-8)


@given(line_problems())
def test_line_functions_are_the_one_column_case_of_the_linear_ones(problem):
    x, y, m, b = problem
    X = x[:, None]
    assert gdlib.mse(x, y, m, b) == gdlib.mse(X, y, [m], b)
    dm, db = gdlib.mse_gradient(x, y, m, b)
    dw, db2 = gdlib.mse_gradient(X, y, [m], b)
    assert (dm, db) == (dw[0], db2)
    np.testing.assert_array_equal(gdlib.predict(x, m, b), gdlib.predict(X, [m], b))


def test_hessian_matches_finite_differences_of_the_gradient():
    x, y = gdlib.make_line_data(n=40, seed=3)
    h = 1e-3
    columns = []
    for dm, db in [(h, 0.0), (0.0, h)]:
        plus = np.array(gdlib.mse_gradient(x, y, 1.0 + dm, 2.0 + db))
        minus = np.array(gdlib.mse_gradient(x, y, 1.0 - dm, 2.0 - db))
        columns.append((plus - minus) / (2 * h))
    np.testing.assert_allclose(gdlib.mse_hessian(x), np.array(columns).T, rtol=1e-7)


def test_make_line_data_is_seeded():
    a, b = gdlib.make_line_data(seed=7), gdlib.make_line_data(seed=7)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], gdlib.make_line_data(seed=8)[0])
