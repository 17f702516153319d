"""Chapter 5: the stopping rule, stop when the gradient is at most the tolerance long."""

from __future__ import annotations

import math

import numpy as np

from .runner import Problem, Spec, describe, judge, register

__all__ = ["check_should_stop"]


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


def _reference_stop(dm: float, db: float, tolerance: float) -> bool:
    """gdlib's rule, as in ``gradient_descent(..., tolerance=...)``: stop when the norm <= tol."""
    return bool(np.hypot(dm, db) <= tolerance)


def _read_bool(raw: object, case: tuple) -> bool:
    if isinstance(raw, bool | np.bool_):
        return bool(raw)
    if isinstance(raw, np.ndarray) and raw.shape == () and raw.dtype == bool:
        return bool(raw)
    raise Problem(
        "not_bool",
        f"your function returned {describe(raw, -1)}; return True (stop) or False (go on). "
        "A comparison such as norm <= tolerance gives one.",
    )


_INVERTED = (
    "your test is the wrong way round: it says stop while the gradient is long. Return "
    "True when it is time to stop (the gradient is short), False to keep going."
)
_NORM = "Use the length of the gradient, sqrt(dm**2 + db**2)."

register(
    Spec(
        name="should_stop",
        call="f(dm, db, tolerance) with three numbers; it returns True or False",
        make_cases=_stop_cases,
        read=_read_bool,
        reference=_reference_stop,
        count_text="cases, edge cases included",
        mistakes=[
            (
                "inverted",
                _INVERTED,
                lambda dm, db, tol: not _reference_stop(dm, db, tol),
            ),
            (
                "inverted",
                _INVERTED,
                lambda dm, db, tol: bool(np.hypot(dm, db) >= tol),
            ),
            (
                "inverted",
                _INVERTED,
                lambda dm, db, tol: bool(np.hypot(dm, db) > tol),
            ),
            (
                "inverted",
                _INVERTED,
                lambda dm, db, tol: dm * dm + db * db >= tol,
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
)


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
