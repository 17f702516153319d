"""Chapter 3: the two partial derivatives of the MSE."""

from __future__ import annotations

from collections.abc import Callable

import gdlib

from .cases import line_case
from .runner import Spec, close, judge, numbers_tuple, register

__all__ = ["check_mse_gradient"]


def gradient(x, y, m, b) -> tuple[float, float]:
    """gdlib's (dm, db) as a tuple of floats."""
    dm, db = gdlib.mse_gradient(x, y, m, b)
    return float(dm), float(db)


def scaled_gradient(factor_m: float, factor_b: float | None = None) -> Callable:
    """A wrong gradient: gdlib's, each part multiplied by a factor."""
    factor_b = factor_m if factor_b is None else factor_b

    def variant(x, y, m, b):
        dm, db = gradient(x, y, m, b)
        return factor_m * dm, factor_b * db

    return variant


def per_point(factor: Callable) -> Callable:
    """A wrong gradient scaled by a factor that depends on the number of points N."""
    return lambda x, y, m, b: scaled_gradient(factor(len(x)))(x, y, m, b)


def _partial(outputs: list, expected: list) -> tuple[str, str] | None:
    dm_right = all(close(o[0], e[0]) for o, e in zip(outputs, expected, strict=True))
    db_right = all(close(o[1], e[1]) for o, e in zip(outputs, expected, strict=True))
    if dm_right:
        return "db_wrong", "your dm is right but your db is not. Check the formula for db."
    if db_right:
        return "dm_wrong", "your db is right but your dm is not. Check the formula for dm."
    return None


register(
    Spec(
        name="mse_gradient",
        call="f(x, y, m, b) with numpy arrays x, y and numbers m, b; it returns (dm, db)",
        make_cases=lambda rng, count: [line_case(rng) for _ in range(count)],
        read=lambda raw, case: numbers_tuple(raw, len(case[0]), ("dm", "db")),
        reference=gradient,
        partial=_partial,
        mistakes=[
            (
                "swapped",
                "you return the two derivatives in the wrong order: return dm first, then db.",
                lambda x, y, m, b: gradient(x, y, m, b)[::-1],
            ),
            (
                "sign",
                "both derivatives have the wrong sign. The derivative of (y - (m x + b))^2 "
                "with respect to m is -2 x (y - (m x + b)): the minus comes from the inside "
                "(chain rule).",
                scaled_gradient(-1.0),
            ),
            (
                "sign_dm",
                "dm has the wrong sign (db is right): the inner derivative of y - (m x + b) "
                "with respect to m is -x.",
                scaled_gradient(-1.0, 1.0),
            ),
            (
                "sign_db",
                "db has the wrong sign (dm is right): the inner derivative of y - (m x + b) "
                "with respect to b is -1.",
                scaled_gradient(1.0, -1.0),
            ),
            (
                "half",
                "your derivatives are exactly half the right ones: you lost the factor 2 that "
                "the chain rule brings down from the square (the derivative of e^2 is 2e).",
                scaled_gradient(0.5),
            ),
            (
                "twice",
                "your derivatives are exactly twice the right ones: the factor 2 from the "
                "square appears once, and the sum is divided by N (not by N/2).",
                scaled_gradient(2.0),
            ),
            (
                "sum",
                "your derivatives are N times the right ones: you added up over the points. "
                "Divide by N (the MSE is a mean, so is its gradient).",
                per_point(lambda n: n),
            ),
            (
                "divided_twice",
                "your derivatives are the right ones divided by N once more: divide the sum "
                "by N once (np.mean already divides).",
                per_point(lambda n: 1 / n),
            ),
            (
                "no_intercept",
                "your derivatives match a line without intercept: the residuals are "
                "y - (m * x + b), with b.",
                lambda x, y, m, b: gradient(x, y, m, 0.0),
            ),
            (
                "residual_sign",
                "your derivatives match the line m * x - b: a sign slipped inside the "
                "residual. y - m * x + b is not y - (m * x + b); mind the brackets.",
                lambda x, y, m, b: gradient(x, y, m, -b),
            ),
            (
                "db_has_x",
                "your db equals your dm: db has no factor x_i (the derivative of m x + b with "
                "respect to b is 1).",
                lambda x, y, m, b: (gradient(x, y, m, b)[0],) * 2,
            ),
            (
                "dm_no_x",
                "your dm equals your db: dm needs the factor x_i inside the sum (the "
                "derivative of m x + b with respect to m is x).",
                lambda x, y, m, b: (gradient(x, y, m, b)[1],) * 2,
            ),
        ],
    )
)


def check_mse_gradient(
    gradient_function: object, *, cases: int = 20, seed: int | None = None
) -> None:
    r"""Check your own ``mse_gradient(x, y, m, b)``: the two partial derivatives of the MSE.

    .. math::

        \frac{\partial\,\mathrm{MSE}}{\partial m} = -\frac{2}{N} \sum_{i=1}^{N} x_i\,(y_i - (m x_i + b)),
        \qquad
        \frac{\partial\,\mathrm{MSE}}{\partial b} = -\frac{2}{N} \sum_{i=1}^{N} (y_i - (m x_i + b))

    Your function is called as ``gradient_function(x, y, m, b)`` and must return the pair
    ``(dm, db)`` of two numbers, in that order. Builtin ``sum`` is allowed; calling
    ``gdlib.mse_gradient`` is not (own work). Prints one line: a pass, or a hint such as
    "wrong sign", "dm and db swapped", "factor 2 missing", "db has a factor x".

    Parameters
    ----------
    gradient_function : callable
        Your function.
    cases : int, default 20
        Number of random cases to try.
    seed : int, optional
        Seed for the random cases; by default every call draws fresh ones.

    Examples
    --------
    >>> import numpy as np
    >>> def my_gradient(x, y, m, b):
    ...     residual = y - (m * x + b)
    ...     return -2 * np.mean(x * residual), -2 * np.mean(residual)
    >>> check_mse_gradient(my_gradient)
    ✔ mse_gradient: passed 20 random cases.
    >>> def my_gradient(x, y, m, b):
    ...     residual = y - (m * x + b)
    ...     return -2 * np.mean(residual), -2 * np.mean(x * residual)
    >>> check_mse_gradient(my_gradient)
    ✘ mse_gradient: not yet — you return the two derivatives in the wrong order: return dm first, then db.
    """
    print(judge("mse_gradient", gradient_function, cases=cases, seed=seed).message)
