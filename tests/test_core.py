"""The readable core and the one-function-per-algorithm API (issue 9).

References are independent of gdlib: plain-Python loops, finite differences, numpy.linalg.lstsq.
"""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdlib


@st.composite
def problems(draw, k_max=4):
    """Random data with one feature (x 1-D) or k features (X 2-D), and parameters."""
    seed, n = draw(st.integers(0, 2**32 - 1)), draw(st.integers(1, 40))
    k = draw(st.integers(0, k_max))  # 0 means one feature given as a 1-D x
    rng = np.random.default_rng(seed)
    X = rng.normal(rng.uniform(-5, 5), rng.uniform(0.1, 5), size=(n, max(k, 1)))
    y = rng.normal(size=n) * 3
    w, b = rng.normal(size=max(k, 1)), float(rng.normal())
    if k == 0:
        return X[:, 0], y, float(w[0]), b
    return X, y, w, b


def rows(x):
    return [[v] for v in x] if np.ndim(x) == 1 else [list(row) for row in x]


def loop_mse(x, y, w, b):
    """Plain Python: residual, square, mean."""
    weights = [w] if np.ndim(w) == 0 else list(w)
    total = 0.0
    for features, target in zip(rows(x), y, strict=True):
        prediction = sum(wj * xj for wj, xj in zip(weights, features, strict=True)) + b
        total += (prediction - target) ** 2
    return total / len(y)


@settings(max_examples=150, deadline=None)
@given(problems())
def test_predict_and_mse_match_plain_python(problem):
    x, y, w, b = problem
    weights = [w] if np.ndim(w) == 0 else list(w)
    expected = [sum(wj * xj for wj, xj in zip(weights, r, strict=True)) + b for r in rows(x)]
    np.testing.assert_allclose(gdlib.predict(x, w, b), expected, rtol=1e-12, atol=1e-12)
    assert gdlib.mse(x, y, w, b) == pytest.approx(loop_mse(x, y, w, b), rel=1e-11, abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(problems())
def test_mse_gradient_matches_central_differences(problem):
    x, y, w, b = problem
    theta = np.append(w, b)
    k = len(theta) - 1

    def cost(t):
        return loop_mse(x, y, t[0] if np.ndim(x) == 1 else t[:k], t[k])

    h = 1e-6 * max(1.0, np.abs(theta).max())
    numeric = [(cost(theta + h * e) - cost(theta - h * e)) / (2 * h) for e in np.eye(k + 1)]
    dw, db = gdlib.mse_gradient(x, y, w, b)
    scale = max(1.0, np.abs(numeric).max())
    np.testing.assert_allclose(np.append(dw, db), numeric, rtol=0, atol=1e-5 * scale)
    if np.ndim(x) == 1:  # one feature: two floats, the chapter-3 partial derivatives
        assert isinstance(dw, float) and isinstance(db, float)
    else:
        assert dw.shape == (k,) and isinstance(db, float)


@settings(max_examples=60, deadline=None)
@given(problems(k_max=0))
def test_one_feature_is_the_one_column_case(problem):
    x, y, m, b = problem
    X = x[:, None]
    assert gdlib.mse(x, y, m, b) == gdlib.mse(X, y, [m], b)
    dm, db = gdlib.mse_gradient(x, y, m, b)
    (dw,), db_general = gdlib.mse_gradient(X, y, [m], b)
    assert (dm, db) == (dw, db_general)
    np.testing.assert_array_equal(gdlib.predict(x, m, b), gdlib.predict(X, [m], b))


def test_mse_grid_is_the_mse_at_every_grid_point():
    x, y = gdlib.make_line_data(n=30, seed=2)
    m_values, b_values = np.linspace(0, 5, 7), np.linspace(-2, 8, 5)
    grid = gdlib.mse_grid(x, y, m_values, b_values)
    for i, b in enumerate(b_values):
        for j, m in enumerate(m_values):
            assert grid[i, j] == pytest.approx(loop_mse(x, y, m, b), rel=1e-12)
    dm, db = gdlib.mse_gradient_grid(x, y, *np.meshgrid(m_values, b_values))
    assert (dm[2, 3], db[2, 3]) == pytest.approx(gdlib.mse_gradient(x, y, m_values[3], b_values[2]))


@pytest.mark.parametrize(
    "run",
    [
        lambda x, y: gdlib.gradient_descent(x, y, 0.01, 5),
        lambda x, y: gdlib.momentum_descent(x, y, 0.01, 5, beta=0.5),
        lambda x, y: gdlib.minibatch_gradient_descent(x, y, 0.01, 5, batch_size=4, seed=0),
    ],
    ids=["gradient_descent", "momentum_descent", "minibatch_gradient_descent"],
)
def test_one_result_type_with_m_only_for_one_feature(run):
    x, y = gdlib.make_line_data(n=12, seed=1)
    line = run(x, y)
    assert line.w.shape == (1,) and line.m == line.w[0] and isinstance(line.b, float)
    assert line.history.w.shape == (line.epochs_run + 1, 1)
    np.testing.assert_array_equal(line.history.m, line.history.w[:, 0])
    assert (line.converged, line.diverged) == (False, False)
    many = run(np.column_stack([x, np.sin(x)]), y)
    assert isinstance(many, type(line)) and many.w.shape == (2,)
    with pytest.raises(AttributeError, match=r"m exists only for one feature.*use w"):
        _ = many.m
    with pytest.raises(AttributeError, match="use w"):
        _ = many.history.m


@pytest.mark.parametrize(
    "call",
    [
        lambda x, y: gdlib.gradient_descent(x, y, 0.01, 5, 1.0),
        lambda x, y: gdlib.momentum_descent(x, y, 0.01, 5, 0.5),
        lambda x, y: gdlib.minibatch_gradient_descent(x, y, 0.01, 5, 4, 0),
        lambda x, y: gdlib.minibatch_gradients(x, y, 1.0, 0.0, 4, 10, 0),
        lambda x, y: gdlib.momentum_contraction_factor(x, 0.01, 0.5),
        lambda x, y: gdlib.loss_stability_limit(x, "sum"),
        lambda x, y: gdlib.normal_equation_line(x, y, True),
        lambda x, y: gdlib.gradient_descent_sufficient(
            gdlib.sufficient_statistics(x, y), 0.01, 5, 1.0
        ),
    ],
)
def test_optional_arguments_are_keyword_only(call):
    x, y = gdlib.make_line_data(n=12, seed=1)
    with pytest.raises(TypeError, match="positional argument"):
        call(x, y)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: gdlib.make_line_data(n=3.0), TypeError, "n must be a whole number"),
        (lambda: gdlib.make_line_data(n=0), ValueError, "n must be at least 1"),
        (lambda: gdlib.polynomial_features([1.0, 2.0], degree=2.0), TypeError, "degree must be"),
        (lambda: gdlib.polynomial_features([1.0, 2.0], degree=True), TypeError, "degree must be"),
        (lambda: gdlib.make_line_data(seed=None), TypeError, "seed must be an int"),
        (lambda: gdlib.make_line_data(seed=-1), ValueError, "seed must be 0 or more"),
        (lambda: gdlib.train_test_split([1, 2, 3], [1, 2, 3], seed=1.5), TypeError, "seed"),
        (
            lambda: gdlib.normal_equation_line([1.0, 2.0], [1.0, 3.0], exact="no"),
            TypeError,
            "exact must be True or False",
        ),
        (lambda: gdlib.gradient_descent([1.0, 2.0], [1.0, 3.0], 0.1, True), TypeError, "epochs"),
        (lambda: gdlib.gradient_descent([1.0, 2.0], [1.0, 3.0], 0.1, 1.0), TypeError, "epochs"),
        (lambda: gdlib.gradient_descent([1.0, 2.0], [1.0, 3.0], "0.1", 1), TypeError, "learning_rate"),
        (lambda: gdlib.gradient_descent([1.0, 2.0], [1.0, 3.0], -0.1, 1), ValueError, "learning_rate must be positive"),
        (lambda: gdlib.mse([[1.0, 2.0]], [1.0], [1.0], 0.0), ValueError, "w must have one weight per feature"),
        (lambda: gdlib.momentum_descent([1.0, 2.0], [1.0, 3.0], 0.1, 1, beta=1.0), ValueError, "beta"),
        (lambda: gdlib.momentum_descent([1.0, 2.0], [1.0, 3.0], 0.1, 1, beta=0.5, nesterov=1), TypeError, "nesterov must be True or False"),
        (lambda: gdlib.heavy_ball_parameters([2.0, 2.0, 2.0]), ValueError, "singular"),
        (lambda: gdlib.frame_epochs(10, 1.5), TypeError, "frames must be a whole number"),
        (lambda: gdlib.grid_evaluations(10, 0), ValueError, "n_parameters must be at least 1"),
        (lambda: gdlib.step_decay(2.5), TypeError, "step must be a whole number"),
        (lambda: gdlib.inverse_time_decay(-1.0), ValueError, "tau must be positive"),
    ],
)  # fmt: skip
def test_one_exception_rule_type_error_for_type_value_error_for_value(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_singular_hessian_has_one_rule():
    """condition_number is infinite exactly where heavy_ball_parameters refuses."""
    for x in ([2.0, 2.0, 2.0], [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]):
        assert gdlib.condition_number(x) == float("inf")
        with pytest.raises(ValueError, match="singular"):
            gdlib.nesterov_parameters(x)
    assert np.isfinite(gdlib.condition_number([0.0, 1.0, 2.0]))


def test_iterate_descends_any_cost_and_gradient():
    def cost_and_gradient(w, b):
        return float((w - 3) @ (w - 3) + (b + 1) ** 2), 2 * (w - 3), 2 * (b + 1)

    result = gdlib.iterate(cost_and_gradient, np.zeros(2), 0.0, learning_rate=0.25, epochs=80)
    np.testing.assert_allclose(result.w, [3.0, 3.0])
    assert result.b == pytest.approx(-1.0)
    assert result.history.w.shape == (81, 2) and result.history.cost[0] == 19.0
    # The default step is w - eta * dw: after one epoch w = 0.5 * 3 = 1.5
    np.testing.assert_allclose(result.history.w[1], [1.5, 1.5])
    early = gdlib.iterate(
        cost_and_gradient, np.zeros(2), 0.0, learning_rate=0.25, epochs=80, tolerance=1e-3
    )
    assert early.converged and early.epochs_run < 80
    assert np.sqrt(2 * (early.w[0] - 3) ** 2 * 4 + 4 * (early.b + 1) ** 2) <= 1e-3 + 1e-15


def test_iterate_uses_the_given_step_and_reports_overflow():
    calls = []

    def step(w, b, dw, db):
        calls.append((w.copy(), b))
        return w - 0.1 * dw, b - 0.1 * db

    def cost_and_gradient(w, b):
        return float(w @ w + b * b), 2 * w, 2 * b

    result = gdlib.iterate(
        cost_and_gradient, np.ones(1), 1.0, learning_rate=99.0, epochs=3, step=step
    )
    assert len(calls) == 3 and not result.diverged  # learning_rate is only for messages here
    with pytest.warns(gdlib.DivergenceWarning, match="diverged: the cost overflowed"):
        blown = gdlib.iterate(cost_and_gradient, np.ones(1), 1.0, learning_rate=1e3, epochs=500)
    assert blown.diverged and np.isfinite(blown.history.cost).all()


def test_the_warnings_are_runtime_warnings_exported_from_gdlib():
    from gdlib.diagnostics import ConvergenceWarning, DivergenceWarning

    assert gdlib.ConvergenceWarning is ConvergenceWarning
    assert gdlib.DivergenceWarning is DivergenceWarning
    assert issubclass(ConvergenceWarning, RuntimeWarning)
    assert issubclass(DivergenceWarning, RuntimeWarning)


def test_divergence_warning_points_at_the_callers_line():
    x, y = gdlib.make_line_data(n=20, seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gdlib.gradient_descent(x, y, 1.0, 200)
        gdlib.momentum_descent(x, y, 1.0, 200, beta=0.5)
        gdlib.minibatch_gradient_descent(x, y, 10.0, 200, batch_size=5, seed=0)
    assert [w.category for w in caught] == [gdlib.DivergenceWarning] * 3
    assert {w.filename for w in caught} == {__file__}


def test_import_gdlib_does_not_import_matplotlib():
    code = (
        "import sys, gdlib\n"
        "assert 'matplotlib' not in sys.modules and 'PIL' not in sys.modules\n"
        "assert 'plot_data' in dir(gdlib) and 'animate_line_fit' in dir(gdlib)\n"
        "gdlib.use_house_style\n"
        "assert 'matplotlib.pyplot' in sys.modules\n"
        "assert callable(gdlib.plot_data) and callable(gdlib.frame_epochs)\n"
        "assert gdlib.plots.COLORS is gdlib.COLORS\n"
        "try:\n"
        "    gdlib.plot_nothing\n"
        "except AttributeError as error:\n"
        "    assert 'plot_nothing' in str(error)\n"
        "else:\n"
        "    raise SystemExit('no AttributeError')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"MPLBACKEND": "Agg"})


def test_no_linear_twins_remain():
    removed = [
        "linear_predict", "linear_mse", "linear_mse_gradient", "linear_gradient_descent",
        "linear_momentum_descent", "linear_minibatch_gradient_descent",
        "linear_minibatch_gradients", "linear_mse_hessian", "linear_stability_limit",
        "linear_contraction_factor", "LinearDescentResult", "LinearHistory",
        "LinearMinibatchResult", "seed_gradient_descent",
    ]  # fmt: skip
    assert [name for name in removed if hasattr(gdlib, name)] == []


def test_lazy_names_are_exactly_the_plotting_modules_exports():
    for module, names in gdlib._LAZY.items():
        assert sorted(names) == sorted(getattr(gdlib, module).__all__)
