"""Part III: the gradients of the ridge cost (chapter 14) and of the cross-entropy (chapter 15)."""

from __future__ import annotations

import numpy as np

import gdlib

from .runner import Spec, judge, numbers_tuple, register

__all__ = ["check_cross_entropy_gradient", "check_ridge_gradient"]


def _away_from_zero(rng: np.random.Generator, low: float, high: float) -> float:
    while True:
        value = float(rng.uniform(low, high))
        if abs(value) > 0.3:
            return value


def _ridge_case(rng: np.random.Generator):
    n = int(rng.integers(5, 30))
    x = rng.uniform(-3.0, 3.0, size=n)
    y = rng.uniform(-3, 3) * x + rng.uniform(-3, 3) + rng.normal(size=n)
    m, b = _away_from_zero(rng, -4, 4), _away_from_zero(rng, -4, 4)
    return x, y, m, b, float(rng.uniform(0.2, 2.0))


def _ridge(x, y, m, b, lam):
    dm, db = gdlib.ridge_gradient(x, y, m, b, lam=lam)
    return float(dm), float(db)


def _mse_part(x, y, m, b, lam):
    return _ridge(x, y, m, b, 0.0)


register(
    Spec(
        name="ridge_gradient",
        call="f(x, y, m, b, lam) with numpy arrays x, y and numbers m, b, lam; it returns (dm, db)",
        make_cases=lambda rng, count: [_ridge_case(rng) for _ in range(count)],
        read=lambda raw, case: numbers_tuple(raw, len(case[0]), ("dm", "db")),
        reference=_ridge,
        mistakes=[
            (
                "no_penalty",
                "your gradient is the MSE's alone: the penalty lam * m**2 adds its own "
                "derivative to dm.",
                _mse_part,
            ),
            (
                "penalty_half",
                "the penalty's part of dm is half the right one: differentiate lam * m**2 "
                "again, with the power rule.",
                lambda x, y, m, b, lam: (
                    _mse_part(x, y, m, b, lam)[0] + lam * m,
                    _ridge(x, y, m, b, lam)[1],
                ),
            ),
            (
                "penalty_sign",
                "the penalty's part of dm has the wrong sign: the penalty grows with |m|, so "
                "its derivative points away from 0, the way m already lies.",
                lambda x, y, m, b, lam: (
                    _mse_part(x, y, m, b, lam)[0] - 2 * lam * m,
                    _ridge(x, y, m, b, lam)[1],
                ),
            ),
            (
                "intercept_penalised",
                "your db includes a penalty: in this book the intercept b is not penalised "
                "(only the weights are), so db is the MSE's alone.",
                lambda x, y, m, b, lam: (
                    _ridge(x, y, m, b, lam)[0],
                    _ridge(x, y, m, b, lam)[1] + 2 * lam * b,
                ),
            ),
            (
                "penalty_per_point",
                "the penalty's part of dm is N times too big: the penalty is added once to "
                "the mean, not once per data point.",
                lambda x, y, m, b, lam: (
                    _mse_part(x, y, m, b, lam)[0] + 2 * lam * m * len(x),
                    _ridge(x, y, m, b, lam)[1],
                ),
            ),
            (
                "swapped",
                "you return the two derivatives in the wrong order: return dm first, then db.",
                lambda x, y, m, b, lam: _ridge(x, y, m, b, lam)[::-1],
            ),
        ],
    )
)


def _logistic_case(rng: np.random.Generator):
    n = int(rng.integers(6, 30))
    x = rng.normal(0.0, 2.0, size=n)
    y = (rng.uniform(size=n) < 0.5).astype(float)
    y[:2] = (0.0, 1.0)  # both classes present
    return x, y, _away_from_zero(rng, -2, 2), _away_from_zero(rng, -2, 2)


def _ce(x, y, m, b):
    dm, db = gdlib.cross_entropy_gradient(x, y, m, b)
    return float(dm), float(db)


def _with_residual(residual):
    def variant(x, y, m, b):
        r = residual(x, y, m, b)
        return float(np.mean(r * x)), float(np.mean(r))

    return variant


def _p(x, m, b):
    return 1.0 / (1.0 + np.exp(-(m * x + b)))


register(
    Spec(
        name="cross_entropy_gradient",
        call="f(x, y, m, b) with numpy arrays x, y (labels 0/1) and numbers m, b; it returns (dm, db)",
        make_cases=lambda rng, count: [_logistic_case(rng) for _ in range(count)],
        read=lambda raw, case: numbers_tuple(raw, len(case[0]), ("dm", "db")),
        reference=_ce,
        mistakes=[
            (
                "sign",
                "both derivatives have the wrong sign: use the residual p - y (prediction "
                "minus label), as for the MSE.",
                lambda x, y, m, b: tuple(-v for v in _ce(x, y, m, b)),
            ),
            (
                "line_not_probability",
                "your residual uses the line's output m * x + b, not the probability "
                "p = sigmoid(m * x + b): pass the line through the sigmoid first.",
                _with_residual(lambda x, y, m, b: m * x + b - y),
            ),
            (
                "twice",
                "your derivatives are exactly twice the right ones: the cross-entropy's "
                "gradient has no factor 2 (the MSE's 2 came from the square).",
                lambda x, y, m, b: tuple(2 * v for v in _ce(x, y, m, b)),
            ),
            (
                "sum",
                "your derivatives are N times the right ones: you added up over the points. "
                "Divide by N (the loss is a mean, so is its gradient).",
                lambda x, y, m, b: tuple(len(x) * v for v in _ce(x, y, m, b)),
            ),
            (
                "squared_error_of_p",
                "your residual carries an extra factor p * (1 - p): that is the gradient of "
                "the squared error of p (divided by 2), not of the cross-entropy, whose "
                "residual is plain p - y.",
                _with_residual(
                    lambda x, y, m, b: (_p(x, m, b) - y) * _p(x, m, b) * (1 - _p(x, m, b))
                ),
            ),
            (
                "swapped",
                "you return the two derivatives in the wrong order: return dm first, then db.",
                lambda x, y, m, b: _ce(x, y, m, b)[::-1],
            ),
            (
                "db_has_x",
                "your db equals your dm: db has no factor x_i (the derivative of m x + b "
                "with respect to b is 1).",
                lambda x, y, m, b: (_ce(x, y, m, b)[0],) * 2,
            ),
            (
                "dm_no_x",
                "your dm equals your db: dm needs the factor x_i inside the mean.",
                lambda x, y, m, b: (_ce(x, y, m, b)[1],) * 2,
            ),
        ],
    )
)


def check_ridge_gradient(
    gradient_function: object, *, cases: int = 20, seed: int | None = None
) -> None:
    r"""Check your own ``ridge_gradient(x, y, m, b, lam)`` for one feature (chapter 14).

    .. math::

        \frac{\partial J}{\partial m} = -\frac2N\sum_i x_i\,(y_i - (m x_i + b)) + 2\lambda m, \qquad
        \frac{\partial J}{\partial b} = -\frac2N\sum_i (y_i - (m x_i + b))

    for :math:`J = \mathrm{MSE} + \lambda m^2` (the intercept is not penalised). Returns
    ``(dm, db)``. Calling gdlib's gradients is not own work. Prints one line.

    Examples
    --------
    >>> import numpy as np
    >>> def my_ridge_gradient(x, y, m, b, lam):
    ...     r = y - (m * x + b)
    ...     return -2 * np.mean(x * r) + 2 * lam * m, -2 * np.mean(r)
    >>> check_ridge_gradient(my_ridge_gradient)
    ✔ ridge_gradient: passed 20 random cases.
    """
    print(judge("ridge_gradient", gradient_function, cases=cases, seed=seed).message)


def check_cross_entropy_gradient(
    gradient_function: object, *, cases: int = 20, seed: int | None = None
) -> None:
    r"""Check your own ``cross_entropy_gradient(x, y, m, b)`` for one feature (chapter 15).

    .. math::

        \frac{\partial\,\mathrm{CE}}{\partial m} = \frac1N\sum_i x_i\,(p_i - y_i), \qquad
        \frac{\partial\,\mathrm{CE}}{\partial b} = \frac1N\sum_i (p_i - y_i), \qquad
        p_i = \sigma(m x_i + b)

    ``y`` holds labels 0 and 1. Returns ``(dm, db)``. Calling gdlib's gradients or
    ``gdlib.sigmoid`` is not own work. Prints one line.

    Examples
    --------
    >>> import numpy as np
    >>> def my_gradient(x, y, m, b):
    ...     p = 1 / (1 + np.exp(-(m * x + b)))
    ...     return np.mean((p - y) * x), np.mean(p - y)
    >>> check_cross_entropy_gradient(my_gradient)
    ✔ cross_entropy_gradient: passed 20 random cases.
    """
    print(judge("cross_entropy_gradient", gradient_function, cases=cases, seed=seed).message)
