"""Ridge regression (gdlib.ridge) against its closed form and finite differences.

Convention tested here: cost = MSE + lam * ||w||^2, the intercept not penalised; the
closed form on centred data is w = (Xc^T Xc + N lam I)^-1 Xc^T yc, b = mean(y) - mean(X) w.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib


def problem(seed=0, n=30, k=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, k)) + rng.normal(size=k)  # columns not centred
    y = X @ rng.normal(size=k) + 2.0 + rng.normal(size=n)
    return X, y


def test_cost_is_mse_plus_the_penalty_on_w_only():
    X, y = problem()
    w, b = np.array([0.5, -1.0, 2.0]), 3.0
    mse = np.mean((X @ w + b - y) ** 2)
    assert gdlib.ridge_mse(X, y, w, b, lam=0.7) == pytest.approx(mse + 0.7 * w @ w, rel=1e-14)
    assert gdlib.ridge_mse(X, y, w, b, lam=0.0) == pytest.approx(mse, rel=1e-14)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.0, 0.01, 3.0]))
def test_gradient_matches_finite_differences(seed, lam):
    X, y = problem(seed, n=12)
    rng = np.random.default_rng(seed + 1)
    w, b = rng.normal(size=3), float(rng.normal())
    dw, db = gdlib.ridge_gradient(X, y, w, b, lam=lam)
    theta, h = np.r_[w, b], 1e-6
    numeric = []
    for j in range(4):
        e = np.zeros(4)
        e[j] = h
        up, down = theta + e, theta - e
        numeric.append(
            (
                gdlib.ridge_mse(X, y, up[:3], up[3], lam=lam)
                - gdlib.ridge_mse(X, y, down[:3], down[3], lam=lam)
            )
            / (2 * h)
        )
    assert np.allclose(np.r_[dw, db], numeric, rtol=1e-6, atol=1e-6)


def test_hessian_adds_2_lam_to_the_weights_diagonal_only():
    X, _ = problem()
    A = np.column_stack([X, np.ones(len(X))])
    H = gdlib.ridge_hessian(X, lam=0.25)
    assert np.allclose(H, 2 / len(X) * A.T @ A + np.diag([0.5, 0.5, 0.5, 0.0]), atol=1e-13)
    # centred columns: the weights' eigenvalues move up by exactly 2 lam
    Xc = X - X.mean(axis=0)
    plain = np.linalg.eigvalsh(gdlib.ridge_hessian(Xc, lam=0.0)[:3, :3])
    shifted = np.linalg.eigvalsh(gdlib.ridge_hessian(Xc, lam=0.25)[:3, :3])
    assert np.allclose(shifted, plain + 0.5, atol=1e-12)


@pytest.mark.parametrize("lam", [0.0, 0.05, 2.0])
def test_closed_form_matches_an_augmented_least_squares_solve(lam):
    # independent reference: ridge = least squares on [A; sqrt(N lam) [I 0]], [y; 0]
    X, y = problem(4)
    n, k = X.shape
    A = np.column_stack([X, np.ones(n)])
    penalty = np.sqrt(n * lam) * np.column_stack([np.eye(k), np.zeros(k)])
    theta = np.linalg.lstsq(np.vstack([A, penalty]), np.r_[y, np.zeros(k)], rcond=None)[0]
    w, b = gdlib.ridge_closed_form(X, y, lam=lam)
    assert np.allclose(w, theta[:k], atol=1e-10) and b == pytest.approx(theta[k], abs=1e-10)
    dw, db = gdlib.ridge_gradient(X, y, w, b, lam=lam)
    assert np.linalg.norm(np.r_[dw, db]) < 1e-10


def test_lam_zero_is_least_squares_and_large_lam_shrinks_to_the_mean():
    X, y = problem(5)
    w0, b0 = gdlib.ridge_closed_form(X, y, lam=0.0)
    w_ls, b_ls = gdlib.least_squares(X, y)
    assert np.allclose(w0, w_ls, atol=1e-10) and b0 == pytest.approx(b_ls, abs=1e-10)
    w_big, b_big = gdlib.ridge_closed_form(X, y, lam=1e9)
    assert np.abs(w_big).max() < 1e-7 and b_big == pytest.approx(y.mean(), abs=1e-6)


def test_one_feature_returns_floats():
    x = np.array([0.0, 1.0, 2.0, 3.0])
    y = np.array([1.0, 2.9, 5.2, 7.0])
    m, b = gdlib.ridge_closed_form(x, y, lam=0.1)
    assert isinstance(m, float) and isinstance(b, float)
    # one centred feature: m = Sxy / (Sxx + N lam)
    xc, yc = x - x.mean(), y - y.mean()
    assert m == pytest.approx(xc @ yc / (xc @ xc + 4 * 0.1), rel=1e-13)
    dm, db = gdlib.ridge_gradient(x, y, m, b, lam=0.1)
    assert abs(dm) < 1e-12 and abs(db) < 1e-12


def test_descent_reaches_the_closed_form_and_steps_like_plain_descent_at_lam_zero():
    X, y = problem(6)
    H = gdlib.ridge_hessian(X, lam=0.1)
    rate = 1.0 / np.linalg.eigvalsh(H)[-1]
    result = gdlib.ridge_descent(X, y, rate, 20_000, lam=0.1, tolerance=1e-11)
    w, b = gdlib.ridge_closed_form(X, y, lam=0.1)
    assert result.converged and np.allclose(result.w, w, atol=1e-9)
    assert result.b == pytest.approx(b, abs=1e-9)
    plain = gdlib.gradient_descent(X, y, 0.01, 20)
    ridge0 = gdlib.ridge_descent(X, y, 0.01, 20, lam=0.0)
    assert np.allclose(ridge0.history.w, plain.history.w, rtol=1e-12, atol=1e-14)
    one = gdlib.ridge_descent(X[:, 0], y, 0.01, 3, lam=0.1)
    assert one.history.m.shape == (4,) and isinstance(one.m, float)


def test_kfold_indices_partition_the_points():
    splits = gdlib.kfold_indices(23, folds=5, seed=1)
    validation = np.concatenate([v for _, v in splits])
    assert sorted(validation.tolist()) == list(range(23))
    for train, valid in splits:
        assert set(train).isdisjoint(valid) and len(train) + len(valid) == 23
    assert {len(v) for _, v in splits} == {4, 5}


def test_errors_name_the_argument():
    with pytest.raises(
        ValueError, match=r"lam must be 0 or more; got -0.1. lam is the ridge strength"
    ):
        gdlib.ridge_mse([0.0, 1.0], [0.0, 1.0], 1.0, 0.0, lam=-0.1)
    with pytest.raises(TypeError, match="lam must be a single real number"):
        gdlib.ridge_closed_form([0.0, 1.0], [0.0, 1.0], lam="big")
    with pytest.raises(ValueError, match="folds must be between 2 and n"):
        gdlib.kfold_indices(3, folds=5, seed=0)
    with pytest.raises(TypeError, match="folds must be an int"):
        gdlib.kfold_indices(10, folds=2.5, seed=0)


def test_descent_returns_the_core_result_and_its_objective_is_ridge_mse():
    X, y = problem(7)
    result = gdlib.ridge_descent(X, y, 0.01, 5, lam=0.3)
    assert type(result) is gdlib.DescentResult
    with pytest.raises(AttributeError, match="only for one feature"):
        _ = result.m
    cost, dw, db = gdlib.ridge_objective(X, y, lam=0.3)(result.w, result.b)
    assert cost == pytest.approx(gdlib.ridge_mse(X, y, result.w, result.b, lam=0.3), rel=1e-14)
    assert cost == pytest.approx(result.cost, rel=1e-14)
    assert np.allclose(
        np.r_[dw, db], np.r_[gdlib.ridge_gradient(X, y, result.w, result.b, lam=0.3)]
    )


def test_divergence_names_the_ridge_hessian_and_its_limit():
    X, y = problem(8)
    limit = 2.0 / np.linalg.eigvalsh(gdlib.ridge_hessian(X, lam=0.5))[-1]
    with pytest.warns(gdlib.DivergenceWarning, match="ridge descent diverged") as caught:
        result = gdlib.ridge_descent(X, y, 1.5 * limit, 200, lam=0.5)
    message = str(caught[0].message)
    assert result.diverged and "ridge Hessian" in message and "MSE Hessian" not in message
    assert f"{limit:.6g}" in message
