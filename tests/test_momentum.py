"""Momentum descent against plain Python loops, numpy.linalg.lstsq and the theory of quadratics."""

from __future__ import annotations

import warnings

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


def design(X):
    """[X 1]: the design matrix with a column of ones for the intercept."""
    X = np.asarray(X, dtype=float).reshape(len(X), -1)
    return np.column_stack([X, np.ones(len(X))])


def lstsq(X, y):
    return np.linalg.lstsq(design(X), y, rcond=None)[0]


def hessian_eigenvalues(X):
    """Eigenvalues of (2/N) A^T A, A = [X 1], computed here from scratch."""
    A = design(X)
    return np.linalg.eigvalsh(2.0 / len(A) * A.T @ A)


def python_momentum(x, y, learning_rate, beta, epochs, nesterov, m=0.0, b=0.0):
    """The update rules written out in plain Python, one data point at a time."""
    n = len(x)
    vm = vb = 0.0
    path = [(m, b)]
    for _ in range(epochs):
        pm, pb = (m + beta * vm, b + beta * vb) if nesterov else (m, b)
        residuals = [yi - (pm * xi + pb) for xi, yi in zip(x, y, strict=True)]
        dm = -2.0 / n * sum(xi * ri for xi, ri in zip(x, residuals, strict=True))
        db = -2.0 / n * sum(residuals)
        vm, vb = beta * vm - learning_rate * dm, beta * vb - learning_rate * db
        m, b = m + vm, b + vb
        path.append((m, b))
    return np.array(path)


def iteration_matrix(h, beta, nesterov):
    """Linear map of (distance to optimum, velocity) along a direction of curvature h/eta."""
    if nesterov:
        return np.array([[1 - h, beta * (1 - h)], [-h, beta * (1 - h)]])
    return np.array([[1 - h, beta], [-h, beta]])


def spectral_radius(x, learning_rate, beta, nesterov):
    return max(
        np.abs(np.linalg.eigvals(iteration_matrix(learning_rate * lam, beta, nesterov))).max()
        for lam in hessian_eigenvalues(x)
    )


def test_nesterov_first_steps_by_hand():
    """x = [0, 1], y = [1, 3], eta = 1/4, beta = 1/2: every number is an exact binary fraction.

    Step 1: look-ahead (0, 0), gradient (-3, -4), v = (3/4, 1), theta = (3/4, 1).
    Step 2: look-ahead (9/8, 3/2), residuals (-1/2, 3/8), gradient (-3/8, 1/8),
    v = (15/32, 15/32), theta = (39/32, 47/32).
    """
    result = gdlib.momentum_descent([0.0, 1.0], [1.0, 3.0], 0.25, 2, beta=0.5, nesterov=True)
    assert result.history.m.tolist() == [0.0, 0.75, 39 / 32]
    assert result.history.b.tolist() == [0.0, 1.0, 47 / 32]


def test_heavy_ball_first_steps_by_hand():
    """Same problem, heavy ball: step 2 takes the gradient at theta = (3/4, 1), not ahead.

    Residuals (0, 5/4), gradient (-5/4, -5/4), v = (3/8 + 5/16, 1/2 + 5/16) = (11/16, 13/16).
    """
    result = gdlib.momentum_descent([0.0, 1.0], [1.0, 3.0], 0.25, 2, beta=0.5)
    assert result.history.m.tolist() == [0.0, 0.75, 0.75 + 11 / 16]
    assert result.history.b.tolist() == [0.0, 1.0, 1.0 + 13 / 16]


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 40), st.booleans(), st.floats(0.0, 0.95))
def test_matches_plain_python_loop(seed, n, nesterov, beta):
    x, y = random_line_data(seed, n)
    m0, b0 = np.random.default_rng(seed + 1).normal(size=2)
    learning_rate = 0.5 * gdlib.stability_limit(x)  # stable for every beta in [0, 1)
    result = gdlib.momentum_descent(
        x, y, learning_rate, 25, beta=beta, nesterov=nesterov, w=m0, b=b0
    )
    path = python_momentum(x.tolist(), y.tolist(), learning_rate, beta, 25, nesterov, m0, b0)
    scale = np.abs(path).max(axis=1)
    assert np.all(np.abs(result.history.m - path[:, 0]) <= 1e-10 * scale)
    assert np.all(np.abs(result.history.b - path[:, 1]) <= 1e-10 * scale)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 60), st.booleans(), st.floats(0.05, 1.2))
def test_beta_zero_is_plain_gradient_descent_exactly(seed, n, nesterov, fraction):
    x, y = random_line_data(seed, n)
    learning_rate = fraction * gdlib.stability_limit(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gdlib.DivergenceWarning)
        plain = gdlib.gradient_descent(x, y, learning_rate, 60, w=0.5, b=-1.0)
        momentum = gdlib.momentum_descent(
            x, y, learning_rate, 60, beta=0.0, nesterov=nesterov, w=0.5, b=-1.0
        )
    np.testing.assert_array_equal(momentum.history.m, plain.history.m)
    np.testing.assert_array_equal(momentum.history.b, plain.history.b)
    np.testing.assert_array_equal(momentum.history.cost, plain.history.cost)
    assert (momentum.m, momentum.b, momentum.cost) == (plain.m, plain.b, plain.cost)
    assert momentum.diverged == plain.diverged


def test_beta_zero_is_plain_gradient_descent_with_many_features():
    X, y = np.random.default_rng(3).normal(size=(30, 3)), np.arange(30.0)
    plain = gdlib.gradient_descent(X, y, 0.1, 50, tolerance=1e-3)
    for nesterov in (False, True):
        momentum = gdlib.momentum_descent(
            X, y, 0.1, 50, beta=0.0, nesterov=nesterov, tolerance=1e-3
        )
        np.testing.assert_array_equal(momentum.history.w, plain.history.w)
        np.testing.assert_array_equal(momentum.history.cost, plain.history.cost)
        assert momentum.epochs_run == plain.epochs_run
        assert momentum.converged == plain.converged


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 100), st.booleans())
def test_reaches_lstsq_with_theory_parameters(seed, n, nesterov):
    x, y = random_line_data(seed, n)
    optimum = lstsq(x, y)
    low = hessian_eigenvalues(x)[0]
    choose = gdlib.nesterov_parameters if nesterov else gdlib.heavy_ball_parameters
    learning_rate, beta = choose(x)
    # |theta - theta*| <= |gradient| / lambda_min, so this tolerance guarantees 1e-8 relative.
    tolerance = 1e-8 * low * np.linalg.norm(optimum)
    result = gdlib.momentum_descent(
        x, y, learning_rate, 100_000, beta=beta, nesterov=nesterov, tolerance=tolerance
    )
    assert result.converged
    assert np.hypot(result.m - optimum[0], result.b - optimum[1]) <= 1e-6 * np.linalg.norm(optimum)


@pytest.mark.parametrize("nesterov", [False, True])
def test_reaches_lstsq_with_many_features(nesterov):
    rng = np.random.default_rng(7)
    X = rng.normal(size=(80, 3)) * [1.0, 5.0, 0.2] + [2.0, -1.0, 0.0]
    y = X @ [1.5, -0.5, 3.0] + 2.0 + rng.normal(size=80)
    optimum = lstsq(X, y)
    choose = gdlib.nesterov_parameters if nesterov else gdlib.heavy_ball_parameters
    learning_rate, beta = choose(X)
    result = gdlib.momentum_descent(X, y, learning_rate, 20_000, beta=beta, nesterov=nesterov)
    found = np.append(result.w, result.b)
    assert np.linalg.norm(found - optimum) <= 1e-6 * np.linalg.norm(optimum)


def test_heavy_ball_beats_plain_descent_on_an_ill_conditioned_problem():
    """The raw study data (x in [0, 10)): condition number about 170."""
    x, y = gdlib.make_line_data(n=100, m=3.0, b=4.0, noise=1.0, seed=0)
    assert gdlib.condition_number(x) > 100
    optimum = lstsq(x, y)

    def epochs_needed(result):
        path = np.column_stack([result.history.m, result.history.b])
        distance = np.linalg.norm(path - optimum, axis=1) / np.linalg.norm(optimum)
        outside = np.flatnonzero(distance > 1e-6)
        assert outside[-1] < len(distance) - 1, "did not reach the optimum"
        return outside[-1] + 1

    plain = gdlib.gradient_descent(x, y, gdlib.optimal_learning_rate(x), 3000)
    learning_rate, beta = gdlib.heavy_ball_parameters(x)
    heavy = gdlib.momentum_descent(x, y, learning_rate, 3000, beta=beta)
    learning_rate, beta = gdlib.nesterov_parameters(x)
    nesterov = gdlib.momentum_descent(x, y, learning_rate, 3000, beta=beta, nesterov=True)
    assert epochs_needed(heavy) < epochs_needed(plain) / 5
    assert epochs_needed(nesterov) < epochs_needed(plain) / 5


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 50))
def test_heavy_ball_parameters_give_the_theory_rate(seed, n):
    """With Polyak's parameters every direction contracts at exactly sqrt(beta) per epoch."""
    x, _ = random_line_data(seed, n)
    low, high = hessian_eigenvalues(x)
    learning_rate, beta = gdlib.heavy_ball_parameters(x)
    assert learning_rate == pytest.approx(4 / (np.sqrt(high) + np.sqrt(low)) ** 2, rel=1e-9)
    kappa = high / low
    assert beta == pytest.approx(((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2, rel=1e-6)
    for lam in (low, high):
        matrix = iteration_matrix(learning_rate * lam, beta, nesterov=False)
        assert np.abs(np.linalg.eigvals(matrix)).max() == pytest.approx(np.sqrt(beta), rel=1e-4)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 50), st.floats(0.0, 0.99), st.booleans())
def test_stability_limit_matches_the_spectral_radius(seed, n, beta, nesterov):
    x, _ = random_line_data(seed, n)
    limit = gdlib.momentum_stability_limit(x, beta, nesterov=nesterov)
    assert spectral_radius(x, 0.999 * limit, beta, nesterov) < 1
    assert spectral_radius(x, 1.001 * limit, beta, nesterov) > 1


def test_stability_limit_with_beta_zero_is_plain_descents():
    x, _ = gdlib.make_line_data(n=20, seed=2)
    for nesterov in (False, True):
        limit = gdlib.momentum_stability_limit(x, 0.0, nesterov=nesterov)
        assert limit == pytest.approx(gdlib.stability_limit(x), rel=1e-12)


@pytest.mark.parametrize("nesterov", [False, True])
def test_warns_just_above_the_limit(nesterov):
    x, y = gdlib.make_line_data(n=50, seed=4)
    limit = gdlib.momentum_stability_limit(x, 0.8, nesterov=nesterov)
    gdlib.momentum_descent(
        x, y, 0.99 * limit, 3000, beta=0.8, nesterov=nesterov
    )  # no warning (filter: error)
    with pytest.warns(gdlib.DivergenceWarning, match="stability limit"):
        result = gdlib.momentum_descent(x, y, 1.02 * limit, 3000, beta=0.8, nesterov=nesterov)
    assert result.diverged


def test_overflow_stops_and_warns():
    x, y = gdlib.make_line_data(n=50, seed=4)
    with pytest.warns(gdlib.DivergenceWarning, match="overflowed"):
        result = gdlib.momentum_descent(x, y, 10.0, 10_000, beta=0.9, nesterov=True)
    assert result.diverged
    assert result.epochs_run < 10_000
    assert np.all(np.isfinite(result.history.cost))
    assert len(result.history.m) == result.epochs_run + 1


def test_history_has_the_shape_of_gradient_descents():
    x, y = gdlib.make_line_data(n=10, seed=1)
    result = gdlib.momentum_descent(x, y, 0.01, 5, beta=0.9, w=1.5, b=-2.0)
    assert isinstance(result, gdlib.DescentResult)
    assert (result.history.m[0], result.history.b[0]) == (1.5, -2.0)
    assert result.history.cost[0] == gdlib.mse(x, y, 1.5, -2.0)
    assert len(result.history.m) == len(result.history.b) == len(result.history.cost) == 6
    assert result.epochs_run == 5 and not result.converged
    linear = gdlib.momentum_descent(x[:, None], y, 0.01, 5, beta=0.9, w=[1.5], b=-2.0)
    assert isinstance(linear, gdlib.DescentResult)
    assert linear.history.w.shape == (6, 1)
    np.testing.assert_array_equal(linear.history.w[:, 0], result.history.m)


def test_tolerance_stops_early():
    x, y = gdlib.make_line_data(n=30, seed=5)
    learning_rate, beta = gdlib.heavy_ball_parameters(x)
    result = gdlib.momentum_descent(x, y, learning_rate, 10_000, beta=beta, tolerance=1e-6)
    assert result.converged and result.epochs_run < 10_000
    dm, db = gdlib.mse_gradient(x, y, result.m, result.b)
    assert np.hypot(dm, db) <= 1e-6


@pytest.mark.parametrize("beta", [1.0, -0.1, 1.5])
def test_rejects_beta_outside_zero_one(beta):
    with pytest.raises(ValueError, match=r"beta .* \[0, 1\)"):
        gdlib.momentum_descent([0.0, 1.0], [1.0, 2.0], 0.1, 10, beta=beta)


def test_rejects_bad_inputs():
    with pytest.raises(TypeError, match="beta"):
        gdlib.momentum_descent([0.0, 1.0], [1.0, 2.0], 0.1, 10, beta="0.9")
    with pytest.raises(TypeError, match="nesterov"):
        gdlib.momentum_descent([0.0, 1.0], [1.0, 2.0], 0.1, 10, beta=0.9, nesterov="yes")
    with pytest.raises(ValueError, match="learning_rate"):
        gdlib.momentum_descent([0.0, 1.0], [1.0, 2.0], -0.1, 10, beta=0.9)
    with pytest.raises(ValueError, match="same"):
        gdlib.momentum_descent([0.0, 1.0], [1.0, 2.0, 3.0], 0.1, 10, beta=0.9)
    with pytest.raises(ValueError, match="w must have"):
        gdlib.momentum_descent([[0.0], [1.0]], [1.0, 2.0], 0.1, 10, beta=0.9, w=[1.0, 2.0])
    with pytest.raises(ValueError, match="singular"):
        gdlib.heavy_ball_parameters([2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="singular"):
        gdlib.nesterov_parameters([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 50), st.floats(0.05, 1.5))
def test_momentum_contraction_factor_without_momentum_is_plain_descents(seed, n, fraction):
    x, _ = random_line_data(seed, n)
    learning_rate = fraction * gdlib.stability_limit(x)
    expected = np.abs(1 - learning_rate * hessian_eigenvalues(x)).max()
    assert gdlib.contraction_factor(x, learning_rate) == pytest.approx(expected, rel=1e-9)
    for nesterov in (False, True):
        rate = gdlib.momentum_contraction_factor(x, learning_rate, beta=0.0, nesterov=nesterov)
        assert rate == pytest.approx(expected, rel=1e-9)


def test_momentum_contraction_factor_of_the_theory_parameters():
    x, _ = gdlib.make_line_data(n=100, seed=0)
    kappa = gdlib.condition_number(x)
    learning_rate, beta = gdlib.heavy_ball_parameters(x)
    expected = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    assert gdlib.momentum_contraction_factor(x, learning_rate, beta=beta) == pytest.approx(
        expected, rel=1e-4
    )
    plain = gdlib.momentum_contraction_factor(x, gdlib.optimal_learning_rate(x))
    assert plain == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-9)


@pytest.mark.parametrize(("beta", "nesterov"), [(0.0, False), (0.5, False), (0.8, True)])
def test_momentum_contraction_factor_matches_a_measured_run(beta, nesterov):
    """The distance to the optimum shrinks, over many epochs, at the predicted rate."""
    x, y = gdlib.make_line_data(n=100, seed=0)
    optimum = lstsq(x, y)
    learning_rate = 0.5 * gdlib.momentum_stability_limit(x, beta, nesterov=nesterov)
    result = gdlib.momentum_descent(x, y, learning_rate, 600, beta=beta, nesterov=nesterov)
    path = np.column_stack([result.history.m, result.history.b])
    distance = np.linalg.norm(path - optimum, axis=1)
    measured = (distance[500] / distance[100]) ** (1 / 400)
    rate = gdlib.momentum_contraction_factor(x, learning_rate, beta=beta, nesterov=nesterov)
    assert measured == pytest.approx(rate, rel=2e-3)
