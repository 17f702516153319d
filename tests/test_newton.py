"""Newton's method (IRLS), Armijo backtracking and gdlib.objective, against independent references."""

from __future__ import annotations

import numpy as np
import pytest

import gdlib


def test_one_newton_step_solves_least_squares():
    X, y = gdlib.make_linear_data(n=50, w=(1.0, -2.0, 0.5), b=3.0, seed=4)
    X = X * np.array([1.0, 100.0, 0.01]) + 5.0  # badly scaled: no matter for Newton
    result = gdlib.newton_descent(X, y, 1, w=[1.0, 1.0, 1.0], b=-7.0)
    reference = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)[0]
    np.testing.assert_allclose(np.append(result.w, result.b), reference, rtol=1e-8)


def _finite_difference_gradient(f, w, b, h=1e-6):
    theta = np.append(w, b)
    grad = np.empty_like(theta)
    for j in range(len(theta)):
        e = np.zeros_like(theta)
        e[j] = h
        plus, minus = theta + e, theta - e
        grad[j] = (f.cost(plus[:-1], plus[-1]) - f.cost(minus[:-1], minus[-1])) / (2 * h)
    return grad


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_objective_gradient_and_hessian_match_finite_differences(loss):
    X, _ = gdlib.make_linear_data(n=30, w=(1.0, -1.0), seed=5)
    y = (X[:, 0] + 0.5 * np.random.default_rng(0).standard_normal(30) > 0).astype(float)
    f = gdlib.objective(X, y, loss=loss)
    w, b = np.array([0.3, -0.2]), 0.1
    dw, db = f.gradient(w, b)
    np.testing.assert_allclose(np.append(dw, db), _finite_difference_gradient(f, w, b), atol=1e-7)
    h = 1e-5
    columns = []
    for j in range(3):
        e = np.zeros(3)
        e[j] = h
        gp = np.append(*f.gradient(w + e[:2], b + e[2]))
        gm = np.append(*f.gradient(w - e[:2], b - e[2]))
        columns.append((gp - gm) / (2 * h))
    np.testing.assert_allclose(f.hessian(w, b), np.array(columns).T, atol=1e-7)


def test_irls_on_a_tiny_case_has_the_closed_form():
    # one binary feature: the fitted probabilities are the class frequencies in each group,
    # so b = logit(1/3) and w + b = logit(3/4)
    x = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0])
    result = gdlib.newton_descent(x, y, 30, loss="cross_entropy", tolerance=1e-14)
    assert result.converged
    assert result.b == pytest.approx(np.log(0.5), rel=1e-12)
    assert result.m + result.b == pytest.approx(np.log(3.0), rel=1e-12)


def test_newton_agrees_with_a_long_tight_descent_on_the_penguins():
    X, y = gdlib.load_penguins(features=("bill_length_mm", "flipper_length_mm"))
    Z = gdlib.standardise(X)[0]
    newton = gdlib.newton_descent(Z, y, 30, loss="cross_entropy", tolerance=1e-12)
    long_run = gdlib.backtracking_descent(Z, y, 3000, loss="cross_entropy")
    assert newton.converged and newton.epochs_run < 15
    assert 0 <= long_run.cost - newton.cost < 1e-7
    np.testing.assert_allclose(
        np.append(long_run.w, long_run.b), np.append(newton.w, newton.b), rtol=1e-2
    )


def test_armijo_step_satisfies_the_condition_and_is_the_largest_tried():
    x, y = gdlib.make_line_data(n=40, seed=1)
    f = gdlib.objective(x, y)
    w, b = np.array([0.0]), 0.0
    dw, db = f.gradient(w, b)
    t = gdlib.armijo_step(f, w, b, dw, db, initial_step=1.0, shrink=0.5)
    squared = dw @ dw + db * db
    assert f.cost(w - t * dw, b - t * db) <= f.cost(w, b) - 1e-4 * t * squared
    assert f.cost(w - 2 * t * dw, b - 2 * t * db) > f.cost(w, b) - 1e-4 * 2 * t * squared


def test_backtracking_reaches_least_squares_without_a_learning_rate():
    x, y = gdlib.make_line_data(n=60, x_max=2.0, seed=7)
    result = gdlib.backtracking_descent(x, y, 1000, tolerance=1e-8)
    m, b = np.polyfit(x, y, 1)
    assert result.converged
    assert result.m == pytest.approx(m, rel=1e-6) and result.b == pytest.approx(b, rel=1e-6)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: gdlib.objective([1.0, 2.0], [1.0, 2.0], loss=3), TypeError, "loss"),
        (lambda: gdlib.objective([1.0, 2.0], [1.0, 2.0], loss="l1"), ValueError, "loss"),
        (lambda: gdlib.objective([1.0, 2.0], [1.0], loss="mse"), ValueError, "same"),
        (lambda: gdlib.newton_descent([1.0, 2.0], [1.0, 3.0], 2, loss="cross_entropy"), ValueError, "0 and 1"),
        (lambda: gdlib.backtracking_descent([1.0, 2.0], [1.0, 2.0], 5, shrink=1.5), ValueError, "shrink"),
        (lambda: gdlib.backtracking_descent([1.0, 2.0], [1.0, 2.0], 5, initial_step=0), ValueError, "positive"),
        (lambda: gdlib.newton_descent([1.0, 2.0], [1.0, 2.0], 2.5), TypeError, "epochs"),
    ],
)  # fmt: skip
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
