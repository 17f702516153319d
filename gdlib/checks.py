r"""Self-checks: test your own version of a formula, without seeing the answer.

Write your own function, then hand it to the matching check::

    def my_mse(x, y, m, b):
        ...

    gdlib.checks.check_mse(my_mse)

The check calls your function on fresh random data every time (so there is nothing to
copy or hard-code), compares what it returns with ``gdlib``'s own implementation, and
prints **one line**: a pass, or a hint about what is wrong ("your values are exactly twice
the right ones", "you swapped dm and db", ...). It never prints the values it expected.

A check never raises because of your function: if your function raises an error or
returns ``None`` (not written yet), the line says so. Your function gets copies of the
data, and anything it prints is hidden while the check runs.

============================  ==============================================  ===========
check                         your function                                   chapter
============================  ==============================================  ===========
:func:`check_predict`         ``predict(x, m, b) -> y_hat``, shape (N,)       1
:func:`check_mse`             ``mse(x, y, m, b) -> float``                    2
:func:`check_mse_gradient`    ``mse_gradient(x, y, m, b) -> (dm, db)``        3
:func:`check_step`            ``step(x, y, m, b, learning_rate) -> (m, b)``   4
:func:`check_should_stop`     ``should_stop(dm, db, tolerance) -> bool``      5
============================  ==============================================  ===========

For grading, :func:`judge` runs the same check silently and returns a :class:`Verdict`.
"""

from __future__ import annotations

import contextlib
import io
import math
import numbers
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .descent import gradient_descent
from .loss import mse, mse_gradient
from .model import predict
from .stability import stability_limit

__all__ = [
    "Verdict",
    "check_mse",
    "check_mse_gradient",
    "check_predict",
    "check_should_stop",
    "check_step",
    "judge",
]

_RTOL, _ATOL = 1e-6, 1e-9


@dataclass(frozen=True)
class Verdict:
    """The outcome of one self-check; true when the function passed.

    ``hint`` is a short key naming the mistake found (``"passed"`` when there is none),
    for example ``"twice"``, ``"swapped"``, ``"none"`` or ``"exception"``; ``message`` is
    the line :func:`check_mse` and the other checks print.
    """

    check: str  #: which check ran ("predict", "mse", "mse_gradient", "step" or "should_stop")
    passed: bool  #: True if every case matched gdlib's own function
    hint: str  #: key of the mistake found, or "passed"
    message: str  #: the one line a check prints

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"Verdict(check={self.check!r}, passed={self.passed}, hint={self.hint!r})"


class _Problem(Exception):
    """Raised inside a check when the student's output shows a mistake."""

    def __init__(self, hint: str, text: str):
        super().__init__(text)
        self.hint, self.text = hint, text


# ----------------------------------------------------------------------------------------
# Random cases
# ----------------------------------------------------------------------------------------


def _line_case(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Random data around a random line, and a random (m, b) that is not the best fit."""
    n = int(rng.integers(5, 30))
    x = rng.uniform(-2.0, 10.0, size=n)
    slope, intercept = rng.uniform(-5.0, 5.0), rng.uniform(-10.0, 10.0)
    y = slope * x + intercept + rng.normal(0.0, 1.0 + abs(slope), size=n)
    while True:  # keep m, b and m - b away from 0, so every mistake changes the result
        m, b = rng.uniform(-6.0, 6.0, size=2)
        if min(abs(m), abs(b), abs(m - b)) > 0.5:
            return x, y, float(m), float(b)


def _step_case(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float, float, float]:
    """A line case plus a stable learning rate (a fraction of the stability limit)."""
    x, y, m, b = _line_case(rng)
    return x, y, m, b, float(rng.uniform(0.05, 0.9) * stability_limit(x))


def _stop_cases(rng: np.random.Generator, count: int) -> list[tuple[float, float, float]]:
    """Gradients (dm, db) and tolerances: edge cases that tell the rules apart, then random."""

    def polar(norm_over_tolerance: float, angle: float, tolerance: float):
        norm = norm_over_tolerance * tolerance
        return (float(norm * math.cos(angle)), float(norm * math.sin(angle)), float(tolerance))

    def tolerance(low: float = -6.0, high: float = 2.0) -> float:
        return float(10.0 ** rng.uniform(low, high))

    def one_large(tolerance: float, large_first: bool):
        """One derivative below the tolerance, the other far above it."""
        small = float(rng.uniform(-0.9, 0.9) * tolerance)
        large = float(rng.choice([-1.0, 1.0]) * rng.uniform(3.0, 30.0) * tolerance)
        return (large, small, tolerance) if large_first else (small, large, tolerance)

    diagonal = float(rng.choice([1, 3, 5, 7])) * math.pi / 4  # |dm| = |db|
    scale = 2.0 ** int(rng.integers(-20, 10))  # exact: sqrt((3s)^2 + (4s)^2) == 5s
    sign_m, sign_b = rng.choice([-1.0, 1.0], size=2)
    cases = [
        (float(sign_m * 3 * scale), float(sign_b * 4 * scale), float(5 * scale)),  # boundary
        (0.0, 0.0, tolerance()),  # at a minimum
        polar(rng.uniform(0.75, 0.95), diagonal, tolerance()),  # |dm| + |db| > tol
        polar(rng.uniform(1.05, 1.35), diagonal, tolerance()),  # |dm|, |db| < tol
        one_large(tolerance(), large_first=False),  # |dm| < tol < |db|
        one_large(tolerance(), large_first=True),  # |db| < tol < |dm|
        polar(rng.uniform(3.0, 30.0), -3 * math.pi / 4 + rng.uniform(-0.5, 0.5), tolerance()),
    ]
    small = tolerance(-6.0, -2.0)  # tol < 1: tol < norm < sqrt(tol)
    cases.append(
        polar(rng.uniform(2.0, 0.5 / math.sqrt(small)), rng.uniform(0, 2 * math.pi), small)
    )
    large = tolerance(2.0, 4.0)  # tol > 1: sqrt(tol) < norm < tol
    cases.append(
        polar(rng.uniform(2.0 / math.sqrt(large), 0.5), rng.uniform(0, 2 * math.pi), large)
    )
    for _ in range(count):
        ratio = (
            10.0 ** rng.uniform(-2.0, -0.05) if rng.random() < 0.5 else 10.0 ** rng.uniform(0.05, 2)
        )
        cases.append(polar(ratio, rng.uniform(0, 2 * math.pi), tolerance()))
    order = rng.permutation(len(cases))
    return [cases[i] for i in order]


# ----------------------------------------------------------------------------------------
# Calling the student's function and reading what it returned
# ----------------------------------------------------------------------------------------


def _call(function: Callable, case: tuple) -> object:
    """Call ``function`` on copies of ``case``, with its prints and warnings hidden."""
    arguments = [a.copy() if isinstance(a, np.ndarray) else a for a in case]
    with (
        contextlib.redirect_stdout(io.StringIO()),
        warnings.catch_warnings(),
        np.errstate(all="ignore"),
    ):
        warnings.simplefilter("ignore")
        return function(*arguments)


def _shape_text(shape: tuple[int, ...], n: int) -> str:
    """A shape with the number of data points written as N: ``(N, 1)``."""
    parts = ["N" if size == n else str(size) for size in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def _describe(value: object, n: int) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {_shape_text(value.shape, n)}"
    if isinstance(value, list | tuple):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"a value of type {type(value).__name__}"


def _number(value: object, n: int, what: str) -> float:
    """``value`` as a float, or raise _Problem saying why it is not one number."""
    if isinstance(value, bool | np.bool_):
        raise _Problem(
            "not_number",
            f"your function returned {value} (a bool) for {what}; it should be a number.",
        )
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        return float(value)
    if isinstance(value, np.ndarray | list | tuple):
        raise _Problem(
            "array",
            f"your function returned {_describe(value, n)} for {what} instead of one number: "
            "add up (or average) over the data points, and return a single float.",
        )
    raise _Problem(
        "not_number",
        f"your function returned {_describe(value, n)} for {what}; it should be a number, "
        "for example float(...).",
    )


def _pair(value: object, n: int, names: tuple[str, str]) -> tuple[float, float]:
    """``value`` as two floats, or raise _Problem."""
    first, second = names
    if isinstance(value, np.ndarray) and value.shape == (2,):
        value = tuple(value)
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise _Problem(
            "not_pair",
            f"your function returned {_describe(value, n)}; return the two numbers as a pair: "
            f"return {first}, {second}",
        )
    return _number(value[0], n, first), _number(value[1], n, second)


def _close(a: object, b: object) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=_RTOL, atol=_ATOL))


def _all_close(outputs: list, variant: Callable, cases: list) -> bool:
    with np.errstate(all="ignore"):
        return all(_close(out, variant(*case)) for out, case in zip(outputs, cases, strict=True))


def _first(text: str, limit: int = 200) -> str:
    line = (text.strip().splitlines() or [""])[0]
    return line if len(line) <= limit else line[: limit - 3] + "..."


# ----------------------------------------------------------------------------------------
# The generic judge
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    name: str  # "mse"
    call: str  # "f(x, y, m, b)", how the function is called
    make_cases: Callable[[np.random.Generator, int], list]
    read: Callable[[object, tuple], object]  # student output -> comparable value
    reference: Callable  # gdlib's answer for one case
    mistakes: list[tuple[str, str, Callable]]  # (hint, message, what that mistake returns)
    partial: Callable[[list, list, list], tuple[str, str] | None] = lambda *_: None
    count_text: str = "random cases"


def _verdict(spec: _Spec, hint: str, text: str) -> Verdict:
    passed = hint == "passed"
    mark = "✔" if passed else "✘"
    message = f"{mark} {spec.name}: {text}" if passed else f"{mark} {spec.name}: not yet — {text}"
    return Verdict(check=spec.name, passed=passed, hint=hint, message=message)


def _run(spec: _Spec, function: object, cases: int, seed: int | None) -> Verdict:
    if not callable(function):
        return _verdict(
            spec,
            "not_callable",
            f"pass the function itself, check_{spec.name}(my_{spec.name}), not the result "
            f"of calling it; got {_describe(function, -1)}.",
        )
    if isinstance(cases, bool) or not isinstance(cases, numbers.Integral) or cases < 1:
        raise ValueError(f"cases must be a positive int, for example 20; got {cases!r}.")
    rng = np.random.default_rng(seed)
    all_cases = spec.make_cases(rng, int(cases))
    outputs = []
    for case in all_cases:
        try:
            raw = _call(function, case)
        except Exception as error:  # the student's bug, reported as a hint
            detail = _first(str(error))
            return _verdict(
                spec,
                "exception",
                f"your function raised {type(error).__name__}"
                + (f": {detail}" if detail else "")
                + f". It is called as {spec.call}.",
            )
        if raw is None:
            return _verdict(
                spec,
                "none",
                "your function returned None. Write its body and end it with a return "
                "statement that gives the result.",
            )
        try:
            outputs.append(spec.read(raw, case))
        except _Problem as problem:
            return _verdict(spec, problem.hint, problem.text)
    expected = [spec.reference(*case) for case in all_cases]
    wrong = sum(not _close(o, e) for o, e in zip(outputs, expected, strict=True))
    if wrong == 0:
        return _verdict(spec, "passed", f"passed {len(all_cases)} {spec.count_text}.")
    if any(not np.all(np.isfinite(np.asarray(o, dtype=float))) for o in outputs):
        return _verdict(
            spec,
            "not_finite",
            "your function returned NaN or infinity on some cases. Look for a division by "
            "zero or a value that grows without bound.",
        )
    for hint, text, variant in spec.mistakes:
        if _all_close(outputs, variant, all_cases):
            return _verdict(spec, hint, text)
    partial = spec.partial(outputs, expected, all_cases)
    if partial is not None:
        return _verdict(spec, *partial)
    if len(outputs) > 1 and all(_close(o, outputs[0]) for o in outputs[1:]):
        return _verdict(
            spec,
            "constant",
            f"your function returned the same result for all {len(outputs)} cases. Does it "
            "use variables from outside the function (say, a global x or y) instead of its "
            "own arguments?",
        )
    return _verdict(
        spec,
        "wrong",
        f"your function gave a different result on {wrong} of {len(outputs)} cases. "
        "Compare it with the formula term by term, on a small example you can do by hand.",
    )


# ----------------------------------------------------------------------------------------
# predict
# ----------------------------------------------------------------------------------------


def _read_predictions(raw: object, case: tuple) -> np.ndarray:
    n = len(case[0])
    try:
        values = np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        raise _Problem(
            "not_number",
            f"your function returned {_describe(raw, n)} that is not made of numbers; "
            "return an array of predictions, one per input.",
        ) from None
    if values.ndim == 0:
        raise _Problem(
            "scalar",
            "your function returned one number; return one prediction per input x_i, an "
            "array with the same shape as x (numpy does this for you: m * x + b).",
        )
    if values.shape != (n,):
        hint = ""
        if values.ndim == 1:
            hint = " Does it use a global x instead of its own argument x?"
        raise _Problem(
            "shape",
            f"your function returned {_describe(values, n)} but x has shape (N,); return one "
            f"prediction per input.{hint}",
        )
    return values


_PREDICT = _Spec(
    name="predict",
    call="f(x, m, b) with a numpy array x and numbers m, b",
    make_cases=lambda rng, count: [
        (x, m, b) for x, _, m, b in (_line_case(rng) for _ in range(count))
    ],
    read=_read_predictions,
    reference=predict,
    mistakes=[
        (
            "swapped",
            "your predictions match the line b * x + m: you swapped the slope m and the "
            "intercept b.",
            lambda x, m, b: predict(x, b, m),
        ),
        (
            "no_intercept",
            "your predictions match m * x: add the intercept b to every prediction.",
            lambda x, m, b: predict(x, m, 0.0),
        ),
        (
            "sign",
            "your predictions have the right size but the wrong sign: the line is m * x + b.",
            lambda x, m, b: -predict(x, m, b),
        ),
        (
            "minus_b",
            "your predictions match m * x - b: the intercept is added, not subtracted.",
            lambda x, m, b: predict(x, m, -b),
        ),
        (
            "brackets",
            "your predictions match m * (x + b): only x is multiplied by m, so write m * x + b.",
            lambda x, m, b: predict(x + b, m, 0.0),
        ),
    ],
)


# ----------------------------------------------------------------------------------------
# mse
# ----------------------------------------------------------------------------------------


def _residuals(x: np.ndarray, y: np.ndarray, m: float, b: float) -> np.ndarray:
    return y - predict(x, m, b)


def _read_mse(raw: object, case: tuple) -> float:
    x, y, m, b = case
    if isinstance(raw, np.ndarray) and raw.shape == (len(x),):
        if _close(raw, _residuals(x, y, m, b) ** 2):
            raise _Problem(
                "no_mean",
                "your function returned the squared residuals, one per point (an array of "
                "shape (N,)): average them into one number, for example with np.mean(...).",
            )
    return _number(raw, len(x), "the MSE")


_MSE = _Spec(
    name="mse",
    call="f(x, y, m, b) with numpy arrays x, y and numbers m, b",
    make_cases=lambda rng, count: [_line_case(rng) for _ in range(count)],
    read=_read_mse,
    reference=mse,
    mistakes=[
        (
            "twice",
            "your values are exactly twice the right ones. The MSE is the sum of the squared "
            "residuals divided by N (not by N/2), with no factor 2 in front.",
            lambda x, y, m, b: 2 * mse(x, y, m, b),
        ),
        (
            "half",
            "your values are exactly half the right ones. Did you multiply by 1/2 (the "
            "'half MSE' some texts use)? Here the MSE is the plain mean of the squared residuals.",
            lambda x, y, m, b: mse(x, y, m, b) / 2,
        ),
        (
            "sum",
            "your values are N times the right ones: you added up the squared residuals. "
            "Divide by N, the number of points, to get their mean.",
            lambda x, y, m, b: len(x) * mse(x, y, m, b),
        ),
        (
            "n_minus_1",
            "you divided by N - 1; the mean squared error divides by N, the number of points.",
            lambda x, y, m, b: len(x) * mse(x, y, m, b) / (len(x) - 1),
        ),
        (
            "sign",
            "your values have the right size but are negative. A mean of squares can never "
            "be negative: check where your minus sign goes.",
            lambda x, y, m, b: -mse(x, y, m, b),
        ),
        (
            "root",
            "your values are the square roots of the right ones: that is the root mean "
            "squared error (RMSE). Leave out the square root.",
            lambda x, y, m, b: math.sqrt(mse(x, y, m, b)),
        ),
        (
            "absolute",
            "you averaged the absolute residuals |e_i|; square them instead, e_i ** 2.",
            lambda x, y, m, b: float(np.mean(np.abs(_residuals(x, y, m, b)))),
        ),
        (
            "not_squared",
            "you averaged the residuals without squaring them, so misses above and below "
            "the line cancel out (chapter 1). Square each residual first.",
            lambda x, y, m, b: float(np.mean(_residuals(x, y, m, b))),
        ),
        (
            "not_squared",
            "you averaged the residuals without squaring them, so misses above and below "
            "the line cancel out (chapter 1). Square each residual first.",
            lambda x, y, m, b: -float(np.mean(_residuals(x, y, m, b))),
        ),
        (
            "square_of_mean",
            "you squared the mean residual. Square each residual first, then take the mean "
            "of the squares.",
            lambda x, y, m, b: float(np.mean(_residuals(x, y, m, b))) ** 2,
        ),
        (
            "no_intercept",
            "your values match a line without intercept: predict with m * x + b, not m * x.",
            lambda x, y, m, b: mse(x, y, m, 0.0),
        ),
        (
            "swapped",
            "your values match the line b * x + m: you swapped the slope m and the intercept b.",
            lambda x, y, m, b: mse(x, y, b, m),
        ),
    ],
)


# ----------------------------------------------------------------------------------------
# mse_gradient
# ----------------------------------------------------------------------------------------


def _read_gradient(raw: object, case: tuple) -> tuple[float, float]:
    return _pair(raw, len(case[0]), ("dm", "db"))


def _gradient_partial(outputs: list, expected: list, cases: list) -> tuple[str, str] | None:
    dm_right = all(_close(o[0], e[0]) for o, e in zip(outputs, expected, strict=True))
    db_right = all(_close(o[1], e[1]) for o, e in zip(outputs, expected, strict=True))
    if dm_right:
        return "db_wrong", "your dm is right but your db is not. Check the formula for db."
    if db_right:
        return "dm_wrong", "your db is right but your dm is not. Check the formula for dm."
    return None


def _scaled_gradient(factor: float) -> Callable:
    def variant(x, y, m, b):
        dm, db = mse_gradient(x, y, m, b)
        return factor * dm, factor * db

    return variant


_MSE_GRADIENT = _Spec(
    name="mse_gradient",
    call="f(x, y, m, b) with numpy arrays x, y and numbers m, b; it returns (dm, db)",
    make_cases=lambda rng, count: [_line_case(rng) for _ in range(count)],
    read=_read_gradient,
    reference=mse_gradient,
    mistakes=[
        (
            "swapped",
            "you return the two derivatives in the wrong order: return dm first, then db.",
            lambda x, y, m, b: mse_gradient(x, y, m, b)[::-1],
        ),
        (
            "sign",
            "both derivatives have the wrong sign. The derivative of (y - (m x + b))^2 with "
            "respect to m is -2 x (y - (m x + b)): the minus comes from the inside (chain rule).",
            _scaled_gradient(-1.0),
        ),
        (
            "sign_dm",
            "dm has the wrong sign (db is right): the inner derivative of y - (m x + b) with "
            "respect to m is -x.",
            lambda x, y, m, b: (-mse_gradient(x, y, m, b)[0], mse_gradient(x, y, m, b)[1]),
        ),
        (
            "sign_db",
            "db has the wrong sign (dm is right): the inner derivative of y - (m x + b) with "
            "respect to b is -1.",
            lambda x, y, m, b: (mse_gradient(x, y, m, b)[0], -mse_gradient(x, y, m, b)[1]),
        ),
        (
            "half",
            "your derivatives are exactly half the right ones: you lost the factor 2 that the "
            "chain rule brings down from the square (the derivative of e^2 is 2e).",
            _scaled_gradient(0.5),
        ),
        (
            "twice",
            "your derivatives are exactly twice the right ones: the factor 2 from the square "
            "appears once, and the sum is divided by N (not by N/2).",
            _scaled_gradient(2.0),
        ),
        (
            "sum",
            "your derivatives are N times the right ones: you added up over the points. "
            "Divide by N (the MSE is a mean, so is its gradient).",
            lambda x, y, m, b: _scaled_gradient(len(x))(x, y, m, b),
        ),
        (
            "no_intercept",
            "your derivatives match a line without intercept: the residuals are "
            "y - (m * x + b), with b.",
            lambda x, y, m, b: mse_gradient(x, y, m, 0.0),
        ),
        (
            "db_has_x",
            "your db equals your dm: db has no factor x_i (the derivative of m x + b with "
            "respect to b is 1).",
            lambda x, y, m, b: (mse_gradient(x, y, m, b)[0],) * 2,
        ),
        (
            "dm_no_x",
            "your dm equals your db: dm needs the factor x_i inside the sum (the derivative of "
            "m x + b with respect to m is x).",
            lambda x, y, m, b: (mse_gradient(x, y, m, b)[1],) * 2,
        ),
    ],
    partial=_gradient_partial,
)


# ----------------------------------------------------------------------------------------
# step
# ----------------------------------------------------------------------------------------


def _reference_step(x, y, m, b, learning_rate) -> tuple[float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = gradient_descent(x, y, learning_rate=learning_rate, epochs=1, w=m, b=b)
    return result.m, result.b


def _step_with(gradient: Callable) -> Callable:
    """The step taken with a (wrong) gradient function."""

    def variant(x, y, m, b, learning_rate):
        dm, db = gradient(x, y, m, b)
        return m - learning_rate * dm, b - learning_rate * db

    return variant


def _sequential_step(x, y, m, b, learning_rate) -> tuple[float, float]:
    m_new = m - learning_rate * mse_gradient(x, y, m, b)[0]
    return m_new, b - learning_rate * mse_gradient(x, y, m_new, b)[1]


def _sequential_step_b_first(x, y, m, b, learning_rate) -> tuple[float, float]:
    b_new = b - learning_rate * mse_gradient(x, y, m, b)[1]
    return m - learning_rate * mse_gradient(x, y, m, b_new)[0], b_new


def _step_partial(outputs: list, expected: list, cases: list) -> tuple[str, str] | None:
    m_right = all(_close(o[0], e[0]) for o, e in zip(outputs, expected, strict=True))
    b_right = all(_close(o[1], e[1]) for o, e in zip(outputs, expected, strict=True))
    if m_right:
        return "b_wrong", "your new m is right but your new b is not. Check the update of b."
    if b_right:
        return "m_wrong", "your new b is right but your new m is not. Check the update of m."
    return None


_BAD_GRADIENT = (
    "your step has the right form, but the gradient in it is {what}. Run "
    "gdlib.checks.check_mse_gradient on your gradient function first."
)

_STEP = _Spec(
    name="step",
    call="f(x, y, m, b, learning_rate) with numpy arrays x, y and numbers m, b, "
    "learning_rate; it returns (m_new, b_new)",
    make_cases=lambda rng, count: [_step_case(rng) for _ in range(count)],
    read=lambda raw, case: _pair(raw, len(case[0]), ("m_new", "b_new")),
    reference=_reference_step,
    mistakes=[
        (
            "uphill",
            "you walked uphill: the step goes against the gradient, "
            "m_new = m - learning_rate * dm (a minus, not a plus).",
            _step_with(_scaled_gradient(-1.0)),
        ),
        (
            "no_learning_rate",
            "your step ignores the learning rate: m_new = m - learning_rate * dm, and the same "
            "for b.",
            lambda x, y, m, b, lr: _step_with(mse_gradient)(x, y, m, b, 1.0),
        ),
        (
            "returns_gradient",
            "you returned the gradient (dm, db) itself; return the new parameters "
            "m - learning_rate * dm and b - learning_rate * db.",
            lambda x, y, m, b, lr: mse_gradient(x, y, m, b),
        ),
        (
            "returns_change",
            "you returned only the change of the parameters; add it to them: "
            "m_new = m - learning_rate * dm, b_new = b - learning_rate * db.",
            lambda x, y, m, b, lr: tuple(-lr * g for g in mse_gradient(x, y, m, b)),
        ),
        (
            "returns_change",
            "you returned only the change of the parameters; add it to them: "
            "m_new = m - learning_rate * dm, b_new = b - learning_rate * db.",
            lambda x, y, m, b, lr: tuple(lr * g for g in mse_gradient(x, y, m, b)),
        ),
        (
            "swapped",
            "you return the new parameters in the wrong order: return m_new first, then b_new.",
            lambda x, y, m, b, lr: _reference_step(x, y, m, b, lr)[::-1],
        ),
        (
            "swapped_gradient",
            "you moved m with db and b with dm: m_new = m - learning_rate * dm and "
            "b_new = b - learning_rate * db.",
            _step_with(lambda x, y, m, b: mse_gradient(x, y, m, b)[::-1]),
        ),
        (
            "sequential",
            "you updated one parameter before computing the other's derivative. Compute both "
            "dm and db at the old (m, b) first, then update both.",
            _sequential_step,
        ),
        (
            "sequential",
            "you updated one parameter before computing the other's derivative. Compute both "
            "dm and db at the old (m, b) first, then update both.",
            _sequential_step_b_first,
        ),
        (
            "b_not_updated",
            "your new m is right but b did not move: update it too, "
            "b_new = b - learning_rate * db.",
            lambda x, y, m, b, lr: (_reference_step(x, y, m, b, lr)[0], b),
        ),
        (
            "m_not_updated",
            "your new b is right but m did not move: update it too, "
            "m_new = m - learning_rate * dm.",
            lambda x, y, m, b, lr: (m, _reference_step(x, y, m, b, lr)[1]),
        ),
        (
            "gradient_half",
            _BAD_GRADIENT.format(what="half the right one (the factor 2 is missing)"),
            _step_with(_scaled_gradient(0.5)),
        ),
        (
            "gradient_twice",
            _BAD_GRADIENT.format(what="twice the right one"),
            _step_with(_scaled_gradient(2.0)),
        ),
        (
            "gradient_sum",
            _BAD_GRADIENT.format(what="N times the right one (a sum instead of a mean)"),
            lambda x, y, m, b, lr: _step_with(_scaled_gradient(len(x)))(x, y, m, b, lr),
        ),
        (
            "gradient_no_intercept",
            _BAD_GRADIENT.format(what="the gradient of a line without intercept"),
            _step_with(lambda x, y, m, b: mse_gradient(x, y, m, 0.0)),
        ),
    ],
    partial=_step_partial,
)


# ----------------------------------------------------------------------------------------
# should_stop
# ----------------------------------------------------------------------------------------


def _reference_stop(dm: float, db: float, tolerance: float) -> bool:
    """gdlib's rule, as in ``gradient_descent(..., tolerance=...)``: stop when the norm <= tol."""
    return bool(np.hypot(dm, db) <= tolerance)


def _read_bool(raw: object, case: tuple) -> bool:
    if isinstance(raw, bool | np.bool_):
        return bool(raw)
    if isinstance(raw, np.ndarray) and raw.shape == () and raw.dtype == bool:
        return bool(raw)
    raise _Problem(
        "not_bool",
        f"your function returned {_describe(raw, -1)}; return True (stop) or False (go on). "
        "A comparison such as norm <= tolerance gives one.",
    )


_NORM = "Use the length of the gradient, sqrt(dm**2 + db**2)."

_SHOULD_STOP = _Spec(
    name="should_stop",
    call="f(dm, db, tolerance) with three numbers; it returns True or False",
    make_cases=_stop_cases,
    read=_read_bool,
    reference=_reference_stop,
    count_text="cases, edge cases included",
    mistakes=[
        (
            "inverted",
            "your answers are exactly the opposite: return True when it is time to stop "
            "(the gradient is short), False to keep going.",
            lambda dm, db, tol: not _reference_stop(dm, db, tol),
        ),
        (
            "strict",
            "you stop only when the gradient's length is strictly below the tolerance; the "
            "rule is 'at most': stop when sqrt(dm**2 + db**2) <= tolerance.",
            lambda dm, db, tol: bool(np.hypot(dm, db) < tol),
        ),
        (
            "squared",
            "you compared dm**2 + db**2 with the tolerance: take the square root first, so "
            "that you compare a length with the tolerance.",
            lambda dm, db, tol: dm * dm + db * db <= tol,
        ),
        (
            "l1",
            f"you compared |dm| + |db| with the tolerance. {_NORM}",
            lambda dm, db, tol: abs(dm) + abs(db) <= tol,
        ),
        (
            "each_part",
            "you stop when |dm| and |db| are each at most the tolerance, but the gradient "
            f"can be longer than the tolerance even then. {_NORM}",
            lambda dm, db, tol: max(abs(dm), abs(db)) <= tol,
        ),
        (
            "dm_only",
            f"your rule looks only at dm; the gradient has two parts. {_NORM}",
            lambda dm, db, tol: abs(dm) <= tol,
        ),
        (
            "db_only",
            f"your rule looks only at db; the gradient has two parts. {_NORM}",
            lambda dm, db, tol: abs(db) <= tol,
        ),
        (
            "no_abs",
            "a large negative derivative made your rule stop: compare sizes, not signed "
            f"values. {_NORM}",
            lambda dm, db, tol: dm <= tol and db <= tol,
        ),
        (
            "no_abs",
            "a large negative derivative made your rule stop: compare sizes, not signed "
            f"values. {_NORM}",
            lambda dm, db, tol: dm + db <= tol,
        ),
    ],
)


# ----------------------------------------------------------------------------------------
# Public checks
# ----------------------------------------------------------------------------------------

_SPECS = {spec.name: spec for spec in (_PREDICT, _MSE, _MSE_GRADIENT, _STEP, _SHOULD_STOP)}


def judge(check: str, function: object, *, cases: int = 20, seed: int | None = None) -> Verdict:
    r"""Run one self-check silently and return its :class:`Verdict` (for grading).

    Parameters
    ----------
    check : str
        Which check: ``"predict"``, ``"mse"``, ``"mse_gradient"``, ``"step"`` or
        ``"should_stop"``.
    function : callable
        The student's function.
    cases : int, default 20
        Number of random cases.
    seed : int, optional
        Seed for the random cases; ``None`` (the default) draws fresh cases every call.

    Returns
    -------
    Verdict
        True when the function passed; ``hint`` names the mistake found.

    Examples
    --------
    >>> def my_mse(x, y, m, b):
    ...     return float(np.sum((y - (m * x + b)) ** 2))
    >>> verdict = judge("mse", my_mse)
    >>> verdict
    Verdict(check='mse', passed=False, hint='sum')
    >>> bool(verdict)
    False
    """
    if check not in _SPECS:
        raise ValueError(f"check must be one of {sorted(_SPECS)}; got {check!r}.")
    return _run(_SPECS[check], function, cases, seed)


def check_predict(predict_function: object, *, cases: int = 20, seed: int | None = None) -> None:
    r"""Check your own ``predict(x, m, b)``: the line's prediction for every input.

    .. math:: \hat y_i = m x_i + b, \qquad i = 1, \dots, N

    Your function is called as ``predict_function(x, m, b)`` with a numpy array ``x`` of
    shape (N,) and numbers ``m``, ``b``, and must return the N predictions (an array of
    shape (N,), or a list). Prints one line: a pass, or a hint.

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
    of shape (N,) and numbers ``m``, ``b``, and must return one number. Prints one line:
    a pass, or a hint such as "sum instead of mean", "off by a factor of 2", "square root
    taken", "forgot the intercept", "returned an array".

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


def check_mse_gradient(
    gradient_function: object, *, cases: int = 20, seed: int | None = None
) -> None:
    r"""Check your own ``mse_gradient(x, y, m, b)``: the two partial derivatives of the MSE.

    .. math::

        \frac{\partial\,\mathrm{MSE}}{\partial m} = -\frac{2}{N} \sum_{i=1}^{N} x_i\,(y_i - (m x_i + b)),
        \qquad
        \frac{\partial\,\mathrm{MSE}}{\partial b} = -\frac{2}{N} \sum_{i=1}^{N} (y_i - (m x_i + b))

    Your function is called as ``gradient_function(x, y, m, b)`` and must return the pair
    ``(dm, db)`` of two numbers, in that order. Prints one line: a pass, or a hint such as
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


def check_step(step_function: object, *, cases: int = 20, seed: int | None = None) -> None:
    r"""Check your own ``step(x, y, m, b, learning_rate)``: one step of gradient descent.

    .. math::

        m_{\text{new}} = m - \eta\,\frac{\partial\,\mathrm{MSE}}{\partial m}(m, b), \qquad
        b_{\text{new}} = b - \eta\,\frac{\partial\,\mathrm{MSE}}{\partial b}(m, b)

    with :math:`\eta` the ``learning_rate``; both derivatives are taken at the *old*
    :math:`(m, b)`. Your function must return the pair ``(m_new, b_new)``. Prints one
    line: a pass, or a hint such as "walked uphill", "learning rate ignored", "returned
    the gradient", "updated m before computing db".

    Parameters
    ----------
    step_function : callable
        Your function.
    cases : int, default 20
        Number of random cases to try.
    seed : int, optional
        Seed for the random cases; by default every call draws fresh ones.

    Examples
    --------
    >>> def my_step(x, y, m, b, learning_rate):
    ...     dm, db = mse_gradient(x, y, m, b)  # gdlib.mse_gradient, or your own
    ...     return m - learning_rate * dm, b - learning_rate * db
    >>> check_step(my_step)
    ✔ step: passed 20 random cases.
    """
    print(judge("step", step_function, cases=cases, seed=seed).message)


def check_should_stop(
    should_stop_function: object, *, cases: int = 20, seed: int | None = None
) -> None:
    r"""Check your own stopping rule ``should_stop(dm, db, tolerance)``.

    The rule: stop when the gradient is short, that is when its length is **at most** the
    tolerance :math:`\varepsilon`,

    .. math:: \sqrt{\Bigl(\frac{\partial\,\mathrm{MSE}}{\partial m}\Bigr)^2
              + \Bigl(\frac{\partial\,\mathrm{MSE}}{\partial b}\Bigr)^2} \le \varepsilon ,

    the rule ``gdlib.gradient_descent(..., tolerance=...)`` applies. Your function is
    called with two numbers ``dm``, ``db`` (the partial derivatives) and a positive number
    ``tolerance``, and must return ``True`` (stop) or ``False`` (keep going). Besides
    ``cases`` random cases it always tries a few edge cases (a gradient exactly as long as
    the tolerance, large negative derivatives, ...). Prints one line: a pass, or a hint
    such as "compared the squared length", "used < instead of <=", "looked at dm only".

    Parameters
    ----------
    should_stop_function : callable
        Your function.
    cases : int, default 20
        Number of random cases to try, on top of the edge cases.
    seed : int, optional
        Seed for the random cases; by default every call draws fresh ones.

    Examples
    --------
    >>> def my_should_stop(dm, db, tolerance):
    ...     return (dm**2 + db**2) ** 0.5 <= tolerance
    >>> check_should_stop(my_should_stop)
    ✔ should_stop: passed 29 cases, edge cases included.
    """
    print(judge("should_stop", should_stop_function, cases=cases, seed=seed).message)
