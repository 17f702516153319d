"""Chapter 4: one step of gradient descent, and the whole descent loop."""

from __future__ import annotations

import math
from collections.abc import Callable

import gdlib

from . import cases as reference
from .cases import line_case, stable_rate, step_case
from .gradient import gradient, per_point, scaled_gradient
from .runner import Problem, Spec, close, describe, judge, numbers_tuple, register

__all__ = ["check_descent_loop", "check_step"]


def step_with(wrong_gradient: Callable) -> Callable:
    """The step taken with a (wrong) gradient function."""

    def variant(x, y, m, b, learning_rate):
        dm, db = wrong_gradient(x, y, m, b)
        return m - learning_rate * dm, b - learning_rate * db

    return variant


def sequential(x, y, m, b, learning_rate, b_first: bool = False) -> tuple[float, float]:
    """The mistake: update one parameter, then compute the other's derivative there."""
    if b_first:
        b_new = b - learning_rate * gradient(x, y, m, b)[1]
        return m - learning_rate * gradient(x, y, m, b_new)[0], b_new
    m_new = m - learning_rate * gradient(x, y, m, b)[0]
    return m_new, b - learning_rate * gradient(x, y, m_new, b)[1]


def _step_partial(outputs: list, expected: list) -> tuple[str, str] | None:
    m_right = all(close(o[0], e[0]) for o, e in zip(outputs, expected, strict=True))
    b_right = all(close(o[1], e[1]) for o, e in zip(outputs, expected, strict=True))
    if m_right:
        return "b_wrong", "your new m is right but your new b is not. Check the update of b."
    if b_right:
        return "m_wrong", "your new b is right but your new m is not. Check the update of m."
    return None


_BAD_GRADIENT = (
    "your step has the right form, but the gradient in it is {what}. Run "
    "gdlib.checks.check_mse_gradient on your gradient code first."
)
_UPHILL = (
    "you walked uphill. Either the update adds the gradient (it must subtract it: "
    "m_new = m - learning_rate * dm), or your gradient has the wrong sign (check it with "
    "gdlib.checks.check_mse_gradient)."
)
_SEQUENTIAL = (
    "you updated one parameter before computing the other's derivative. Compute both dm "
    "and db at the old (m, b) first, then update both."
)
_CHANGE = (
    "you returned only the change of the parameters; add it to them: "
    "m_new = m - learning_rate * dm, b_new = b - learning_rate * db."
)

register(
    Spec(
        name="step",
        call="f(x, y, m, b, learning_rate) with numpy arrays x, y and numbers m, b, "
        "learning_rate; it returns (m_new, b_new)",
        make_cases=lambda rng, count: [step_case(rng) for _ in range(count)],
        read=lambda raw, case: numbers_tuple(raw, len(case[0]), ("m_new", "b_new")),
        reference=reference.step,
        partial=_step_partial,
        no_builtin_sum=True,
        mistakes=[
            ("uphill", _UPHILL, step_with(scaled_gradient(-1.0))),
            (
                "no_learning_rate",
                "your step ignores the learning rate: m_new = m - learning_rate * dm, and "
                "the same for b.",
                lambda x, y, m, b, lr: reference.step(x, y, m, b, 1.0),
            ),
            (
                "returns_gradient",
                "you returned the gradient (dm, db) itself; return the new parameters "
                "m - learning_rate * dm and b - learning_rate * db.",
                lambda x, y, m, b, lr: gradient(x, y, m, b),
            ),
            ("returns_change", _CHANGE, lambda x, y, m, b, lr: scaled_gradient(-lr)(x, y, m, b)),
            ("returns_change", _CHANGE, lambda x, y, m, b, lr: scaled_gradient(lr)(x, y, m, b)),
            (
                "swapped",
                "you return the new parameters in the wrong order: return m_new first, then b_new.",
                lambda x, y, m, b, lr: reference.step(x, y, m, b, lr)[::-1],
            ),
            (
                "swapped_gradient",
                "you moved m with db and b with dm: m_new = m - learning_rate * dm and "
                "b_new = b - learning_rate * db.",
                step_with(lambda x, y, m, b: gradient(x, y, m, b)[::-1]),
            ),
            ("sequential", _SEQUENTIAL, sequential),
            (
                "sequential",
                _SEQUENTIAL,
                lambda x, y, m, b, lr: sequential(x, y, m, b, lr, b_first=True),
            ),
            (
                "b_not_updated",
                "your new m is right but b did not move: update it too, "
                "b_new = b - learning_rate * db.",
                lambda x, y, m, b, lr: (reference.step(x, y, m, b, lr)[0], b),
            ),
            (
                "m_not_updated",
                "your new b is right but m did not move: update it too, "
                "m_new = m - learning_rate * dm.",
                lambda x, y, m, b, lr: (m, reference.step(x, y, m, b, lr)[1]),
            ),
            (
                "gradient_half",
                _BAD_GRADIENT.format(what="half the right one (the factor 2 is missing)"),
                step_with(scaled_gradient(0.5)),
            ),
            (
                "gradient_twice",
                _BAD_GRADIENT.format(what="twice the right one"),
                step_with(scaled_gradient(2.0)),
            ),
            (
                "gradient_sum",
                _BAD_GRADIENT.format(what="N times the right one (a sum instead of a mean)"),
                step_with(per_point(lambda n: n)),
            ),
            (
                "gradient_divided_twice",
                _BAD_GRADIENT.format(what="the right one divided by N twice"),
                step_with(per_point(lambda n: 1 / n)),
            ),
            (
                "gradient_residual_sign",
                _BAD_GRADIENT.format(
                    what="that of the line m * x - b: a sign slipped inside the residual "
                    "(y - m * x + b is not y - (m * x + b))"
                ),
                step_with(lambda x, y, m, b: gradient(x, y, m, -b)),
            ),
            (
                "gradient_no_intercept",
                _BAD_GRADIENT.format(what="the gradient of a line without intercept"),
                step_with(lambda x, y, m, b: gradient(x, y, m, 0.0)),
            ),
        ],
    )
)


# ----------------------------------------------------------------------------------------
# The descent loop
# ----------------------------------------------------------------------------------------


def _loop_case(rng):
    x, y, _, _ = line_case(rng)
    return x, y, stable_rate(rng, x), int(rng.integers(1, 13))


def _loop(x, y, learning_rate, epochs, one_step: Callable) -> tuple[float, float, float]:
    """A loop of wrong steps from m = b = 0, with the cost at the point it returns."""
    m = b = 0.0
    for _ in range(epochs):
        m, b = one_step(x, y, m, b, learning_rate)
    return m, b, float(gdlib.mse(x, y, m, b))


def _descent(x, y, learning_rate, epochs) -> tuple[float, float, float]:
    return reference.descent(x, y, 0.0, 0.0, learning_rate, epochs)


def _cost_before_last_update(x, y, learning_rate, epochs):
    m, b, _ = _descent(x, y, learning_rate, epochs)
    return m, b, _descent(x, y, learning_rate, epochs - 1)[2]


def _with_cost(transform: Callable) -> Callable:
    def variant(x, y, learning_rate, epochs):
        m, b, cost = _descent(x, y, learning_rate, epochs)
        return m, b, transform(cost, len(x))

    return variant


def _read_loop(raw: object, case: tuple) -> tuple[float, float, float]:
    n = len(case[0])
    if isinstance(raw, list | tuple) and len(raw) == 2:
        raise Problem(
            "no_cost",
            f"your function returned {describe(raw, n)}, only (m, b); return the cost of the "
            "final line too: return m, b, cost",
        )
    return numbers_tuple(raw, n, ("m", "b", "cost"))


def _loop_partial(outputs: list, expected: list) -> tuple[str, str] | None:
    if all(close(o[:2], e[:2]) for o, e in zip(outputs, expected, strict=True)):
        return "cost_wrong", (
            "your m and b are right but your cost is not: it is the MSE of the line you return."
        )
    return None


register(
    Spec(
        name="descent_loop",
        call="f(x, y, learning_rate, epochs) with numpy arrays x, y, a number learning_rate "
        "and an int epochs; it returns (m, b, cost)",
        make_cases=lambda rng, count: [_loop_case(rng) for _ in range(count)],
        read=_read_loop,
        reference=_descent,
        partial=_loop_partial,
        mistakes=[
            (
                "cost_before_update",
                "your m and b are right, but your cost belongs to the line before the last "
                "update. Either you compute it before the update (the post's quirk), or after "
                "it but from predictions made before it: predict again with the new m and b.",
                _cost_before_last_update,
            ),
            ("sequential", _SEQUENTIAL, lambda x, y, lr, e: _loop(x, y, lr, e, sequential)),
            (
                "sequential",
                _SEQUENTIAL,
                lambda x, y, lr, e: _loop(x, y, lr, e, lambda *a: sequential(*a, b_first=True)),
            ),
            (
                "uphill",
                _UPHILL,
                lambda x, y, lr, e: _loop(x, y, lr, e, step_with(scaled_gradient(-1.0))),
            ),
            (
                "gradient_sum",
                "your steps use N times the right gradient (a sum instead of a mean): divide "
                "the sums by N.",
                lambda x, y, lr, e: _loop(x, y, lr, e, step_with(per_point(lambda n: n))),
            ),
            (
                "too_few",
                "your loop takes one update too few: it must update m and b exactly epochs times.",
                lambda x, y, lr, e: _descent(x, y, lr, e - 1),
            ),
            (
                "too_many",
                "your loop takes one update too many: it must update m and b exactly epochs times.",
                lambda x, y, lr, e: _descent(x, y, lr, e + 1),
            ),
            (
                "cost_sum",
                "your m and b are right, but your cost is N times the MSE: divide the sum of "
                "squares by N.",
                _with_cost(lambda cost, n: n * cost),
            ),
            (
                "cost_root",
                "your m and b are right, but your cost is the square root of the MSE (the "
                "RMSE): leave out the square root.",
                _with_cost(lambda cost, n: math.sqrt(cost)),
            ),
        ],
    )
)


def check_step(step_function: object, *, cases: int = 20, seed: int | None = None) -> None:
    r"""Check your own ``step(x, y, m, b, learning_rate)``: one step of gradient descent.

    .. math::

        m_{\text{new}} = m - \eta\,\frac{\partial\,\mathrm{MSE}}{\partial m}(m, b), \qquad
        b_{\text{new}} = b - \eta\,\frac{\partial\,\mathrm{MSE}}{\partial b}(m, b)

    with :math:`\eta` the ``learning_rate``; both derivatives are taken at the *old*
    :math:`(m, b)`. Your function must return the pair ``(m_new, b_new)``. As the exercise
    in chapter 4 asks, the sums must be numpy's (``np.sum`` or ``.sum()``): right numbers
    computed with Python's builtin ``sum`` get the hint ``"builtin_sum"``, and calling gdlib's
    own functions gets no credit. Prints one line: a pass, or a hint such as "walked
    uphill" (naming both causes: a plus in the update, or a gradient with the wrong sign),
    "learning rate ignored", "returned the gradient", "updated m before computing db",
    "divided by N twice", "a sign slipped inside the residual".

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
    >>> import numpy as np
    >>> def my_step(x, y, m, b, learning_rate):
    ...     residual = y - (m * x + b)
    ...     dm, db = -2 * np.mean(x * residual), -2 * np.mean(residual)
    ...     return m - learning_rate * dm, b - learning_rate * db
    >>> check_step(my_step)
    ✔ step: passed 20 random cases.
    """
    print(judge("step", step_function, cases=cases, seed=seed).message)


def check_descent_loop(loop_function: object, *, cases: int = 20, seed: int | None = None) -> None:
    r"""Check your own ``descent_loop(x, y, learning_rate, epochs)``: the whole descent.

    Start at :math:`m = b = 0` and take ``epochs`` full-batch steps, each with both partial
    derivatives at the old :math:`(m, b)` (as :func:`check_step`), then return
    ``(m, b, cost)`` with ``cost`` the MSE **of the returned line**,
    :math:`\mathrm{MSE}(m, b)`, the same as ``gdlib.gradient_descent(x, y, learning_rate,
    epochs).cost``. Python's builtin ``sum`` is allowed (the post's loop uses it); calling
    gdlib's own functions is not. The cases use 1 to 12 epochs. Prints one line: a pass, or a
    hint such as "the cost belongs to the line before the last update", "one update too
    few", "updated m before computing db", "returned only (m, b)".

    Parameters
    ----------
    loop_function : callable
        Your function.
    cases : int, default 20
        Number of random cases to try.
    seed : int, optional
        Seed for the random cases; by default every call draws fresh ones.

    Examples
    --------
    >>> import numpy as np
    >>> def my_loop(x, y, learning_rate, epochs):
    ...     m = b = 0.0
    ...     for _ in range(epochs):
    ...         residual = y - (m * x + b)
    ...         dm, db = -2 * np.mean(x * residual), -2 * np.mean(residual)
    ...         m, b = m - learning_rate * dm, b - learning_rate * db
    ...     return m, b, np.mean((y - (m * x + b)) ** 2)
    >>> check_descent_loop(my_loop)
    ✔ descent_loop: passed 20 random cases.
    """
    print(judge("descent_loop", loop_function, cases=cases, seed=seed).message)
