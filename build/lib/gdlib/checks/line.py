"""Chapters 1 and 2: the line's predictions and its mean squared error."""

from __future__ import annotations

import math

import numpy as np

import gdlib

from .cases import line_case
from .runner import Problem, Spec, close, describe, judge, number, register

__all__ = ["check_mse", "check_predict"]


# ----------------------------------------------------------------------------------------
# predict
# ----------------------------------------------------------------------------------------


def _read_predictions(raw: object, case: tuple) -> np.ndarray:
    n = len(case[0])
    try:
        values = np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        raise Problem(
            "not_number",
            f"your function returned {describe(raw, n)} that is not made of numbers; "
            "return an array of predictions, one per input.",
        ) from None
    if values.ndim == 0:
        raise Problem(
            "scalar",
            "your function returned one number; return one prediction per input x_i, an "
            "array with the same shape as x. Arithmetic on a numpy array works on every "
            "element at once.",
        )
    if values.shape != (n,):
        hint = " Does it use a global x instead of its own argument x?" if values.ndim == 1 else ""
        raise Problem(
            "shape",
            f"your function returned {describe(values, n)} but x has shape (N,); return one "
            f"prediction per input.{hint}",
        )
    return values


register(
    Spec(
        name="predict",
        call="f(x, m, b) with a numpy array x and numbers m, b",
        make_cases=lambda rng, count: [
            (x, m, b) for x, _, m, b in (line_case(rng) for _ in range(count))
        ],
        read=_read_predictions,
        reference=lambda x, m, b: gdlib.predict(x, m, b),
        mistakes=[
            (
                "swapped",
                "your predictions match the line b * x + m: you swapped the slope m and the "
                "intercept b.",
                lambda x, m, b: gdlib.predict(x, b, m),
            ),
            (
                "no_intercept",
                "your predictions leave out the intercept b: every prediction includes it.",
                lambda x, m, b: gdlib.predict(x, m, 0.0),
            ),
            (
                "sign",
                "your predictions have the right size but the wrong sign: look for a minus "
                "sign that should not be there.",
                lambda x, m, b: -gdlib.predict(x, m, b),
            ),
            (
                "minus_b",
                "your predictions subtract the intercept: b is added, not subtracted.",
                lambda x, m, b: gdlib.predict(x, m, -b),
            ),
            (
                "brackets",
                "your predictions match m * (x + b): the slope multiplies x only, not the "
                "intercept. Check your brackets.",
                lambda x, m, b: gdlib.predict(x + b, m, 0.0),
            ),
        ],
    )
)


# ----------------------------------------------------------------------------------------
# mse
# ----------------------------------------------------------------------------------------


def _residuals(x: np.ndarray, y: np.ndarray, m: float, b: float) -> np.ndarray:
    return y - gdlib.predict(x, m, b)


def _read_mse(raw: object, case: tuple) -> float:
    x, y, m, b = case
    if isinstance(raw, np.ndarray) and raw.shape == (len(x),):
        if close(raw, _residuals(x, y, m, b) ** 2):
            raise Problem(
                "no_mean",
                "your function returned the squared residuals, one per point (an array of "
                "shape (N,)): average them into one number, for example with np.mean(...).",
            )
    return number(raw, len(x), "the MSE")


def _mse(x, y, m, b) -> float:
    return gdlib.mse(x, y, m, b)


_NOT_SQUARED = (
    "you averaged the residuals without squaring them, so misses above and below the line "
    "cancel out (chapter 1). Square each residual first."
)

register(
    Spec(
        name="mse",
        call="f(x, y, m, b) with numpy arrays x, y and numbers m, b",
        make_cases=lambda rng, count: [line_case(rng) for _ in range(count)],
        read=_read_mse,
        reference=_mse,
        mistakes=[
            (
                "twice",
                "your values are exactly twice the right ones. The MSE is the sum of the "
                "squared residuals divided by N (not by N/2), with no factor 2 in front.",
                lambda x, y, m, b: 2 * _mse(x, y, m, b),
            ),
            (
                "half",
                "your values are exactly half the right ones. Did you multiply by 1/2 (the "
                "'half MSE' some texts use)? Here the MSE is the plain mean of the squared "
                "residuals.",
                lambda x, y, m, b: _mse(x, y, m, b) / 2,
            ),
            (
                "sum",
                "your values are N times the right ones: you added up the squared residuals. "
                "Divide by N, the number of points, to get their mean.",
                lambda x, y, m, b: len(x) * _mse(x, y, m, b),
            ),
            (
                "divided_twice",
                "your values are the right ones divided by N once more: divide the sum by N "
                "once (np.mean already divides).",
                lambda x, y, m, b: _mse(x, y, m, b) / len(x),
            ),
            (
                "n_minus_1",
                "you divided by N - 1; the mean squared error divides by N, the number of points.",
                lambda x, y, m, b: len(x) * _mse(x, y, m, b) / (len(x) - 1),
            ),
            (
                "sign",
                "your values have the right size but are negative. A mean of squares can "
                "never be negative: check where your minus sign goes.",
                lambda x, y, m, b: -_mse(x, y, m, b),
            ),
            (
                "root",
                "your values are the square roots of the right ones: that is the root mean "
                "squared error (RMSE). Leave out the square root.",
                lambda x, y, m, b: math.sqrt(_mse(x, y, m, b)),
            ),
            (
                "absolute",
                "you averaged the absolute residuals |e_i|; square them instead, e_i ** 2.",
                lambda x, y, m, b: float(np.mean(np.abs(_residuals(x, y, m, b)))),
            ),
            (
                "not_squared",
                _NOT_SQUARED,
                lambda x, y, m, b: float(np.mean(_residuals(x, y, m, b))),
            ),
            (
                "not_squared",
                _NOT_SQUARED,
                lambda x, y, m, b: -float(np.mean(_residuals(x, y, m, b))),
            ),
            (
                "square_of_mean",
                "you squared the mean residual. Square each residual first, then take the "
                "mean of the squares.",
                lambda x, y, m, b: float(np.mean(_residuals(x, y, m, b))) ** 2,
            ),
            (
                "no_intercept",
                "your values match a line without intercept: the prediction includes b.",
                lambda x, y, m, b: _mse(x, y, m, 0.0),
            ),
            (
                "residual_sign",
                "your values match the line m * x - b: a sign slipped inside the residual. "
                "y - m * x + b is not y - (m * x + b); mind the brackets.",
                lambda x, y, m, b: _mse(x, y, m, -b),
            ),
            (
                "swapped",
                "your values match the line b * x + m: you swapped the slope m and the "
                "intercept b.",
                lambda x, y, m, b: _mse(x, y, b, m),
            ),
        ],
    )
)


def check_predict(predict_function: object, *, cases: int = 20, seed: int | None = None) -> None:
    r"""Check your own ``predict(x, m, b)``: the line's prediction for every input.

    .. math:: \hat y_i = m x_i + b, \qquad i = 1, \dots, N

    Your function is called as ``predict_function(x, m, b)`` with a numpy array ``x`` of
    shape (N,) and numbers ``m``, ``b``, and must return the N predictions (an array of
    shape (N,), or a list). It must be your own code: calling ``gdlib.predict`` gets no
    credit. Prints one line: a pass, or a hint that names the mistake without giving the
    formula away.

    Parameters
    ----------
    predict_function : callable
        Your function.
    cases : int, default 20
        Number of random cases to try.
    seed : int, optional
        Seed for the random cases; by default every call draws fresh ones.

    Examples
    --------
    >>> def my_predict(x, m, b):
    ...     return m * x + b
    >>> check_predict(my_predict)
    ✔ predict: passed 20 random cases.
    >>> def my_predict(x, m, b):
    ...     return b * x + m
    >>> check_predict(my_predict)
    ✘ predict: not yet — your predictions match the line b * x + m: you swapped the slope m and the intercept b.
    """
    print(judge("predict", predict_function, cases=cases, seed=seed).message)


def check_mse(mse_function: object, *, cases: int = 20, seed: int | None = None) -> None:
    r"""Check your own ``mse(x, y, m, b)``: the mean squared error of a line.

    .. math:: \mathrm{MSE}(m, b) = \frac{1}{N} \sum_{i=1}^{N} \bigl(y_i - (m x_i + b)\bigr)^2

    Your function is called as ``mse_function(x, y, m, b)`` with numpy arrays ``x``, ``y``
    of shape (N,) and numbers ``m``, ``b``, and must return one number. Python's builtin
    ``sum`` is allowed here; calling ``gdlib.mse`` or ``gdlib.predict`` is not (own work).
    Prints one line: a pass, or a hint such as "sum instead of mean", "off by a factor of
    2", "square root taken", "forgot the intercept", "returned an array".

    Parameters
    ----------
    mse_function : callable
        Your function.
    cases : int, default 20
        Number of random cases to try.
    seed : int, optional
        Seed for the random cases; by default every call draws fresh ones.

    Examples
    --------
    >>> import numpy as np
    >>> def my_mse(x, y, m, b):
    ...     return np.mean((y - (m * x + b)) ** 2)
    >>> check_mse(my_mse)
    ✔ mse: passed 20 random cases.
    >>> def my_mse(x, y, m, b):
    ...     ...  # not written yet
    >>> check_mse(my_mse)
    ✘ mse: not yet — your function returned None. Write its body and end it with a return statement that gives the result.
    """
    print(judge("mse", mse_function, cases=cases, seed=seed).message)
