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


#: For tests/test_checks.py, which runs every check's table (hint -> known function).
PART3 = {
    "ridge_gradient": {"passed": ridge(), **RIDGE_MISTAKES},
    "cross_entropy_gradient": {"passed": ce(), **CE_MISTAKES},
}
