"""The self-checks: right functions pass, each typical mistake gets its own hint, and the
printed line never gives the expected values away.

The student functions below are written from the formulas in plain numpy, independently
of gdlib; each wrong one makes exactly one classic mistake.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import gdlib
from gdlib import checks
from gdlib.checks.runner import SPECS
from tests.check_tables_part2 import PART2
from tests.test_checks_partiii import PART3

SEEDS = [0, 1, 2]


# --- predict ----------------------------------------------------------------------------


def predict_right(x, m, b):
    return m * x + b


PREDICT = {
    "passed": predict_right,
    "none": lambda x, m, b: None,
    "exception": lambda x, m, b: 1 / 0,
    "scalar": lambda x, m, b: float(m * x.mean() + b),
    "shape": lambda x, m, b: (m * x + b)[:, None],
    "not_number": lambda x, m, b: ["a"] * len(x),
    "swapped": lambda x, m, b: b * x + m,
    "no_intercept": lambda x, m, b: m * x,
    "sign": lambda x, m, b: -(m * x + b),
    "minus_b": lambda x, m, b: m * x - b,
    "brackets": lambda x, m, b: m * (x + b),
    "not_finite": lambda x, m, b: np.full(len(x), np.nan),
    "wrong": lambda x, m, b: m * x + b + x**2,
}


# --- mse --------------------------------------------------------------------------------


def residual(x, y, m, b):
    return y - (m * x + b)


def mse_right(x, y, m, b):
    return sum(e**2 for e in residual(x, y, m, b)) / len(x)  # plain Python, no gdlib


MSE = {
    "passed": mse_right,
    "none": lambda x, y, m, b: None,
    "exception": lambda x, y, m, b: np.zeros(3) + x,
    "no_mean": lambda x, y, m, b: residual(x, y, m, b) ** 2,
    "array": lambda x, y, m, b: residual(x, y, m, b),
    "not_number": lambda x, y, m, b: "small",
    "twice": lambda x, y, m, b: 2 * np.mean(residual(x, y, m, b) ** 2),
    "half": lambda x, y, m, b: 0.5 * np.mean(residual(x, y, m, b) ** 2),
    "sum": lambda x, y, m, b: np.sum(residual(x, y, m, b) ** 2),
    "n_minus_1": lambda x, y, m, b: np.sum(residual(x, y, m, b) ** 2) / (len(x) - 1),
    "sign": lambda x, y, m, b: -np.mean(residual(x, y, m, b) ** 2),
    "root": lambda x, y, m, b: np.sqrt(np.mean(residual(x, y, m, b) ** 2)),
    "absolute": lambda x, y, m, b: np.mean(np.abs(residual(x, y, m, b))),
    "not_squared": lambda x, y, m, b: np.mean(m * x + b - y),
    "square_of_mean": lambda x, y, m, b: np.mean(residual(x, y, m, b)) ** 2,
    "no_intercept": lambda x, y, m, b: np.mean((y - m * x) ** 2),
    "swapped": lambda x, y, m, b: np.mean((y - (b * x + m)) ** 2),
    "divided_twice": lambda x, y, m, b: np.mean(residual(x, y, m, b) ** 2) / len(x),
    "residual_sign": lambda x, y, m, b: np.mean((y - m * x + b) ** 2),
    "not_finite": lambda x, y, m, b: math.inf,
    "constant": lambda x, y, m, b: 3.0,
    "wrong": lambda x, y, m, b: np.mean(residual(x, y, m, b) ** 4),
}


# --- mse_gradient -----------------------------------------------------------------------


def gradient_right(x, y, m, b):
    e = residual(x, y, m, b)
    return -2 * np.mean(x * e), -2 * np.mean(e)


def scaled(function, factor_m, factor_b=None):
    factor_b = factor_m if factor_b is None else factor_b

    def wrong(*args):
        first, second = function(*args)
        return factor_m * first, factor_b * second

    return wrong


GRADIENT = {
    "passed": gradient_right,
    "none": lambda x, y, m, b: None,
    "exception": lambda x, y, m, b: {}["dm"],
    "not_pair": lambda x, y, m, b: gradient_right(x, y, m, b)[0],
    "array": lambda x, y, m, b: (-2 * x * residual(x, y, m, b), -2 * residual(x, y, m, b)),
    "swapped": lambda x, y, m, b: gradient_right(x, y, m, b)[::-1],
    "sign": scaled(gradient_right, -1),
    "sign_dm": scaled(gradient_right, -1, 1),
    "sign_db": scaled(gradient_right, 1, -1),
    "half": scaled(gradient_right, 0.5),
    "twice": scaled(gradient_right, 2),
    "sum": lambda x, y, m, b: scaled(gradient_right, len(x))(x, y, m, b),
    "no_intercept": lambda x, y, m, b: gradient_right(x, y, m, 0.0),
    "db_has_x": lambda x, y, m, b: (gradient_right(x, y, m, b)[0],) * 2,
    "dm_no_x": lambda x, y, m, b: (gradient_right(x, y, m, b)[1],) * 2,
    "divided_twice": lambda x, y, m, b: scaled(gradient_right, 1 / len(x))(x, y, m, b),
    "residual_sign": lambda x, y, m, b: (
        -2 * np.mean(x * (y - m * x + b)),
        -2 * np.mean(y - m * x + b),
    ),
    "db_wrong": scaled(gradient_right, 1, 3),
    "dm_wrong": scaled(gradient_right, 3, 1),
    "constant": lambda x, y, m, b: (1.0, 2.0),
}


# --- step -------------------------------------------------------------------------------


def step_right(x, y, m, b, learning_rate):
    dm, db = gradient_right(x, y, m, b)
    return m - learning_rate * dm, b - learning_rate * db


def step_with(gradient):
    def step(x, y, m, b, learning_rate):
        dm, db = gradient(x, y, m, b)
        return m - learning_rate * dm, b - learning_rate * db

    return step


def step_sequential(x, y, m, b, learning_rate):
    m = m - learning_rate * gradient_right(x, y, m, b)[0]
    b = b - learning_rate * gradient_right(x, y, m, b)[1]
    return m, b


def step_uphill_gradient(x, y, m, b, learning_rate):
    """The update is right; the gradient has the wrong sign (residual p - y, minus kept)."""
    e = (m * x + b) - y
    dm, db = -2 * np.mean(x * e), -2 * np.mean(e)
    return m - learning_rate * dm, b - learning_rate * db


def step_divided_twice(x, y, m, b, learning_rate):
    e = residual(x, y, m, b)
    n = len(x)
    dm, db = -2 * np.mean(x * e) / n, -2 * np.mean(e) / n
    return m - learning_rate * dm, b - learning_rate * db


def step_residual_sign(x, y, m, b, learning_rate):
    e = y - m * x + b
    dm, db = -2 * np.sum(x * e) / len(x), -2 * np.sum(e) / len(x)
    return m - learning_rate * dm, b - learning_rate * db


def step_builtin_sum(x, y, m, b, learning_rate):
    e = residual(x, y, m, b)
    dm, db = -2 * sum(x * e) / len(x), -2 * sum(e) / len(x)
    return m - learning_rate * dm, b - learning_rate * db


STEP = {
    "passed": step_right,
    "none": lambda x, y, m, b, lr: None,
    "exception": lambda x, y, m, b: (m, b),  # forgot the learning_rate argument
    "not_pair": lambda x, y, m, b, lr: step_right(x, y, m, b, lr)[0],
    "uphill": step_with(scaled(gradient_right, -1)),
    "uphill#gradient": step_uphill_gradient,
    "no_learning_rate": lambda x, y, m, b, lr: step_right(x, y, m, b, 1.0),
    "returns_gradient": lambda x, y, m, b, lr: gradient_right(x, y, m, b),
    "returns_change": lambda x, y, m, b, lr: scaled(gradient_right, -lr)(x, y, m, b),
    "swapped": lambda x, y, m, b, lr: step_right(x, y, m, b, lr)[::-1],
    "swapped_gradient": step_with(lambda *args: gradient_right(*args)[::-1]),
    "sequential": step_sequential,
    "b_not_updated": lambda x, y, m, b, lr: (step_right(x, y, m, b, lr)[0], b),
    "m_not_updated": lambda x, y, m, b, lr: (m, step_right(x, y, m, b, lr)[1]),
    "gradient_half": step_with(scaled(gradient_right, 0.5)),
    "gradient_twice": step_with(scaled(gradient_right, 2)),
    "gradient_sum": lambda x, y, m, b, lr: step_with(scaled(gradient_right, len(x)))(
        x, y, m, b, lr
    ),
    "gradient_no_intercept": step_with(lambda x, y, m, b: gradient_right(x, y, m, 0.0)),
    "gradient_divided_twice": step_divided_twice,
    "gradient_residual_sign": step_residual_sign,
    "builtin_sum": step_builtin_sum,
    "b_wrong": lambda x, y, m, b, lr: (step_right(x, y, m, b, lr)[0], b + 1.0),
    "m_wrong": lambda x, y, m, b, lr: (m + 1.0, step_right(x, y, m, b, lr)[1]),
}


# --- should_stop ------------------------------------------------------------------------


def should_stop_right(dm, db, tolerance):
    return math.sqrt(dm**2 + db**2) <= tolerance


STOP = {
    "passed": should_stop_right,
    "none": lambda dm, db, tol: None,
    "exception": lambda dm, db, tol: math.log(-1.0),
    "not_bool": lambda dm, db, tol: math.sqrt(dm**2 + db**2),
    "inverted": lambda dm, db, tol: not should_stop_right(dm, db, tol),
    "inverted#ge": lambda dm, db, tol: math.sqrt(dm**2 + db**2) >= tol,
    "inverted#gt": lambda dm, db, tol: math.sqrt(dm**2 + db**2) > tol,
    "strict": lambda dm, db, tol: math.sqrt(dm**2 + db**2) < tol,
    "squared": lambda dm, db, tol: dm**2 + db**2 <= tol,
    "l1": lambda dm, db, tol: abs(dm) + abs(db) <= tol,
    "each_part": lambda dm, db, tol: abs(dm) <= tol and abs(db) <= tol,
    "dm_only": lambda dm, db, tol: abs(dm) <= tol,
    "db_only": lambda dm, db, tol: abs(db) <= tol,
    "no_abs": lambda dm, db, tol: dm + db <= tol,
    "constant": lambda dm, db, tol: False,
}

TABLES = {
    "predict": PREDICT,
    "mse": MSE,
    "mse_gradient": GRADIENT,
    "step": STEP,
    "should_stop": STOP,
    **PART2,
    **PART3,
}
# A table key "hint#variant" is one more known-wrong function for the same hint.
CASES = [
    (check, hint, function) for check, table in TABLES.items() for hint, function in table.items()
]


@pytest.mark.parametrize(
    ("check", "hint", "function"), CASES, ids=[f"{c}-{h}" for c, h, _ in CASES]
)
def test_each_mistake_gets_its_own_hint(check, hint, function):
    hint = hint.split("#")[0]
    for seed in SEEDS:
        verdict = checks.judge(check, function, seed=seed)
        assert verdict.hint == hint, (seed, verdict.message)
        assert bool(verdict) == (hint == "passed")
    # and with fresh random cases, as students run it
    assert checks.judge(check, function).hint == hint


PRINTERS = {check: getattr(checks, f"check_{check}") for check in TABLES}


def test_every_check_is_tested_and_exported():
    assert set(TABLES) == set(SPECS)
    assert {f"check_{name}" for name in SPECS} | {"Verdict", "judge"} == set(checks.__all__)


@pytest.mark.parametrize(
    ("check", "hint", "function"), CASES, ids=[f"{c}-{h}" for c, h, _ in CASES]
)
def test_a_check_prints_one_short_line_and_returns_none(check, hint, function, capsys):
    hint = hint.split("#")[0]
    assert PRINTERS[check](function, seed=0) is None
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    line = lines[0]
    if hint == "passed":
        assert line.startswith(f"✔ {check}: passed ")
    else:
        assert line.startswith(f"✘ {check}: not yet — ")
    assert len(line) < 260
    assert line == checks.judge(check, function, seed=0).message


def reference_values(check: str, seed: int) -> list[float]:
    """Every number the check compares against, regenerated from the same seed."""
    spec = SPECS[check]
    values: list[float] = []
    for case in spec.make_cases(np.random.default_rng(seed), 20):
        answer = spec.reference(*case)
        for part in answer if isinstance(answer, tuple) else (answer,):
            values += np.ravel(np.asarray(part, dtype=float)).tolist()
    return values


def spellings(value: float) -> set[str]:
    forms = {repr(value), str(value)} | {f"{value:.{d}f}" for d in range(1, 7)}
    forms |= {f"{value:.{d}g}" for d in range(3, 7)} | {f"{value:.3e}"}
    return {form for form in forms if sum(ch.isdigit() for ch in form) >= 3}


@pytest.mark.parametrize("check", list(PRINTERS))
def test_output_never_contains_the_expected_values(check, capsys):
    table = TABLES[check]
    for seed in [0, 7]:
        truth = {v for v in reference_values(check, seed) if v not in (0.0, 1.0)}
        forms = set().union(*map(spellings, truth))  # every spelling of every expected value
        for hint, function in table.items():
            if hint.startswith("exception"):
                continue  # the message there is the student's own error text
            PRINTERS[check](function, seed=seed)
            out = capsys.readouterr().out
            assert not re.search(r"\d\.\d", out), (hint, out)
            leaked = sorted(form for form in forms if form in out)
            assert not leaked, (hint, leaked, out)


def test_a_stub_gets_the_same_line_every_time(capsys):
    def my_mse(x, y, m, b):
        # your code here
        ...

    for _ in range(3):
        checks.check_mse(my_mse)
    lines = capsys.readouterr().out.splitlines()
    assert len(set(lines)) == 1
    assert "returned None" in lines[0]


def test_fresh_random_cases_on_every_call():
    seen = []

    def spy(x, y, m, b):
        seen.append((len(x), m, b))
        return mse_right(x, y, m, b)

    checks.judge("mse", spy)
    first = list(seen)
    seen.clear()
    checks.judge("mse", spy)
    assert first != seen
    seen.clear()
    checks.judge("mse", spy, seed=3)
    again = list(seen)
    seen.clear()
    checks.judge("mse", spy, seed=3)
    assert again == seen


def test_the_student_gets_copies_and_their_prints_are_hidden(capsys):
    def messy(x, y, m, b):
        value = mse_right(x, y, m, b)
        print("debugging", value)
        x[:] = 0.0
        y[:] = 0.0
        return value

    checks.check_mse(messy, seed=1)
    out = capsys.readouterr().out
    assert out.startswith("✔ mse: passed 20 random cases.")
    assert "debugging" not in out


def test_exception_hint_names_the_error_and_the_call():
    verdict = checks.judge("mse", lambda x, y, m, b: 1 / 0, seed=0)
    assert verdict.hint == "exception"
    assert "ZeroDivisionError: division by zero" in verdict.message
    assert "f(x, y, m, b)" in verdict.message


def test_passing_the_result_instead_of_the_function():
    verdict = checks.judge("mse", mse_right(np.ones(3), np.ones(3), 1.0, 0.0))
    assert verdict.hint == "not_callable"


def test_bad_arguments_to_the_check_itself():
    with pytest.raises(ValueError, match="check must be one of"):
        checks.judge("rmse", mse_right)
    with pytest.raises(ValueError, match="cases must be a positive int"):
        checks.judge("mse", mse_right, cases=0)


def test_verdict_repr_is_short_and_deterministic():
    verdict = checks.judge("mse", MSE["twice"], seed=0)
    assert repr(verdict) == "Verdict(check='mse', passed=False, hint='twice')"


def test_checks_is_a_module_of_gdlib():
    assert gdlib.checks is checks
    assert not hasattr(gdlib, "check_mse")  # kept in its own namespace
