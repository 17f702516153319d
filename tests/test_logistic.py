"""Logistic regression (gdlib.logistic) and the penguin data (gdlib.penguins).

References are independent of the code under test: central finite differences for the
gradient and the Hessian, a closed form on a tiny data set, and a long Newton run written
here in a few lines of numpy.
"""

from __future__ import annotations

import csv
import hashlib
import re
import socket
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib

DATA = Path(gdlib.__file__).parent / "data"


def naive_cross_entropy(X, y, w, b, lam=0.0):
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    return float(np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p)) + lam * w @ w)


def problem(seed=0, n=40, k=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, k))
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(X @ np.arange(1.0, k + 1) - 0.5)))).astype(float)
    return X, y


def newton(X, y, lam=0.0, steps=50):
    """Reference: Newton's method on the cross-entropy, written independently."""
    A = np.column_stack([X, np.ones(len(X))])
    theta = np.zeros(A.shape[1])
    P = 2.0 * lam * np.diag(np.r_[np.ones(X.shape[1]), 0.0])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-A @ theta))
        g = A.T @ (p - y) / len(y) + P @ theta
        H = A.T @ (A * (p * (1 - p))[:, None]) / len(y) + P
        theta = theta - np.linalg.solve(H, g)
    return theta[:-1], theta[-1]


# -- sigmoid --------------------------------------------------------------------------------


def test_sigmoid_matches_the_formula_and_never_overflows():
    z = np.linspace(-30, 30, 61)
    assert np.allclose(gdlib.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-14, atol=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        extreme = gdlib.sigmoid(np.array([-1000.0, -745.0, 745.0, 1000.0]))
    assert extreme[0] == 0.0 and extreme[-1] == 1.0 and 0 < extreme[1] < 1e-300
    assert gdlib.sigmoid(0) == 0.5 and isinstance(gdlib.sigmoid(0), float)


@settings(max_examples=50, deadline=None)
@given(st.floats(-700, 700))
def test_sigmoid_symmetry(z):
    assert gdlib.sigmoid(z) + gdlib.sigmoid(-z) == pytest.approx(1.0, abs=1e-15)


# -- loss, gradient, Hessian ------------------------------------------------------------------


@pytest.mark.parametrize("lam", [0.0, 0.3])
def test_cross_entropy_equals_the_textbook_form(lam):
    X, y = problem()
    w, b = np.array([0.3, -0.2, 0.1]), 0.4
    assert gdlib.cross_entropy(X, y, w, b, lam=lam) == pytest.approx(
        naive_cross_entropy(X, y, w, b, lam), rel=1e-13
    )


def test_cross_entropy_is_finite_where_the_textbook_form_is_not():
    x, y = np.array([-1.0, 1.0]), np.array([1.0, 0.0])  # both points badly wrong
    value = gdlib.cross_entropy(x, y, 1000.0, 0.0)
    assert value == pytest.approx(1000.0, rel=1e-12)  # ln(1 + e^1000) ~ 1000


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.0, 0.5]))
def test_gradient_matches_finite_differences(seed, lam):
    X, y = problem(seed, n=15)
    rng = np.random.default_rng(seed)
    w, b = rng.normal(size=3), float(rng.normal())
    dw, db = gdlib.cross_entropy_gradient(X, y, w, b, lam=lam)
    h = 1e-6
    theta = np.r_[w, b]
    numeric = np.empty(4)
    for j in range(4):
        e = np.zeros(4)
        e[j] = h
        up, down = theta + e, theta - e
        numeric[j] = (
            gdlib.cross_entropy(X, y, up[:3], up[3], lam=lam)
            - gdlib.cross_entropy(X, y, down[:3], down[3], lam=lam)
        ) / (2 * h)
    assert np.allclose(np.r_[dw, db], numeric, atol=1e-8)


def test_one_feature_gradient_is_a_pair_of_floats_equal_to_the_matrix_form():
    X, y = problem(k=1)
    dm, db = gdlib.cross_entropy_gradient(X[:, 0], y, 0.7, -0.1, lam=0.2)
    dw, db2 = gdlib.cross_entropy_gradient(X, y, [0.7], -0.1, lam=0.2)
    assert isinstance(dm, float) and isinstance(db, float)
    assert dm == pytest.approx(dw[0], abs=1e-15) and db == pytest.approx(db2, abs=1e-15)


@pytest.mark.parametrize("lam", [0.0, 0.25])
def test_hessian_matches_finite_differences_of_the_gradient(lam):
    X, y = problem(3, n=20)
    w, b = np.array([0.2, -0.4, 0.3]), -0.3
    H = gdlib.cross_entropy_hessian(X, w, b, lam=lam)
    h = 1e-6
    theta = np.r_[w, b]
    numeric = np.empty((4, 4))
    for j in range(4):
        e = np.zeros(4)
        e[j] = h
        gu = np.r_[
            gdlib.cross_entropy_gradient(X, y, (theta + e)[:3], (theta + e)[3], lam=lam)[0],
            gdlib.cross_entropy_gradient(X, y, (theta + e)[:3], (theta + e)[3], lam=lam)[1],
        ]
        gd = np.r_[
            gdlib.cross_entropy_gradient(X, y, (theta - e)[:3], (theta - e)[3], lam=lam)[0],
            gdlib.cross_entropy_gradient(X, y, (theta - e)[:3], (theta - e)[3], lam=lam)[1],
        ]
        numeric[:, j] = (gu - gd) / (2 * h)
    assert np.allclose(H, numeric, atol=1e-8)
    assert np.allclose(H, H.T)
    assert np.linalg.eigvalsh(H)[0] >= -1e-14  # convex


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_curvature_bound_bounds_the_hessian_everywhere(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(12, 2)) * rng.uniform(0.1, 10, size=2)
    L = gdlib.logistic_curvature_bound(X, lam=0.1)
    H = gdlib.cross_entropy_hessian(X, rng.normal(size=2) * 3, float(rng.normal()), lam=0.1)
    assert np.linalg.eigvalsh(H)[-1] <= L * (1 + 1e-12)
    # equality at w = 0, b = 0 (p = 1/2 everywhere): the bound is attained
    H0 = gdlib.cross_entropy_hessian(X, np.zeros(2), 0.0)
    assert np.linalg.eigvalsh(H0)[-1] == pytest.approx(gdlib.logistic_curvature_bound(X), rel=1e-12)
    # and it is one eighth of the MSE Hessian's largest eigenvalue
    A = np.column_stack([X, np.ones(len(X))])
    assert gdlib.logistic_curvature_bound(X) == pytest.approx(
        np.linalg.eigvalsh(2 / len(X) * A.T @ A)[-1] / 8, rel=1e-12
    )
    assert gdlib.logistic_safe_learning_rate(X, lam=0.1) == pytest.approx(1 / L)


# -- descent against independent solutions ----------------------------------------------------


def test_closed_form_on_a_tiny_binary_feature_problem():
    # x in {0, 1}: the best model matches the observed share of 1s in each group, so
    # b* = logit(1/4) and w* = logit(2/3) - logit(1/4).
    x = np.array([0, 0, 0, 0, 1, 1, 1], dtype=float)
    y = np.array([1, 0, 0, 0, 1, 1, 0], dtype=float)
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    rate = 2 * gdlib.logistic_safe_learning_rate(x) * 0.9
    result = gdlib.logistic_descent(x, y, rate, 20_000, tolerance=1e-13)
    assert result.converged
    assert result.b == pytest.approx(logit(1 / 4), abs=1e-10)
    assert result.m == pytest.approx(logit(2 / 3) - logit(1 / 4), abs=1e-10)


@pytest.mark.parametrize("lam", [0.0, 0.05])
def test_descent_agrees_with_a_long_tight_newton_run(lam):
    X, y = problem(1, n=60, k=2)
    w_ref, b_ref = newton(X, y, lam)
    rate = gdlib.logistic_safe_learning_rate(X, lam=lam)
    result = gdlib.logistic_descent(X, y, rate, 50_000, lam=lam, tolerance=1e-12)
    assert result.converged and not result.diverged
    assert np.allclose(result.w, w_ref, atol=1e-9) and result.b == pytest.approx(b_ref, abs=1e-9)
    dw, db = gdlib.cross_entropy_gradient(X, y, w_ref, b_ref, lam=lam)
    assert np.linalg.norm(np.r_[dw, db]) < 1e-12


def test_descent_takes_the_steps_of_the_update_rule():
    X, y = problem(2, n=30, k=2)
    result = gdlib.logistic_descent(X, y, 0.5, 5, w=[0.1, 0.2], b=-0.1, lam=0.1)
    w, b = np.array([0.1, 0.2]), -0.1
    for t in range(5):
        assert np.allclose(result.history.w[t], w, atol=1e-15)
        dw, db = gdlib.cross_entropy_gradient(X, y, w, b, lam=0.1)
        w, b = w - 0.5 * dw, b - 0.5 * db
    assert np.allclose(result.w, w, atol=1e-15) and result.b == pytest.approx(b, abs=1e-15)
    assert result.history.w.shape == (6, 2) and result.history.cost.shape == (6,)
    assert result.epochs_run == 5 and not result.converged
    assert result.cost == pytest.approx(gdlib.cross_entropy(X, y, w, b, lam=0.1))
    with pytest.raises(AttributeError, match="only for one feature"):
        _ = result.m
    with pytest.raises(AttributeError, match="only for one feature"):
        _ = result.history.m


def test_separable_data_weights_keep_growing_and_ridge_stops_them():
    x = np.array([-2.0, -1.0, 1.0, 2.0])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    short = gdlib.logistic_descent(x, y, 1.0, 300)
    long = gdlib.logistic_descent(x, y, 1.0, 3_000)
    assert long.m > short.m + 1.0 and long.cost < short.cost
    ridge_short = gdlib.logistic_descent(x, y, 1.0, 1_500, lam=0.01)
    ridge_long = gdlib.logistic_descent(x, y, 1.0, 3_000, lam=0.01)
    assert ridge_long.m == pytest.approx(ridge_short.m, rel=1e-9)


# -- errors -----------------------------------------------------------------------------------


def test_labels_other_than_0_and_1_are_refused_with_advice():
    with pytest.raises(ValueError, match=r"labels 0 and 1.*-1"):
        gdlib.cross_entropy([0.0, 1.0], [-1, 1], 0.0, 0.0)
    with pytest.raises(ValueError, match="y must hold"):
        gdlib.logistic_descent([0.0, 1.0], [0, 2], 0.1, 10)
    assert gdlib.check_labels([True, False]).tolist() == [1.0, 0.0]


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"lam must be 0 or more.*ridge strength"):
        gdlib.cross_entropy([0.0, 1.0], [0, 1], 0.0, 0.0, lam=-1)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        gdlib.logistic_descent([0.0, 1.0], [0, 1], 0.0, 10)
    with pytest.raises(ValueError, match="x and y"):
        gdlib.cross_entropy([0.0, 1.0, 2.0], [0, 1], 0.0, 0.0)
    with pytest.raises(ValueError, match="w must have one weight per feature"):
        gdlib.cross_entropy([[0.0, 1.0]], [1], [1.0], 0.0)
    with pytest.raises(TypeError, match="b must be a single real number"):
        gdlib.predict_probability([0.0], 1.0, "0")
    with pytest.raises(TypeError, match="z must contain real numbers"):
        gdlib.sigmoid(np.array(["a"]))


# -- the penguin data ------------------------------------------------------------------------


def test_penguins_file_matches_the_hash_in_the_provenance():
    provenance = (DATA / "penguins_PROVENANCE.md").read_text(encoding="utf-8")
    (recorded,) = re.findall(r"^sha256: `([0-9a-f]{64})`$", provenance, flags=re.MULTILINE)
    assert hashlib.sha256((DATA / "penguins.csv").read_bytes()).hexdigest() == recorded
    for needed in ("palmerpenguins", "0.1.6", "CC-0", "Gorman", "PLoS ONE"):
        assert needed in provenance


def test_penguins_load_offline_and_match_a_plain_csv_reader(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("load_penguins tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    X, y = gdlib.load_penguins()
    with open(DATA / "penguins.csv", newline="") as file:
        rows = [r for r in csv.DictReader(file) if r["species"] in ("Adelie", "Chinstrap")]
    rows = [r for r in rows if r["bill_length_mm"] != "NA"]
    assert X.shape == (len(rows), 2) == (219, 2)
    assert X[:, 0].tolist() == [float(r["bill_length_mm"]) for r in rows]
    assert y.tolist() == [float(r["species"] == "Chinstrap") for r in rows]
    x, y2 = gdlib.load_penguins(species=("Gentoo", "Adelie"), features="body_mass_g")
    assert x.ndim == 1 and len(x) == 274 and y2.sum() == 151


def test_penguins_bad_requests_are_explained():
    with pytest.raises(ValueError, match="choose from"):
        gdlib.load_penguins(species=("Adelie", "Emperor"))
    with pytest.raises(ValueError, match="choose from"):
        gdlib.load_penguins(features=("beak",))
    with pytest.raises(ValueError, match="two different"):
        gdlib.load_penguins(species=("Adelie", "Adelie"))


def test_descent_returns_the_core_result_and_uses_the_public_objective():
    X, y = gdlib.load_penguins(features=("bill_length_mm", "flipper_length_mm"))
    result = gdlib.logistic_descent(X, y, gdlib.logistic_safe_learning_rate(X), 3, lam=0.01)
    assert type(result) is gdlib.DescentResult
    cost_and_gradient = gdlib.cross_entropy_objective(X, y, lam=0.01)
    cost, dw, db = cost_and_gradient(result.w, result.b)
    assert cost == pytest.approx(result.cost, rel=1e-14)
    assert cost == pytest.approx(gdlib.cross_entropy(X, y, result.w, result.b, lam=0.01), rel=1e-14)
    gw, gb = gdlib.cross_entropy_gradient(X, y, result.w, result.b, lam=0.01)
    assert np.allclose(dw, gw, rtol=1e-14) and db == pytest.approx(gb, rel=1e-14)
    with pytest.raises(ValueError, match="y must hold"):
        gdlib.cross_entropy_objective(X, y * 2)


def test_divergence_speaks_of_the_curvature_bound_not_the_mse_hessian():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 2)) * 3.0
    y = (X[:, 0] + rng.normal(size=40) > 0).astype(float)
    limit = 2.0 / gdlib.logistic_curvature_bound(X)
    with pytest.warns(gdlib.DivergenceWarning, match="logistic descent diverged") as caught:
        result = gdlib.logistic_descent(X, y, 40 * limit, 300)
    message = str(caught[0].message)
    assert result.diverged and "MSE" not in message
    assert "logistic_curvature_bound" in message and f"{limit:.6g}" in message
