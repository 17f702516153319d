"""r_squared, train_test_split and epochs_to_reach against plain-Python references."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib

values = st.lists(st.integers(-1000, 1000).map(lambda i: i / 10), min_size=2, max_size=40)


def python_r_squared(y, y_pred):
    mean = sum(y) / len(y)
    residual = sum((a - p) ** 2 for a, p in zip(y, y_pred, strict=True))
    total = sum((a - mean) ** 2 for a in y)
    return 1 - residual / total


@settings(max_examples=50, deadline=None)
@given(values, st.randoms())
def test_r_squared_matches_plain_python(y, random):
    y_pred = [v + random.uniform(-5, 5) for v in y]
    if len(set(y)) == 1:
        with pytest.raises(ValueError, match="every y is the same"):
            gdlib.r_squared(y, y_pred)
        return
    assert gdlib.r_squared(y, y_pred) == pytest.approx(python_r_squared(y, y_pred), abs=1e-9)


def test_r_squared_is_one_for_a_perfect_fit_and_zero_for_the_mean():
    x, y = gdlib.make_line_data(n=30, noise=0.0, seed=3)
    assert gdlib.r_squared(y, gdlib.predict(x, 3.0, 4.0)) == pytest.approx(1.0, abs=1e-12)
    assert gdlib.r_squared(y, np.full_like(y, y.mean())) == pytest.approx(0.0, abs=1e-12)
    assert gdlib.r_squared(y, np.full_like(y, y.mean() + 10)) < 0


def test_r_squared_of_least_squares_is_the_squared_correlation():
    x, y = gdlib.make_line_data(n=50, seed=8)
    (m, b), *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    correlation = np.corrcoef(x, y)[0, 1]
    assert gdlib.r_squared(y, m * x + b) == pytest.approx(correlation**2, rel=1e-10)


def test_r_squared_checks_its_inputs():
    with pytest.raises(ValueError, match="same"):
        gdlib.r_squared([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="y_pred"):
        gdlib.r_squared([1.0, 2.0], [1.0, np.nan])


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 300), st.floats(0.01, 0.99), st.integers(0, 2**32 - 1))
def test_split_is_disjoint_covers_everything_and_keeps_pairs(n, fraction, seed):
    x = np.arange(n, dtype=float)  # each value names its point
    y = 10 * x
    x_train, x_test, y_train, y_test = gdlib.train_test_split(
        x, y, test_fraction=fraction, seed=seed
    )
    assert sorted(x_train.tolist() + x_test.tolist()) == x.tolist()
    assert not set(x_train.tolist()) & set(x_test.tolist())
    assert len(x_test) == min(max(round(fraction * n), 1), n - 1)
    np.testing.assert_array_equal(y_train, 10 * x_train)
    np.testing.assert_array_equal(y_test, 10 * x_test)


def test_split_is_seeded():
    x, y = gdlib.make_line_data(n=50, seed=1)
    first = gdlib.train_test_split(x, y, test_fraction=0.2, seed=5)
    again = gdlib.train_test_split(x, y, test_fraction=0.2, seed=5)
    other = gdlib.train_test_split(x, y, test_fraction=0.2, seed=6)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[1], other[1])


def test_split_shuffles_rows_of_a_matrix():
    X = np.arange(20.0).reshape(10, 2)
    y = X[:, 0]
    X_train, X_test, y_train, y_test = gdlib.train_test_split(X, y, test_fraction=0.3, seed=0)
    np.testing.assert_array_equal(X_train[:, 0], y_train)
    assert X_train.shape == (7, 2) and X_test.shape == (3, 2)
    np.testing.assert_array_equal(X_test[:, 0], y_test)


def test_split_checks_its_inputs():
    with pytest.raises(ValueError, match="test_fraction"):
        gdlib.train_test_split([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], test_fraction=1.0)
    with pytest.raises(ValueError, match="test_fraction"):
        gdlib.train_test_split([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], test_fraction=0.0)
    with pytest.raises(ValueError, match="at least 2"):
        gdlib.train_test_split([1.0], [1.0], test_fraction=0.5)
    with pytest.raises(ValueError, match="same"):
        gdlib.train_test_split([1.0, 2.0], [1.0, 2.0, 3.0], test_fraction=0.5)
    with pytest.raises(TypeError, match="seed"):
        gdlib.train_test_split([1.0, 2.0], [1.0, 2.0], test_fraction=0.5, seed=1.5)


def python_epochs_to_reach(path, optimum, tolerance):
    norm = sum(v * v for v in optimum) ** 0.5
    answer = None
    for epoch, point in enumerate(path):
        distance = sum((p - o) ** 2 for p, o in zip(point, optimum, strict=True)) ** 0.5
        if distance > tolerance * norm:
            answer = None
        elif answer is None:
            answer = epoch
    return answer


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(values.map(lambda v: v[0]), values.map(lambda v: v[1])), min_size=1))
def test_epochs_to_reach_matches_plain_python(points):
    optimum = [1.0, 2.0]
    path = [(1.0 + a / 100, 2.0 + b / 100) for a, b in points]
    expected = python_epochs_to_reach(path, optimum, 0.2)
    assert gdlib.epochs_to_reach(path, optimum, relative_tolerance=0.2) == expected


def test_epochs_to_reach_of_a_descent():
    x, y = gdlib.make_line_data(n=40, seed=2)
    (m, b), *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    result = gdlib.gradient_descent(x, y, gdlib.optimal_learning_rate(x), 5000)
    path = np.column_stack([result.history.m, result.history.b])
    epochs = gdlib.epochs_to_reach(path, [m, b], relative_tolerance=1e-6)
    assert 0 < epochs < 5000
    assert np.hypot(path[epochs:, 0] - m, path[epochs:, 1] - b).max() <= 1e-6 * np.hypot(m, b)
    assert np.hypot(path[epochs - 1, 0] - m, path[epochs - 1, 1] - b) > 1e-6 * np.hypot(m, b)
    assert gdlib.epochs_to_reach(path[:3], [m, b], relative_tolerance=1e-6) is None
