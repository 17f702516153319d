"""The Part III self-checks pass right answers and name each typical mistake."""

from __future__ import annotations

import numpy as np
import pytest

import gdlib


def ridge(penalty_m=lambda lam, m, n: 2 * lam * m, penalty_b=lambda lam, b: 0.0, swap=False):
    def gradient(x, y, m, b, lam):
        r = y - (m * x + b)
        dm = -2 * np.mean(x * r) + penalty_m(lam, m, len(x))
        db = -2 * np.mean(r) + penalty_b(lam, b)
        return (db, dm) if swap else (dm, db)

    return gradient


def ce(residual=lambda p, z, y: p - y, scale=lambda n: 1.0, swap=False, db_x=False, dm_no_x=False):
    def gradient(x, y, m, b):
        z = m * x + b
        p = 1 / (1 + np.exp(-z))
        r = residual(p, z, y) * scale(len(x))
        dm = np.mean(r) if dm_no_x else np.mean(r * x)
        db = np.mean(r * x) if db_x else np.mean(r)
        return (db, dm) if swap else (dm, db)

    return gradient


RIDGE_MISTAKES = {
    "no_penalty": ridge(penalty_m=lambda lam, m, n: 0.0),
    "penalty_half": ridge(penalty_m=lambda lam, m, n: lam * m),
    "penalty_sign": ridge(penalty_m=lambda lam, m, n: -2 * lam * m),
    "intercept_penalised": ridge(penalty_b=lambda lam, b: 2 * lam * b),
    "penalty_per_point": ridge(penalty_m=lambda lam, m, n: 2 * lam * m * n),
    "swapped": ridge(swap=True),
}
CE_MISTAKES = {
    "sign": ce(residual=lambda p, z, y: y - p),
    "line_not_probability": ce(residual=lambda p, z, y: z - y),
    "twice": ce(scale=lambda n: 2.0),
    "sum": ce(scale=lambda n: float(n)),
    "squared_error_of_p": ce(residual=lambda p, z, y: (p - y) * p * (1 - p)),
    "swapped": ce(swap=True),
    "db_has_x": ce(db_x=True),
    "dm_no_x": ce(dm_no_x=True),
}


@pytest.mark.parametrize(
    ("name", "right", "mistakes"),
    [("ridge_gradient", ridge(), RIDGE_MISTAKES), ("cross_entropy_gradient", ce(), CE_MISTAKES)],
)
def test_right_answers_pass_and_each_mistake_gets_its_hint(name, right, mistakes):
    assert gdlib.checks.judge(name, right, seed=0).passed
    for hint, mistake in mistakes.items():
        verdict = gdlib.checks.judge(name, mistake, seed=1)
        assert not verdict.passed and verdict.hint == hint, (hint, verdict.message)


def test_calling_gdlib_is_not_own_work():
    verdict = gdlib.checks.judge(
        "ridge_gradient", lambda x, y, m, b, lam: gdlib.ridge_gradient(x, y, m, b, lam=lam)
    )
    assert verdict.hint == "not_own_work"


# --- rmsprop_step (chapter 16) ------------------------------------------------------------


def rmsprop(keep=lambda beta2: beta2, add=lambda beta2: 1 - beta2, root=np.sqrt, old=False,
            sign=1.0, returned=lambda theta, s: (theta, s)):  # fmt: skip
    def step(theta, g, s, learning_rate, beta2, epsilon):
        new_s = keep(beta2) * s + add(beta2) * g * g
        divisor = root(s if old else new_s) + epsilon
        return returned(theta - sign * learning_rate * g / divisor, new_s)

    return step


RMSPROP_MISTAKES = {
    "no_one_minus_beta2": rmsprop(add=lambda beta2: 1.0),
    "adagrad_sum": rmsprop(keep=lambda beta2: 1.0, add=lambda beta2: 1.0),
    "no_sqrt": rmsprop(root=lambda s: s),
    "old_s": rmsprop(old=True),
    "uphill": rmsprop(sign=-1.0),
    "swapped": rmsprop(returned=lambda theta, s: (s, theta)),
    "no_s": rmsprop(returned=lambda theta, s: theta),
    "not_pair": rmsprop(returned=lambda theta, s: (theta, s, s)),
    "shape": rmsprop(returned=lambda theta, s: (theta[:, None], s)),
    "theta_wrong": rmsprop(root=lambda s: np.sqrt(s) * 1.5),
    "s_wrong": rmsprop(returned=lambda theta, s: (theta, s * 0.0)),
    "none": lambda theta, g, s, learning_rate, beta2, epsilon: None,
}


# --- newton_step (chapter 17) -------------------------------------------------------------


def newton(gradient_n=True, hessian_n=True, weighted=True, intercept=True, sign=1.0,
           solve=np.linalg.solve, returned=lambda w, b: (w, b)):  # fmt: skip
    def step(X, y, w, b):
        n = len(y)
        ones = [np.ones(n)] if intercept else []
        A = np.column_stack([X, *ones])
        p = 1 / (1 + np.exp(-(X @ w + b)))
        g = A.T @ (p - y) / (n if gradient_n else 1)
        d = p * (1 - p) if weighted else np.ones(n)
        H = (A.T * d) @ A / (n if hessian_n else 1)
        delta = sign * solve(H, g)
        if not intercept:
            return returned(w - delta, b)
        return returned(w - delta[:-1], b - delta[-1])

    return step


NEWTON_MISTAKES = {
    "missing_1_over_n": newton(gradient_n=False),
    "missing_1_over_n#hessian": newton(hessian_n=False),
    "no_weighting": newton(weighted=False),
    "no_intercept_column": newton(intercept=False),
    "uphill": newton(sign=-1.0),
    "gradient_step": newton(solve=lambda H, g: g),
    "hessian_times": newton(solve=lambda H, g: H @ g),
    "not_pair": newton(returned=lambda w, b: np.append(w, b)),
    "shape": newton(returned=lambda w, b: (w[:, None], b)),
    "array": newton(returned=lambda w, b: (w, np.full(3, b))),
    "exception": lambda X, y, w, b: (w - X.T, b),  # shapes do not broadcast
}


def test_the_rmsprop_reference_takes_the_steps_of_gdlib_rmsprop_descent():
    X, y = gdlib.make_linear_data(n=30, w=(2.0, -1.0), b=1.0, noise=0.3, seed=3)
    run = gdlib.rmsprop_descent(X, y, 0.05, 3, decay=0.8)
    theta, s = np.zeros(3), np.zeros(3)
    for _ in range(3):
        dw, db = gdlib.mse_gradient(X, y, theta[:2], theta[2])
        theta, s = rmsprop()(theta, np.append(dw, db), s, 0.05, 0.8, 1e-8)
    assert np.allclose(theta, np.append(run.w, run.b), rtol=1e-12, atol=1e-14)


def test_the_newton_reference_is_gdlib_newton_descent():
    X, y = gdlib.load_penguins(features=("bill_length_mm", "flipper_length_mm"))
    w, b = np.zeros(2), 0.0
    for _ in range(2):
        w, b = newton()(X, y, w, b)
    run = gdlib.newton_descent(X, y, 2, loss="cross_entropy")
    assert np.allclose(np.append(w, b), np.append(run.w, run.b), rtol=1e-9)


@pytest.mark.parametrize("name", ["rmsprop_step", "newton_step"])
def test_calling_gdlib_in_a_step_is_not_own_work(name):
    if name == "rmsprop_step":

        def uses_gdlib(theta, g, s, learning_rate, beta2, epsilon):
            gdlib.sigmoid(0.0)
            return rmsprop()(theta, g, s, learning_rate, beta2, epsilon)
    else:

        def uses_gdlib(X, y, w, b):
            p = gdlib.sigmoid(X @ w + b)  # gdlib's sigmoid: not own work
            A = np.column_stack([X, np.ones(len(y))])
            delta = np.linalg.solve((A.T * (p * (1 - p))) @ A, A.T @ (p - y))
            return w - delta[:-1], b - delta[-1]

    assert gdlib.checks.judge(name, uses_gdlib).hint == "not_own_work"


#: For tests/test_checks.py, which runs every check's table (hint -> known function).
PART3 = {
    "ridge_gradient": {"passed": ridge(), **RIDGE_MISTAKES},
    "cross_entropy_gradient": {"passed": ce(), **CE_MISTAKES},
    "rmsprop_step": {"passed": rmsprop(), **RMSPROP_MISTAKES},
    "newton_step": {"passed": newton(), **NEWTON_MISTAKES},
}
