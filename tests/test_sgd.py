"""Mini-batch and stochastic gradient descent (chapter 9): against full-batch descent,
numpy.linalg.lstsq, plain formulas for the schedules, and Hessians built by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib


def random_problem(seed: int, n: int, k: int):
    rng = np.random.default_rng(seed)
    X = rng.normal(rng.uniform(-1, 1, size=k), 1.0, size=(n, k))
    y = X @ rng.normal(0, 2, size=k) + rng.normal(0, 2) + 0.3 * rng.normal(size=n)
    return X, y


def lstsq_theta(X, y):
    theta, *_ = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)
    return theta


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 80), st.integers(1, 4), st.floats(0.05, 0.95))
def test_full_batch_without_shuffle_is_full_batch_descent(seed, n, k, fraction):
    """Same steps as linear_gradient_descent; equal up to rounding (the full-batch loop sums
    in its own, cache-friendly order), so to a few units in the last place."""
    X, y = random_problem(seed, n, k)
    rate = fraction * gdlib.stability_limit(X)
    full = gdlib.gradient_descent(X, y, rate, epochs=25)
    batch = gdlib.minibatch_gradient_descent(
        X, y, rate, epochs=25, batch_size=n, shuffle=False, record_updates=True, seed=0
    )
    scale = 1.0 + np.abs(full.history.w).max() + np.abs(full.history.b).max()
    np.testing.assert_allclose(batch.history.w, full.history.w, rtol=1e-12, atol=1e-12 * scale)
    np.testing.assert_allclose(batch.history.b, full.history.b, rtol=1e-12, atol=1e-12 * scale)
    cost_scale = 1e-12 * full.history.cost[0]
    np.testing.assert_allclose(batch.history.cost, full.history.cost, rtol=1e-11, atol=cost_scale)
    assert np.array_equal(batch.updates.w, batch.history.w)  # one update per epoch
    assert batch.updates_run == batch.epochs_run == 25


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 80), st.integers(1, 4))
def test_full_batch_with_shuffle_only_reorders_the_sums(seed, n, k):
    X, y = random_problem(seed, n, k)
    rate = 0.5 * gdlib.stability_limit(X)
    full = gdlib.gradient_descent(X, y, rate, epochs=25)
    batch = gdlib.minibatch_gradient_descent(X, y, rate, epochs=25, batch_size=n, seed=seed)
    assert batch.history.w == pytest.approx(full.history.w, rel=1e-9, abs=1e-9)
    assert batch.history.cost == pytest.approx(full.history.cost, rel=1e-9, abs=1e-12)


def test_one_feature_is_the_k_equals_one_case():
    x, y = gdlib.make_line_data(n=37, seed=4)
    kwargs = {"learning_rate": 0.005, "epochs": 6, "batch_size": 5, "seed": 11}
    line = gdlib.minibatch_gradient_descent(x, y, w=1.0, b=2.0, record_updates=True, **kwargs)
    general = gdlib.minibatch_gradient_descent(
        x[:, None], y, w=[1.0], b=2.0, record_updates=True, **kwargs
    )
    assert np.array_equal(line.history.m, general.history.w[:, 0])
    assert np.array_equal(line.updates.b, general.updates.b)
    assert (line.m, line.b, line.cost) == (general.w[0], general.b, general.cost)


def test_a_fixed_seed_gives_identical_runs_and_another_seed_does_not():
    X, y = random_problem(1, 60, 3)
    runs = [
        gdlib.minibatch_gradient_descent(X, y, 0.05, epochs=5, batch_size=7, seed=seed)
        for seed in (3, 3, 4)
    ]
    assert np.array_equal(runs[0].history.w, runs[1].history.w)
    assert np.array_equal(runs[0].history.cost, runs[1].history.cost)
    assert not np.array_equal(runs[0].history.w, runs[2].history.w)


@pytest.mark.parametrize(("n", "batch_size"), [(10, 1), (10, 3), (10, 10), (101, 20)])
def test_one_epoch_is_ceil_n_over_b_updates(n, batch_size):
    X, y = random_problem(2, n, 2)
    result = gdlib.minibatch_gradient_descent(
        X, y, 0.01, epochs=4, batch_size=batch_size, record_updates=True, seed=0
    )
    per_epoch = math.ceil(n / batch_size)
    assert result.updates_run == 4 * per_epoch
    assert len(result.updates.cost) == 4 * per_epoch + 1
    assert len(result.history.cost) == 5
    assert np.array_equal(result.updates.w[::per_epoch], result.history.w)


def test_one_epoch_of_sgd_by_hand():
    """Plain-Python SGD with the same shuffles: x_i, one point per update."""
    x, y = gdlib.make_line_data(n=8, seed=5)
    rate, m, b = 0.01, 0.5, -1.0
    rng = np.random.default_rng(9)
    for _ in range(3):
        for i in rng.permutation(8):
            r = m * x[i] + b - y[i]
            m, b = m - rate * 2 * x[i] * r, b - rate * 2 * r
    result = gdlib.minibatch_gradient_descent(x, y, rate, 3, batch_size=1, seed=9, w=0.5, b=-1.0)
    assert (result.m, result.b) == pytest.approx((m, b), rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_decaying_schedule_reaches_lstsq(seed):
    X, y = gdlib.make_linear_data(n=200, w=[2.0, -1.0, 0.5], b=1.0, noise=0.5, seed=seed)
    theta = lstsq_theta(X, y)
    result = gdlib.minibatch_gradient_descent(
        X, y, 0.1, epochs=300, batch_size=10, seed=seed, schedule=gdlib.inverse_time_decay(200)
    )
    error = np.linalg.norm(np.append(result.w, result.b) - theta)
    assert error <= 1e-3 * np.linalg.norm(theta)


def test_a_constant_rate_hovers_and_a_decaying_one_gets_closer():
    X, y = gdlib.make_linear_data(n=200, w=[2.0, -1.0, 0.5], b=1.0, noise=0.5, seed=3)
    theta = lstsq_theta(X, y)
    errors = {}
    for name, schedule in [("constant", gdlib.constant()), ("decay", gdlib.step_decay(400))]:
        result = gdlib.minibatch_gradient_descent(
            X, y, 0.05, epochs=100, batch_size=1, seed=1, schedule=schedule
        )
        errors[name] = np.linalg.norm(np.append(result.w, result.b) - theta)
    assert errors["decay"] < errors["constant"] / 10


# -------------------------------------------------------------------------------- schedules


def test_schedules_follow_their_formulas():
    t = np.arange(0, 1000, 7)
    assert gdlib.constant()(t) == pytest.approx(np.ones(len(t)))
    assert gdlib.step_decay(50, 0.3)(t) == pytest.approx([0.3 ** (ti // 50) for ti in t])
    assert gdlib.inverse_time_decay(25.0)(t) == pytest.approx([1 / (1 + ti / 25) for ti in t])
    assert isinstance(gdlib.inverse_time_decay(25.0)(3), float)


def test_the_schedule_sets_each_update_rate():
    """With a schedule s, update t uses learning_rate * s(t): check on one-point batches."""
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 1.0, 4.0])
    seen = []

    def schedule(t):
        seen.append(t)
        return 1.0 / (t + 1)

    result = gdlib.minibatch_gradient_descent(
        x, y, 0.1, 2, batch_size=3, shuffle=False, schedule=schedule, seed=0
    )
    m = b = 0.0
    for t in range(2):
        r = m * x + b - y
        rate = 0.1 / (t + 1)
        m, b = m - rate * 2 * np.mean(r * x), b - rate * 2 * np.mean(r)
    assert seen == [0, 1]
    assert (result.m, result.b) == pytest.approx((m, b), rel=1e-12)


# ----------------------------------------------------------------------- loss conventions


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 100), st.integers(1, 4))
def test_loss_convention_stability_limits(seed, n, k):
    X, _ = random_problem(seed, n, k)
    A = np.column_stack([X, np.ones(n)])
    hessians = {"mean": 2 / n * A.T @ A, "sum": 2 * A.T @ A, "half_mean": A.T @ A / n}
    for loss, hessian in hessians.items():
        expected = 2 / np.linalg.eigvalsh(hessian)[-1]
        assert gdlib.loss_stability_limit(X, loss=loss) == pytest.approx(expected, rel=1e-10)
    mean = gdlib.loss_stability_limit(X, loss="mean")
    assert gdlib.loss_stability_limit(X, loss="sum") == pytest.approx(mean / n, rel=1e-12)
    assert gdlib.loss_stability_limit(X, loss="half_mean") == pytest.approx(2 * mean, rel=1e-12)


def test_loss_stability_limit_of_one_feature():
    x, _ = gdlib.make_line_data(n=30, seed=2)
    assert gdlib.loss_stability_limit(x) == pytest.approx(gdlib.stability_limit(x), rel=1e-14)


@pytest.mark.parametrize("loss", ["sum", "half_mean"])
def test_loss_conventions_run_as_scaled_learning_rates(loss):
    X, y = random_problem(6, 40, 2)
    scale = gdlib.loss_scale(loss, 8)
    run = gdlib.minibatch_gradient_descent(X, y, 0.01, 5, batch_size=8, seed=2, loss=loss)
    mean = gdlib.minibatch_gradient_descent(X, y, 0.01 * scale, 5, batch_size=8, seed=2)
    assert run.history.w == pytest.approx(mean.history.w, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("loss", ["mean", "sum", "half_mean"])
def test_loss_convention_limits_separate_convergence_from_divergence(loss):
    X, y = random_problem(8, 50, 2)
    limit = gdlib.loss_stability_limit(X, loss=loss)
    kwargs = {"epochs": 400, "batch_size": 50, "shuffle": False, "loss": loss, "seed": 0}
    below = gdlib.minibatch_gradient_descent(X, y, 0.98 * limit, **kwargs)
    above = gdlib.minibatch_gradient_descent(X, y, 1.02 * limit, **kwargs)
    assert below.cost < below.history.cost[0]
    assert above.cost > above.history.cost[0]


# ------------------------------------------------------------------------- batch gradients


def test_batch_gradients_are_unbiased_with_variance_over_b():
    X, y = random_problem(3, 50, 2)
    w, b = np.array([0.5, -0.5]), 0.2
    full_dw, full_db = gdlib.mse_gradient(X, y, w, b)
    single = np.column_stack(
        gdlib.minibatch_gradients(X, y, w, b, batch_size=1, samples=4000, seed=1)
    )
    sigma2 = np.var(single, axis=0)
    for batch_size in (1, 5, 25):
        dw, db = gdlib.minibatch_gradients(X, y, w, b, batch_size=batch_size, samples=4000, seed=2)
        samples = np.column_stack([dw, db])
        predicted = sigma2 / batch_size * (50 - batch_size) / 49
        standard_error = np.sqrt(predicted / 4000)
        assert np.all(
            np.abs(samples.mean(axis=0) - np.append(full_dw, full_db)) < 5 * standard_error
        )
        assert samples.var(axis=0) == pytest.approx(predicted, rel=0.15)


def test_one_epoch_of_batch_gradients_averages_to_the_full_gradient():
    X, y = random_problem(4, 24, 3)
    w, b = np.array([1.0, 0.0, -1.0]), 0.5
    order = np.random.default_rng(0).permutation(24)
    gradients = [gdlib.mse_gradient(X[rows], y[rows], w, b) for rows in order.reshape(4, 6)]
    dw, db = gdlib.mse_gradient(X, y, w, b)
    assert np.mean([g[0] for g in gradients], axis=0) == pytest.approx(dw, rel=1e-12)
    assert np.mean([g[1] for g in gradients]) == pytest.approx(db, rel=1e-12)


# ------------------------------------------------------------------------- input checks


def test_divergence_stops_and_warns():
    X, y = random_problem(5, 30, 2)
    with pytest.warns(gdlib.DivergenceWarning, match="diverged"):
        result = gdlib.minibatch_gradient_descent(X, y, 50.0, epochs=500, batch_size=3, seed=0)
    assert result.diverged
    assert np.all(np.isfinite(result.history.cost))
    assert result.epochs_run < 500


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"batch_size": 11}, ValueError, "at most"),
        ({"batch_size": 2.0}, TypeError, "batch_size"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": None}, TypeError, "seed"),
        ({"loss": "median"}, ValueError, "loss"),
        ({"schedule": 0.5}, TypeError, "schedule"),
        ({"schedule": lambda t: -1.0}, ValueError, "schedule"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"epochs": 1.5}, TypeError, "epochs"),
        ({"shuffle": "yes"}, TypeError, "shuffle"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(kwargs, error, match):
    x, y = gdlib.make_line_data(n=10, seed=0)
    arguments = {"learning_rate": 0.01, "epochs": 3, "batch_size": 2, "seed": 0} | kwargs
    with pytest.raises(error, match=match):
        gdlib.minibatch_gradient_descent(x, y, **arguments)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: gdlib.step_decay(0), "step"),
        (lambda: gdlib.step_decay(10, factor=1.5), "factor"),
        (lambda: gdlib.inverse_time_decay(0), "tau"),
        (lambda: gdlib.loss_scale("mean", 0), "n must"),
    ],
)
def test_bad_schedule_parameters_are_rejected(make, match):
    with pytest.raises((TypeError, ValueError), match=match):
        make()
