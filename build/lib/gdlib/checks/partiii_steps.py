r"""Part III: one RMSProp step (chapter 16) and one Newton step for logistic regression (chapter 17).

RMSProp, in gdlib's convention (``gdlib.rmsprop_descent``, ``decay`` is :math:`\beta_2`):

.. math::

    \mathbf s \leftarrow \beta_2\,\mathbf s + (1 - \beta_2)\,\mathbf g^2, \qquad
    \boldsymbol\theta \leftarrow \boldsymbol\theta - \eta\,\frac{\mathbf g}{\sqrt{\mathbf s} + \epsilon}

(the new :math:`\mathbf s` divides the gradient). Newton's step on the mean cross-entropy
(``gdlib.newton_descent(..., loss="cross_entropy")``), with :math:`A = [X\;\;\mathbf 1]` and
:math:`\mathbf p = \sigma(X\mathbf w + b)`:

.. math::

    \mathbf g = \frac1N A^\top(\mathbf p - \mathbf y), \qquad
    H = \frac1N A^\top \operatorname{diag}\bigl(p_i(1 - p_i)\bigr) A, \qquad
    (\mathbf w, b) \leftarrow (\mathbf w, b) - H^{-1}\mathbf g .
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import gdlib

from .runner import Problem, Spec, close, describe, judge, number, register, shape_text

__all__ = ["check_newton_step", "check_rmsprop_step"]


def _vector(value: object, k: int, what: str) -> np.ndarray:
    """``value`` as a float array of shape (k,), or raise ``Problem``."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Problem(
            "not_number", f"your function returned {describe(value, -1)} for {what}, not numbers."
        ) from None
    if array.shape != (k,):
        raise Problem(
            "shape",
            f"your {what} has shape {shape_text(array.shape, -1)}; it should have shape "
            f"({k},), one value per parameter, like the {what} it was given.",
        )
    return array


# ----------------------------------------------------------------------------------------
# RMSProp
# ----------------------------------------------------------------------------------------


def _rmsprop_case(rng: np.random.Generator):
    """(theta, g, s, learning_rate, beta2, epsilon): coordinates on different scales, and a
    running mean s that is neither 0 nor the new g**2 (so every mistake shows)."""
    k = int(rng.integers(2, 6))
    scales = 10.0 ** rng.uniform(-2.0, 1.0, size=k)
    g = scales * rng.choice([-1.0, 1.0], size=k) * rng.uniform(0.3, 2.0, size=k)
    s = (scales * rng.uniform(0.3, 3.0, size=k)) ** 2
    theta = rng.normal(0.0, 3.0, size=k)
    return theta, g, s, float(rng.uniform(0.01, 0.5)), float(rng.uniform(0.5, 0.99)), 1e-8


def rmsprop_step(rule: str = "gdlib") -> Callable:
    """One RMSProp step; ``rule`` names a mistake ("gdlib" is the right step). With ``s = 0``
    it is the step of ``gdlib.rmsprop_descent`` (tests/test_checks_partiii.py checks it)."""

    def step(theta, g, s, learning_rate, beta2, epsilon):
        if rule == "adagrad":
            new_s = s + g**2
        elif rule == "no_one_minus":
            new_s = beta2 * s + g**2
        else:
            new_s = beta2 * s + (1 - beta2) * g**2
        root = {"no_sqrt": new_s, "old_s": np.sqrt(s)}.get(rule, np.sqrt(new_s))
        sign = -1.0 if rule == "uphill" else 1.0
        return theta - sign * learning_rate * g / (root + epsilon), new_s

    return step


def _read_rmsprop(raw: object, case: tuple) -> tuple[np.ndarray, np.ndarray]:
    k = len(case[0])
    if isinstance(raw, np.ndarray):
        raise Problem(
            "no_s",
            "your function returned one array; return the new running mean s too, the next "
            "step needs it: return theta, s",
        )
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        raise Problem("not_pair", f"your function returned {describe(raw, -1)}; return theta, s")
    return _vector(raw[0], k, "theta"), _vector(raw[1], k, "s")


def _partial_rmsprop(outputs: list, expected: list) -> tuple[str, str] | None:
    pairs = list(zip(outputs, expected, strict=True))
    if all(close(o[1], e[1]) for o, e in pairs):
        return "theta_wrong", (
            "your new s is right but the new theta is not: subtract learning_rate * g "
            "divided by (the square root of the new s, plus epsilon)."
        )
    if all(close(o[0], e[0]) for o, e in pairs):
        return "s_wrong", (
            "your new theta is right but the s you return is not: return the running mean "
            "you divided by."
        )
    return None


register(
    Spec(
        name="rmsprop_step",
        call="f(theta, g, s, learning_rate, beta2, epsilon) with numpy arrays theta, g, s "
        "and numbers; it returns (theta, s)",
        make_cases=lambda rng, count: [_rmsprop_case(rng) for _ in range(count)],
        read=_read_rmsprop,
        reference=rmsprop_step(),
        partial=_partial_rmsprop,
        mistakes=[
            (
                "no_one_minus_beta2",
                "your running mean adds the whole new g**2: weight it by 1 - beta2, so that "
                "s = beta2 * s + (1 - beta2) * g**2 is an average.",
                rmsprop_step("no_one_minus"),
            ),
            (
                "adagrad_sum",
                "you added g**2 to s without forgetting: that is AdaGrad's sum. RMSProp "
                "keeps an average, s = beta2 * s + (1 - beta2) * g**2.",
                rmsprop_step("adagrad"),
            ),
            (
                "no_sqrt",
                "you divided the gradient by s itself: divide by its square root, "
                "np.sqrt(s) + epsilon (s is a mean of squares).",
                rmsprop_step("no_sqrt"),
            ),
            (
                "old_s",
                "you divided by the old s: update s with the new gradient first, then "
                "divide by the square root of the new s.",
                rmsprop_step("old_s"),
            ),
            (
                "uphill",
                "you walked uphill: the step adds the gradient; subtract learning_rate * g "
                "/ (np.sqrt(s) + epsilon).",
                rmsprop_step("uphill"),
            ),
            (
                "swapped",
                "you return the two arrays in the wrong order: return theta first, then s.",
                lambda *case: rmsprop_step()(*case)[::-1],
            ),
        ],
    )
)


def check_rmsprop_step(
    rmsprop_step_function: object, *, cases: int = 20, seed: int | None = None
) -> None:
    r"""Check your own ``rmsprop_step(theta, g, s, learning_rate, beta2, epsilon)`` (chapter 16).

    .. math::

        \mathbf s \leftarrow \beta_2\,\mathbf s + (1 - \beta_2)\,\mathbf g^2, \qquad
        \boldsymbol\theta \leftarrow \boldsymbol\theta - \eta\,\frac{\mathbf g}{\sqrt{\mathbf s} + \epsilon}

    coordinate by coordinate, with the **new** :math:`\mathbf s` in the division (gdlib's
    ``rmsprop_descent``, whose ``decay`` is :math:`\beta_2`). ``theta``, ``g`` and ``s``
    are numpy arrays of the same shape (k,); return ``(theta, s)``, both new. The cases
    start from a non-zero ``s``. Calling gdlib's own functions gets no credit. Prints one
    line: a pass, or a hint such as "missing 1 - beta2", "forgot the square root", "divided
    by the old s", "AdaGrad's sum", "walked uphill".

    Parameters
    ----------
    rmsprop_step_function : callable
        Your function.
    cases : int, default 20
        Number of random cases to try.
    seed : int, optional
        Seed for the random cases; by default every call draws fresh ones.

    Examples
    --------
    >>> import numpy as np
    >>> def my_rmsprop_step(theta, g, s, learning_rate, beta2, epsilon):
    ...     s = beta2 * s + (1 - beta2) * g**2
    ...     return theta - learning_rate * g / (np.sqrt(s) + epsilon), s
    >>> check_rmsprop_step(my_rmsprop_step)
    ✔ rmsprop_step: passed 20 random cases.
    """
    print(judge("rmsprop_step", rmsprop_step_function, cases=cases, seed=seed).message)


# ----------------------------------------------------------------------------------------
# Newton for logistic regression
# ----------------------------------------------------------------------------------------


def _newton_case(rng: np.random.Generator):
    """(X, y, w, b): k = 1 to 3 features on different scales, labels from a logistic model
    (both classes present, not separable), and a start (w, b) away from zero."""
    n, k = int(rng.integers(15, 40)), int(rng.integers(1, 4))
    X = rng.normal(size=(n, k)) * 10.0 ** rng.uniform(-0.5, 0.5, size=k) + rng.uniform(-1, 1, k)
    z = X @ rng.normal(size=k) + rng.normal()
    y = (rng.uniform(size=n) < 1.0 / (1.0 + np.exp(-z))).astype(float)
    y[:4] = (0.0, 1.0, 0.0, 1.0)
    w = rng.choice([-1.0, 1.0], size=k) * rng.uniform(0.2, 1.0, size=k)
    return X, y, w, float(rng.choice([-1.0, 1.0]) * rng.uniform(0.2, 1.0))


def _newton(X, y, w, b) -> tuple[np.ndarray, float]:
    """gdlib's answer: one step of ``gdlib.newton_descent`` on the cross-entropy."""
    result = gdlib.newton_descent(X, y, 1, loss="cross_entropy", w=w, b=b)
    return np.asarray(result.w), float(result.b)


def newton_step(mistake: str | None = None) -> Callable:
    """A Newton step on the cross-entropy written out, with one ``mistake`` (or none)."""

    def step(X, y, w, b):
        n = len(y)
        A = X if mistake == "no_intercept" else np.column_stack([X, np.ones(n)])
        theta = w if mistake == "no_intercept" else np.append(w, b)
        p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
        g = A.T @ (p - y) / (1.0 if mistake == "gradient_sum" else n)
        weights = np.ones(n) if mistake == "no_weighting" else p * (1 - p)
        H = (A.T * weights) @ A / (1.0 if mistake == "hessian_sum" else n)
        delta = {"gradient_step": g, "hessian_times": H @ g}.get(mistake)
        if delta is None:
            delta = np.linalg.solve(H, g)
        theta = theta + delta if mistake == "uphill" else theta - delta
        if mistake == "no_intercept":
            return theta, float(b)
        return theta[:-1], float(theta[-1])

    return step


def _read_newton(raw: object, case: tuple) -> tuple[np.ndarray, float]:
    n, k = case[0].shape
    if isinstance(raw, np.ndarray):
        raise Problem(
            "not_pair",
            f"your function returned {describe(raw, n)}; return the weights and the "
            "intercept separately: return w, b",
        )
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        raise Problem("not_pair", f"your function returned {describe(raw, n)}; return w, b")
    return _vector(raw[0], k, "w"), number(raw[1], n, "b")


_N_HINT = (
    "your step is {} times the right one: the gradient and the Hessian are both means "
    "over the points, so divide both by N (or neither: the N then cancels)."
)

register(
    Spec(
        name="newton_step",
        call="f(X, y, w, b) with numpy arrays X (N, k), y (labels 0/1), w (k,) and a number "
        "b; it returns (w, b)",
        make_cases=lambda rng, count: [_newton_case(rng) for _ in range(count)],
        read=_read_newton,
        reference=_newton,
        mistakes=[
            ("missing_1_over_n", _N_HINT.format("N"), newton_step("gradient_sum")),
            ("missing_1_over_n", _N_HINT.format("1/N"), newton_step("hessian_sum")),
            (
                "no_weighting",
                "your Hessian is the MSE's A^T A / N: the cross-entropy bends differently at "
                "each point; differentiate the gradient once more and weigh each row by what "
                "you get.",
                newton_step("no_weighting"),
            ),
            (
                "no_intercept_column",
                "your step leaves the intercept out: use A = [X 1] (a column of ones after "
                "the features) in the gradient and the Hessian, and update b with the last "
                "entry of the step.",
                newton_step("no_intercept"),
            ),
            (
                "uphill",
                "you walked uphill: the step subtracts H^-1 g from (w, b).",
                newton_step("uphill"),
            ),
            (
                "gradient_step",
                "you took a plain gradient step: Newton's step solves H delta = g and "
                "subtracts delta (np.linalg.solve(H, g)).",
                newton_step("gradient_step"),
            ),
            (
                "hessian_times",
                "you multiplied the gradient by the Hessian: Newton divides by it, "
                "delta = np.linalg.solve(H, g).",
                newton_step("hessian_times"),
            ),
        ],
    )
)


def check_newton_step(
    newton_step_function: object, *, cases: int = 20, seed: int | None = None
) -> None:
    r"""Check your own ``newton_step(X, y, w, b)`` for logistic regression (chapter 17).

    With :math:`A = [X\;\;\mathbf 1]` and :math:`\mathbf p = \sigma(X\mathbf w + b)`,

    .. math::

        \mathbf g = \frac1N A^\top(\mathbf p - \mathbf y), \qquad
        H = \frac1N A^\top\operatorname{diag}\bigl(p_i(1 - p_i)\bigr)A, \qquad
        (\mathbf w, b) \leftarrow (\mathbf w, b) - H^{-1}\mathbf g,

    one step of ``gdlib.newton_descent(X, y, 1, loss="cross_entropy", w=w, b=b)``. ``X`` has
    shape (N, k), ``y`` holds labels 0 and 1, ``w`` has shape (k,); return ``(w, b)``, both
    new. Calling gdlib's own functions (``gdlib.sigmoid`` too) gets no credit: write the
    sigmoid with numpy. Prints one line: a pass, or a hint such as "missing 1/N", "missing
    the weights p(1 - p)", "no intercept column", "walked uphill".

    Parameters
    ----------
    newton_step_function : callable
        Your function.
    cases : int, default 20
        Number of random cases to try.
    seed : int, optional
        Seed for the random cases; by default every call draws fresh ones.

    Examples
    --------
    >>> import numpy as np
    >>> def my_newton_step(X, y, w, b):
    ...     A = np.column_stack([X, np.ones(len(X))])
    ...     p = 1 / (1 + np.exp(-(X @ w + b)))
    ...     g = A.T @ (p - y) / len(X)
    ...     H = (A.T * (p * (1 - p))) @ A / len(X)
    ...     delta = np.linalg.solve(H, g)
    ...     return w - delta[:-1], b - delta[-1]
    >>> check_newton_step(my_newton_step)
    ✔ newton_step: passed 20 random cases.
    """
    print(judge("newton_step", newton_step_function, cases=cases, seed=seed).message)
