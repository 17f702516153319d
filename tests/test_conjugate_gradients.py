"""gdlib.conjugate_gradients against numpy.linalg.solve, and its k-step property."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib


def spd(seed, k, log_kappa):
    """A random symmetric positive definite k x k matrix with condition number 10^log_kappa."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(k, k)))
    eigenvalues = np.geomspace(1.0, 10.0**-log_kappa, k) * 10.0 ** rng.uniform(-3, 3)
    A = (Q * eigenvalues) @ Q.T
    return (A + A.T) / 2, rng.normal(size=k) * 10.0 ** rng.uniform(-3, 3)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 30), st.floats(0, 6))
def test_matches_numpy_solve(seed, k, log_kappa):
    A, rhs = spd(seed, k, log_kappa)
    result = gdlib.conjugate_gradients(A, rhs, tolerance=1e-13 * np.linalg.norm(rhs))
    expected = np.linalg.solve(A, rhs)
    error = np.linalg.norm(result.x - expected) / np.linalg.norm(expected)
    assert error <= 1e-15 * 10.0**log_kappa * k + 1e-12
    assert len(result.history) == result.iterations + 1
    assert result.history[0] == pytest.approx(np.linalg.norm(rhs))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 12), st.floats(0, 1))
def test_finishes_in_at_most_k_steps(seed, k, log_kappa):
    """In exact arithmetic CG needs at most k steps. In floating point that holds up to
    round-off for well-conditioned matrices (condition number <= 10: residual <= 1e-12 |b|
    after k steps). Measured: at condition number 100 the residual after k steps can be
    5e-7 |b| (round-off spoils the conjugacy), and one or two more steps are needed."""
    A, rhs = spd(seed, k, log_kappa)
    result = gdlib.conjugate_gradients(A, rhs, tolerance=1e-12 * np.linalg.norm(rhs))
    assert result.converged and result.iterations <= k


def test_the_recurrences_on_a_small_example():
    """Two steps by hand on [[4, 1], [1, 3]] x = [1, 2] from x0 = (2, 1)."""
    A, b, x = np.array([[4.0, 1.0], [1.0, 3.0]]), np.array([1.0, 2.0]), np.array([2.0, 1.0])
    r = b - A @ x
    p = r.copy()
    for _ in range(2):
        alpha = (r @ r) / (p @ A @ p)
        x, r_next = x + alpha * p, r - alpha * (A @ p)
        p, r = r_next + (r_next @ r_next) / (r @ r) * p, r_next
    result = gdlib.conjugate_gradients(A, b, x0=[2.0, 1.0], max_iterations=2, tolerance=1e-300)
    np.testing.assert_allclose(result.x, x, rtol=1e-15)
    np.testing.assert_allclose(result.x, [1 / 11, 7 / 11], rtol=1e-14)
    assert result.iterations == 2


def test_starting_at_the_answer_takes_no_step():
    result = gdlib.conjugate_gradients([[2.0, 0.0], [0.0, 4.0]], [2.0, 4.0], x0=[1.0, 1.0])
    assert result.iterations == 0 and result.converged and result.x.tolist() == [1.0, 1.0]


def test_max_iterations_stops_and_reports():
    A, rhs = spd(3, 10, 4)
    result = gdlib.conjugate_gradients(A, rhs, max_iterations=3)
    assert result.iterations == 3 and not result.converged


@pytest.mark.parametrize(
    ("A", "rhs", "kwargs", "error", "match"),
    [
        ([[1.0, 2.0], [0.0, 1.0]], [1.0, 1.0], {}, ValueError, "symmetric"),
        ([[1.0, 0.0], [0.0, -1.0]], [0.0, 1.0], {}, ValueError, "positive definite"),
        ([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], [1.0, 1.0], {}, ValueError, "square"),
        ([[1.0, 0.0], [0.0, 1.0]], [1.0, 1.0, 1.0], {}, ValueError, "square"),
        ([[1.0, 0.0], [0.0, 1.0]], [1.0, 1.0], {"x0": [0.0]}, ValueError, "x0"),
        ([[1.0, 0.0], [0.0, 1.0]], [1.0, 1.0], {"max_iterations": 2.5}, TypeError, "int"),
        ([[1.0, 0.0], [0.0, 1.0]], [1.0, float("nan")], {}, ValueError, "rhs contains NaN"),
        ([["a"]], [1.0], {}, TypeError, "numbers"),
    ],
)
def test_bad_input_is_reported(A, rhs, kwargs, error, match):
    with pytest.raises(error, match=match):
        gdlib.conjugate_gradients(A, rhs, **kwargs)
