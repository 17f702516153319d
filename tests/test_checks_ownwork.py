"""Own work: a function that calls gdlib's implementation, by any route, gets no credit;
the references of the Part II checks take exactly gdlib's steps."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import gdlib
import gdlib.loss
from gdlib import checks
from gdlib import mse as imported_mse
from gdlib.checks.cases import descent
from gdlib.checks.momentum import momentum_step
from gdlib.checks.sgd import _reference as sgd_reference


def via_module(x, y, m, b):
    return gdlib.mse(x, y, m, b)


def via_import(x, y, m, b):
    return imported_mse(x, y, m, b)


def via_submodule(x, y, m, b):
    return gdlib.loss.mse(x, y, m, b)


def via_local_import(x, y, m, b):
    from gdlib import mse

    return mse(x, y, m, b)


def via_getattr(x, y, m, b):
    return getattr(gdlib, "m" + "se")(x, y, m, b)


def helper(x, y, m, b):
    return gdlib.mse(x, y, m, b)


def via_helper(x, y, m, b):
    return helper(x, y, m, b)


def via_default(x, y, m, b, cost=imported_mse):
    return cost(x, y, m, b)


def closure():
    cost = gdlib.mse

    def inner(x, y, m, b):
        return cost(x, y, m, b)

    return inner


ROUTES = {
    "module": via_module,
    "import": via_import,
    "submodule": via_submodule,
    "local_import": via_local_import,
    "getattr": via_getattr,
    "helper": via_helper,
    "default": via_default,
    "closure": closure(),
    "lambda": lambda x, y, m, b: gdlib.mse(x, y, m, b),
    "partial": functools.partial(via_module),
    "prediction": lambda x, y, m, b: float(np.mean((y - gdlib.predict(x, m, b)) ** 2)),
}


@pytest.mark.parametrize("route", list(ROUTES))
def test_calling_gdlib_gets_no_credit_whatever_the_route(route):
    verdict = checks.judge("mse", ROUTES[route], seed=0)
    assert verdict.hint == "not_own_work"
    assert not verdict
    assert "your own code" in verdict.message
    assert "gdlib.mse" in verdict.message or "gdlib.predict" in verdict.message


def test_gdlib_is_restored_after_a_check():
    original = gdlib.mse, gdlib.loss.mse
    checks.judge("mse", via_local_import, seed=0)
    checks.judge("mse", lambda *a: 1 / 0, seed=0)
    assert (gdlib.mse, gdlib.loss.mse) == original


def test_own_helpers_and_numpy_are_fine():
    def residual(x, y, m, b):
        return y - (m * x + b)

    def my_mse(x, y, m, b):
        return float(np.mean(residual(x, y, m, b) ** 2))

    assert checks.judge("mse", my_mse, seed=0).hint == "passed"


def test_a_momentum_step_that_uses_gdlib_gradient_is_not_own_work():
    def my_step(x, y, m, b, v_m, v_b, learning_rate, beta):
        g_m, g_b = gdlib.mse_gradient(x, y, m, b)
        v_m, v_b = beta * v_m - learning_rate * g_m, beta * v_b - learning_rate * g_b
        return m + v_m, b + v_b, v_m, v_b

    assert checks.judge("momentum_step", my_step, seed=0).hint == "not_own_work"


def test_builtin_sum_passes_where_the_exercise_allows_it():
    def my_mse(x, y, m, b):
        return sum((y - (m * x + b)) ** 2) / len(x)

    assert checks.judge("mse", my_mse, seed=0).hint == "passed"
    np_sum_step = lambda x, y, m, b, lr: (  # noqa: E731
        m + lr * 2 * np.sum(x * (y - m * x - b)) / len(x),
        b + lr * 2 * (y - m * x - b).sum() / len(x),
    )
    assert checks.judge("step", np_sum_step, seed=0).hint == "passed"


def _data(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 4.0, size=17)
    return x, 1.5 * x - 2.0 + rng.normal(size=17)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_reference_takes_gdlib_steps(nesterov):
    x, y = _data(1)
    rate, beta = 0.3 * gdlib.stability_limit(x), 0.7
    result = gdlib.momentum_descent(x, y, rate, 25, beta=beta, nesterov=nesterov)
    step = momentum_step("ahead" if nesterov else "current")
    m = b = v_m = v_b = 0.0
    for epoch in range(25):
        m, b, v_m, v_b = step(x, y, m, b, v_m, v_b, rate, beta)
        assert abs(m - result.history.m[epoch + 1]) <= 1e-12 * (1 + abs(m))
        assert abs(b - result.history.b[epoch + 1]) <= 1e-12 * (1 + abs(b))


def test_sgd_reference_follows_gdlib_shuffle():
    x, y = _data(2)
    seed, batch_size, rate, epochs = 5, 4, 0.05, 3
    result = gdlib.minibatch_gradient_descent(
        x, y, rate, epochs, batch_size=batch_size, seed=seed, loss="mean"
    )
    rng = np.random.default_rng(seed)  # gdlib draws one permutation per epoch
    m = b = 0.0
    for epoch in range(epochs):
        m, b = sgd_reference(x, y, m, b, rate, batch_size, rng.permutation(len(x)))
        assert abs(m - result.history.m[epoch + 1]) <= 1e-12 * (1 + abs(m))
        assert abs(b - result.history.b[epoch + 1]) <= 1e-12 * (1 + abs(b))


def test_descent_loop_reference_cost_is_the_cost_of_the_returned_line():
    x, y = _data(3)
    m, b, cost = descent(x, y, 0.0, 0.0, 0.05, 7)
    assert cost == pytest.approx(gdlib.mse(x, y, m, b), rel=1e-14)


def test_predict_hints_never_give_the_formula_away():
    from tests.test_checks import PREDICT

    for seed in range(3):
        for function in PREDICT.values():
            message = checks.judge("predict", function, seed=seed).message.replace(" ", "")
            assert "m*x+b" not in message
