"""AdaGrad, RMSProp and Adam (gdlib.adaptive) against plain-numpy references."""

from __future__ import annotations

import numpy as np
import pytest

import gdlib


def _data():
    X, y = gdlib.make_linear_data(n=40, w=(2.0, -1.0), b=1.0, noise=0.3, seed=3)
    return X * np.array([1.0, 10.0]), y


def _reference(X, y, rule, eta, epochs, **p):
    """The update rules written out once more, on A = [X 1], independently of gdlib."""
    A = np.column_stack([X, np.ones(len(y))])
    theta, s, m = np.zeros(A.shape[1]), np.zeros(A.shape[1]), np.zeros(A.shape[1])
    path = [theta]
    for t in range(1, epochs + 1):
        g = 2.0 / len(y) * A.T @ (A @ theta - y)
        if rule == "adagrad":
            s = s + g * g
            theta = theta - eta * g / (np.sqrt(s) + 1e-8)
        elif rule == "rmsprop":
            s = p["decay"] * s + (1 - p["decay"]) * g * g
            theta = theta - eta * g / (np.sqrt(s) + 1e-8)
        else:
            m = 0.9 * m + 0.1 * g
            s = 0.999 * s + 0.001 * g * g
            theta = theta - eta * (m / (1 - 0.9**t)) / (np.sqrt(s / (1 - 0.999**t)) + 1e-8)
        path.append(theta)
    return np.array(path)


@pytest.mark.parametrize(
    ("rule", "function", "options"),
    [
        ("adagrad", gdlib.adagrad_descent, {}),
        ("rmsprop", gdlib.rmsprop_descent, {"decay": 0.8}),
        ("adam", gdlib.adam_descent, {}),
    ],
)
def test_each_method_takes_the_reference_steps(rule, function, options):
    X, y = _data()
    result = function(X, y, 0.05, 60, **options)
    path = np.column_stack([result.history.w, result.history.b])
    np.testing.assert_allclose(path, _reference(X, y, rule, 0.05, 60, **options), atol=1e-12)
    assert result.epochs_run == 60 and result.history.w.shape == (61, 2)
    assert result.cost == pytest.approx(gdlib.mse(X, y, result.w, result.b))


def test_one_feature_gives_m_and_adagrad_reaches_least_squares():
    x, y = gdlib.make_line_data(n=30, seed=2)
    result = gdlib.adagrad_descent(x, y, 1.0, 3000)
    m, b = np.polyfit(x, y, 1)
    assert result.m == pytest.approx(m, rel=1e-8) and result.b == pytest.approx(b, rel=1e-8)


def test_the_first_step_of_adam_has_length_eta_in_every_coordinate():
    X, y = _data()
    first = gdlib.adam_descent(X, y, 0.1, 1)
    step = np.append(first.w, first.b)
    np.testing.assert_allclose(np.abs(step), 0.1, rtol=1e-6)


def test_a_schedule_scales_the_rate_of_each_update():
    X, y = _data()
    halved = gdlib.rmsprop_descent(X, y, 0.1, 5, schedule=lambda t: 0.5)
    plain = gdlib.rmsprop_descent(X, y, 0.05, 5)
    np.testing.assert_allclose(halved.history.w, plain.history.w, atol=1e-15)


def test_cross_entropy_adam_approaches_the_newton_minimum():
    X, y = gdlib.load_penguins(features=("bill_length_mm", "flipper_length_mm"))
    Z = gdlib.standardise(X)[0]
    newton = gdlib.newton_descent(Z, y, 30, loss="cross_entropy", tolerance=1e-12)
    adam = gdlib.adam_descent(Z, y, 0.1, 1000, loss="cross_entropy")
    assert 0 <= adam.cost - newton.cost < 1e-6


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: gdlib.adam_descent([1.0, 2.0], [1.0, 2.0], 0.1, 5, beta1=1.0), ValueError, "beta1"),
        (lambda: gdlib.rmsprop_descent([1.0, 2.0], [1.0, 2.0], 0.1, 5, decay=-0.1), ValueError, "decay"),
        (lambda: gdlib.adagrad_descent([1.0, 2.0], [1.0, 2.0], 0.1, 5, epsilon=0.0), ValueError, "epsilon"),
        (lambda: gdlib.adagrad_descent([1.0, 2.0], [1.0, 2.0], -0.1, 5), ValueError, "learning_rate"),
        (lambda: gdlib.adam_descent([1.0, 2.0], [1.0, 2.0], 0.1, 5, loss="hinge"), ValueError, "loss"),
        (lambda: gdlib.adam_descent([1.0, 2.0], [0.0, 2.0], 0.1, 5, loss="cross_entropy"), ValueError, "0 and 1"),
        (lambda: gdlib.adam_descent([1.0, 2.0], [1.0, 2.0], 0.1, 5, schedule=3), TypeError, "schedule"),
    ],
)  # fmt: skip
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
