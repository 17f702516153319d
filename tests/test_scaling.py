"""standardise, min_max_scale and unstandardise against plain-Python statistics and lstsq."""

from __future__ import annotations

import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib


def random_features(seed: int, n: int, k: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-1e3, 1e3, size=k)
    widths = 10.0 ** rng.uniform(-2, 3, size=k)
    return centres + widths * rng.standard_normal((n, k))


def lstsq_fit(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    theta, *_ = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)
    return theta[:-1], theta[-1]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 40), st.integers(1, 4))
def test_standardise_matches_plain_python_statistics(seed, n, k):
    X = random_features(seed, n, k)
    Z, mean, std = gdlib.standardise(X)
    # Rounding in z grows with |x| / sigma (a large offset, a small spread).
    rounding = 1e-13 * np.abs(X).max(axis=0) / std
    for j in range(k):
        column = X[:, j].tolist()
        mu, sigma = statistics.fmean(column), statistics.pstdev(column)
        assert mean[j] == pytest.approx(mu, rel=1e-12, abs=1e-9)
        assert std[j] == pytest.approx(sigma, rel=1e-9)
        expected = [(value - mu) / sigma for value in column]
        np.testing.assert_allclose(Z[:, j], expected, rtol=1e-7, atol=rounding[j])
    assert np.all(np.abs(Z.mean(axis=0)) <= rounding)
    np.testing.assert_allclose(Z.std(axis=0), 1.0, rtol=1e-9)


def test_one_feature_gives_a_vector_and_single_numbers():
    z, mean, std = gdlib.standardise([1.0, 2.0, 3.0, 6.0])
    assert z.shape == (4,) and np.ndim(mean) == 0 and np.ndim(std) == 0
    assert float(mean) == 3.0
    assert float(std) == pytest.approx(statistics.pstdev([1.0, 2.0, 3.0, 6.0]))


def test_new_data_is_scaled_with_the_training_statistics():
    x_train = [2.0, 4.0, 6.0, 8.0]
    _, mean, std = gdlib.standardise(x_train)
    z_new, mean_new, std_new = gdlib.standardise([5.0, 10.0], mean=mean, std=std)
    sigma = statistics.pstdev(x_train)
    np.testing.assert_allclose(z_new, [(5.0 - 5.0) / sigma, (10.0 - 5.0) / sigma])
    assert (float(mean_new), float(std_new)) == (float(mean), float(std))
    X = random_features(3, 10, 2)
    _, mean, std = gdlib.standardise(X)
    Z_new, _, _ = gdlib.standardise(X[:3] + 1.0, mean=mean, std=std)
    np.testing.assert_allclose(Z_new, (X[:3] + 1.0 - mean) / std)


@pytest.mark.parametrize(
    "X", [[0.1, 0.1, 0.1], [5.0], [[1.0, 2.0], [1.0, 3.0]], [[0.3, 1.0], [0.3, 1.0]]]
)
def test_constant_features_are_refused(X):
    with pytest.raises(ValueError, match="constant feature"):
        gdlib.standardise(X)
    with pytest.raises(ValueError, match="constant feature"):
        gdlib.min_max_scale(X)


def test_bad_statistics_are_refused():
    with pytest.raises(ValueError, match="give both mean and std"):
        gdlib.standardise([1.0, 2.0], mean=1.0)
    with pytest.raises(ValueError, match="mean must be a single number"):
        gdlib.standardise([1.0, 2.0], mean=[1.0], std=1.0)
    with pytest.raises(ValueError, match=r"std must be shape \(2,\)"):
        gdlib.standardise([[1.0, 2.0]], mean=[0.0, 0.0], std=1.0)
    with pytest.raises(ValueError, match="std must be positive"):
        gdlib.standardise([1.0, 2.0], mean=0.0, std=0.0)
    with pytest.raises(ValueError, match="high must be greater than low"):
        gdlib.min_max_scale([1.0, 2.0], low=3.0, high=3.0)
    with pytest.raises(ValueError, match="give both low and high"):
        gdlib.min_max_scale([1.0, 2.0], high=3.0)
    with pytest.raises(ValueError, match="X contains NaN"):
        gdlib.standardise([[1.0, np.nan], [2.0, 3.0]])
    with pytest.raises(TypeError, match="x must contain numbers"):
        gdlib.standardise("abc")


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 40), st.integers(1, 3))
def test_min_max_scale_matches_plain_python(seed, n, k):
    X = random_features(seed, n, k)
    Z, low, high = gdlib.min_max_scale(X)
    for j in range(k):
        column = X[:, j].tolist()
        lo, hi = min(column), max(column)
        assert (low[j], high[j]) == (lo, hi)
        np.testing.assert_allclose(Z[:, j], [(v - lo) / (hi - lo) for v in column], atol=1e-12)
    Z_again, _, _ = gdlib.min_max_scale(X, low=low, high=high)
    np.testing.assert_array_equal(Z_again, Z)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(5, 60), st.integers(1, 3))
def test_coefficients_fitted_on_z_convert_back_to_lstsq(seed, n, k):
    X = random_features(seed, n, k)
    rng = np.random.default_rng(seed + 1)
    y = X @ rng.normal(size=k) + rng.normal(0, 10) + rng.normal(size=n)
    w_star, b_star = lstsq_fit(X, y)
    for scale in (gdlib.standardise, gdlib.min_max_scale):
        Z, centre, other = scale(X)
        spread = other if scale is gdlib.standardise else other - centre
        w_z, b_z = lstsq_fit(Z, y)
        w, b = gdlib.unstandardise(w_z, b_z, mean=centre, std=spread)
        # Same line: same predictions, and the same coefficients up to the conditioning of X.
        np.testing.assert_allclose(X @ w + b, Z @ w_z + b_z, rtol=1e-8, atol=1e-8 * np.abs(y).max())
        np.testing.assert_allclose(w, w_star, rtol=1e-5, atol=1e-8 * np.abs(w_star).max())
        assert b == pytest.approx(b_star, rel=1e-5, abs=1e-6 * np.abs(y).max())


def test_one_feature_conversion_matches_the_formula():
    x, y = gdlib.make_line_data(n=50, seed=2)
    z, mu, sigma = gdlib.standardise(x)
    (m_z, b_z), *_ = np.linalg.lstsq(np.column_stack([z, np.ones_like(z)]), y, rcond=None)
    m, b = gdlib.unstandardise(m_z, b_z, mean=mu, std=sigma)
    assert isinstance(m, float) and isinstance(b, float)
    assert m == pytest.approx(m_z / sigma, rel=1e-15)
    assert b == pytest.approx(b_z - m_z * mu / sigma, rel=1e-14)
    slope, intercept = np.polyfit(x, y, 1)
    assert (m, b) == (pytest.approx(slope, rel=1e-10), pytest.approx(intercept, rel=1e-10))


def test_a_history_converts_point_by_point():
    x, y = gdlib.make_line_data(n=30, seed=4)
    z, mu, sigma = gdlib.standardise(x)
    result = gdlib.gradient_descent(z, y, learning_rate=0.3, epochs=20)
    m, b = gdlib.unstandardise(result.history.m, result.history.b, mean=mu, std=sigma)
    assert m.shape == b.shape == (21,)
    for i in [0, 1, 7, 20]:
        m_z, b_z = result.history.m[i], result.history.b[i]
        assert m[i] == pytest.approx(m_z / sigma, rel=1e-15, abs=1e-300)
        assert b[i] == pytest.approx(b_z - m_z * mu / sigma, rel=1e-14, abs=1e-300)
    # Many features: a (E, k) history of weights with a (E,) history of intercepts.
    X = random_features(5, 30, 2)
    Z, mean, std = gdlib.standardise(X)
    run = gdlib.gradient_descent(Z, y, learning_rate=0.1, epochs=10)
    w, b = gdlib.unstandardise(run.history.w, run.history.b, mean=mean, std=std)
    assert w.shape == (11, 2) and b.shape == (11,)
    np.testing.assert_allclose(w[-1], run.w / std)
    assert b[-1] == pytest.approx(run.b - float(run.w @ (mean / std)))


def test_unstandardise_shapes():
    assert gdlib.unstandardise(2.0, 5.0, mean=2.0, std=0.5) == (4.0, -3.0)
    w, b = gdlib.unstandardise([2.0], 5.0, mean=2.0, std=0.5)  # w of shape (1,)
    np.testing.assert_array_equal(w, [4.0])
    assert b == -3.0
    with pytest.raises(ValueError, match="one weight per feature"):
        gdlib.unstandardise([1.0, 2.0, 3.0], 0.0, mean=[0.0, 0.0], std=[1.0, 1.0])
    with pytest.raises(ValueError, match="std must be positive"):
        gdlib.unstandardise(1.0, 0.0, mean=0.0, std=-1.0)
