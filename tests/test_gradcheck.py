"""Finite-difference gradients and the gradient checker, against analytic derivatives."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib


def quadratic(A, c):
    """f(p) = p.A.p / 2 + c.p, whose gradient is (A + A^T) p / 2 + c."""
    return (lambda p: 0.5 * p @ A @ p + c @ p), (lambda p: 0.5 * (A + A.T) @ p + c)


def sines(p):
    return float(np.sum(np.sin(p)))


@settings(max_examples=50)
@given(st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_central_differences_are_exact_up_to_round_off_on_quadratics(k, seed):
    rng = np.random.default_rng(seed)
    A, c, p = rng.normal(size=(k, k)), rng.normal(size=k), rng.normal(size=k)
    f, gradient = quadratic(A, c)
    estimate = gdlib.numerical_gradient(f, p, h=1e-3)
    np.testing.assert_allclose(estimate, gradient(p), rtol=1e-8, atol=1e-9)
    assert gdlib.check_gradient(f, gradient, p, h=1e-4, rtol=1e-6, atol=1e-9).passed


def test_central_differences_of_sin_are_cos():
    p = np.array([0.3, 1.0, -2.0, 4.0])
    np.testing.assert_allclose(gdlib.numerical_gradient(sines, p, h=1e-5), np.cos(p), rtol=1e-9)
    result = gdlib.check_gradient(sines, np.cos, p, h=1e-5, rtol=1e-8)
    assert result.passed
    assert result.max_relative_error < 1e-8


def test_forward_error_is_h_times_half_the_second_derivative():
    # f(p) = p^2: (f(p + h) - f(p)) / h = 2p + h exactly, in exact arithmetic.
    for h in [1e-1, 1e-2, 1e-3]:
        (estimate,) = gdlib.numerical_gradient(lambda p: p[0] ** 2, [1.5], h=h, method="forward")
        assert estimate - 3.0 == pytest.approx(h, rel=1e-6)


def test_central_error_of_sin_shrinks_like_h_squared():
    # Taylor: the central difference is f' + h^2 f''' / 6 + ...; for sin, f''' = -cos.
    p = 1.0
    for h in [1e-1, 1e-2]:
        (estimate,) = gdlib.numerical_gradient(sines, [p], h=h)
        assert estimate - math.cos(p) == pytest.approx(-(h**2) * math.cos(p) / 6, rel=1e-2)


def test_the_checker_agrees_with_the_mse_gradient_of_gdlib():
    x, y = gdlib.make_line_data(n=30, seed=2)
    result = gdlib.check_gradient(
        lambda p: gdlib.mse(x, y, p[0], p[1]), lambda p: gdlib.mse_gradient(x, y, *p), [1.0, -2.0]
    )
    assert result.passed
    assert result.numerical.shape == result.analytic.shape == (2,)


@pytest.mark.parametrize(
    "wrong", [lambda p: -np.cos(p), lambda p: 2 * np.cos(p), lambda p: np.cos(p) / 2]
)
def test_the_checker_detects_sign_errors_and_wrong_factors(wrong):
    p = np.array([0.3, 1.0, -2.0])
    result = gdlib.check_gradient(sines, wrong, p, h=1e-5)
    assert not result.passed
    assert result.max_relative_error > 0.49


def test_the_checker_detects_one_wrong_component():
    A, c = np.diag([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 1.0])
    f, gradient = quadratic(A, c)

    def wrong(p):
        g = gradient(p)
        g[2] *= 2.0
        return g

    result = gdlib.check_gradient(f, wrong, [1.0, 1.0, 1.0])
    assert not result.passed
    assert result.max_relative_error == pytest.approx(0.5, rel=1e-6)


def test_atol_allows_noise_at_a_minimum():
    f, gradient = quadratic(np.eye(2), np.zeros(2))
    at_minimum = gdlib.check_gradient(f, gradient, [0.0, 0.0])
    assert at_minimum.passed  # both exactly 0
    shifted = gdlib.check_gradient(f, lambda p: gradient(p) + 1e-12, [0.0, 0.0])
    assert not shifted.passed
    assert gdlib.check_gradient(f, lambda p: gradient(p) + 1e-12, [0.0, 0.0], atol=1e-9).passed


def test_the_functions_do_not_modify_params():
    params = np.array([1.0, 2.0])

    def f(p):
        p += 100.0  # a careless f
        return float(p @ p)

    gdlib.numerical_gradient(f, params)
    gdlib.check_gradient(f, lambda p: 2 * p, params)
    assert params.tolist() == [1.0, 2.0]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"f": 3.0}, TypeError, "f must be a function"),
        ({"params": []}, ValueError, "params is empty"),
        ({"params": [[1.0]]}, ValueError, "params must be a 1-D"),
        ({"h": 0.0}, ValueError, "h must be positive"),
        ({"h": "small"}, TypeError, "h must be a single real number"),
        ({"method": "backward"}, ValueError, "method must be"),
        ({"f": lambda p: p}, ValueError, "f must return a single number"),
        ({"f": lambda p: "cost"}, TypeError, "f\\(params\\) must contain"),
        ({"f": lambda p: math.inf}, ValueError, "NaN or infinity"),
    ],
)
def test_numerical_gradient_validates_its_inputs(kwargs, error, match):
    arguments = {"f": sines, "params": [1.0, 2.0]} | kwargs
    with pytest.raises(error, match=match):
        gdlib.numerical_gradient(**arguments)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"gradient": None}, TypeError, "gradient must be a function"),
        ({"gradient": lambda p: [1.0]}, ValueError, "one value per parameter"),
        ({"gradient": lambda p: [np.nan, 1.0]}, ValueError, "NaN or infinity"),
        ({"rtol": -1.0}, ValueError, "rtol must be positive"),
        ({"atol": -1.0}, ValueError, "atol must be 0 or more"),
    ],
)
def test_check_gradient_validates_its_inputs(kwargs, error, match):
    arguments = {"f": sines, "gradient": np.cos, "params": [1.0, 2.0]} | kwargs
    with pytest.raises(error, match=match):
        gdlib.check_gradient(**arguments)
